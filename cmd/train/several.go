package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn/metrics"
	"github.com/gradlab/gradlab/nn/model"
	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/tensor"
)

// Several label columns, -label a,b,c: a multi-label problem of K labels,
// each 0 or 1, learnt by a network of K sigmoid outputs. The cost sums the
// K·m terms over m (package losses); accuracies are label accuracies,
// the fraction of the K·m decisions that are right, beside the exact
// match, the fraction of examples whose K decisions are all right; the
// metrics are per label.

// checkSeveral reads -label as K > 1 label columns, and refuses the flags
// that mean one label column.
func (o *options) checkSeveral() error {
	if !strings.Contains(o.label, ",") {
		return nil
	}
	names := strings.Split(o.label, ",")
	for i, n := range names {
		names[i] = strings.TrimSpace(n)
		switch {
		case names[i] == "":
			return fmt.Errorf("-label %q: column %d has no name", o.label, i+1)
		case slices.Contains(names[:i], names[i]):
			return fmt.Errorf("-label %q: column %q is named twice", o.label, names[i])
		}
	}
	k := len(names)
	switch {
	case o.stratify:
		return fmt.Errorf("-stratify keeps the classes of one label column; with %d it does not apply", k)
	case o.decision.positive != "":
		return fmt.Errorf("-positive names a class of one label column; %d label columns hold 0 and 1 each", k)
	case o.serve:
		return fmt.Errorf("-serve trains one label column; -label names %d", k)
	case o.plot != "":
		return fmt.Errorf("-plot draws the decision boundary of one label column; -label names %d", k)
	case o.sweep != nil:
		return fmt.Errorf("-sweep compares the accuracy of one label column; -label names %d", k)
	case o.valCSV != "":
		return fmt.Errorf("-val-csv reads one label column; with %d, hold out a validation part with -val-split", k)
	case o.loss == "dot":
		return fmt.Errorf("-loss dot with %d label columns: %s", k, &losses.CrossTermsError{K: k})
	}
	o.several = names
	return nil
}

// readSeveral reads the -csv of several label columns.
func readSeveral(ctx context.Context, o *options) (*datasets.Set, error) {
	set, err := readCSV(ctx, o.csv, o.table.options(datasets.CSVOptions{NoLabels: true, Weight: o.weighting.column}))
	if err != nil {
		return nil, err
	}
	if set, err = set.WithLabelColumns(o.several); err != nil {
		return nil, fmt.Errorf("-label: %w", err)
	}
	return set, nil
}

// outputs is the number of label columns, K.
func (d *data) outputs() int { return max(len(d.labelColumns), 1) }

// labelsJSON is one part's scores per label in the -json report of
// several label columns.
type labelsJSON struct {
	Accuracy   float64            `json:"label_accuracy"` // of the K·m decisions
	ExactMatch float64            `json:"exact_match"`    // of the m examples
	Labels     []labelMetricsJSON `json:"labels"`
}

type labelMetricsJSON struct {
	Label string `json:"label"`
	*metricsJSON
}

// scoreLabels measures each output of m on x against the rows of y.
func scoreLabels(m *model.Model, x, y *tensor.Dense, columns []string, threshold float64) (*labelsJSON, error) {
	p, err := m.Probabilities(x)
	if err != nil {
		return nil, err
	}
	return labelScores(p.Float64s(), y.Float64s(), x.Shape()[1], columns, threshold)
}

// labelScores measures the probabilities p against the labels y, both
// row-major (K, n).
func labelScores(p, y []float64, n int, columns []string, threshold float64) (*labelsJSON, error) {
	j := &labelsJSON{}
	right := make([]int, n) // decisions right, per example
	for k, col := range columns {
		met, err := metrics.EvaluateAt(p[k*n:(k+1)*n], y[k*n:(k+1)*n], threshold)
		if err != nil {
			return nil, fmt.Errorf("label %s: %w", col, err)
		}
		j.Labels = append(j.Labels, labelMetricsJSON{col, newMetricsJSON(met, [2]string{"0", "1"})})
		j.Accuracy += met.Accuracy / float64(len(columns))
		for i := range n {
			if (p[k*n+i] > threshold) == (y[k*n+i] == 1) {
				right[i]++
			}
		}
	}
	for _, r := range right {
		if r == len(columns) {
			j.ExactMatch++
		}
	}
	j.ExactMatch /= float64(n)
	return j, nil
}

// evaluateLabels is evaluate for several label columns.
func (s *session) evaluateLabels(res *train.Result) error {
	d := s.data
	threshold := res.Model.Threshold()
	for _, part := range []struct {
		x, y *tensor.Dense
		dst  **labelsJSON
		acc  **float64
	}{{d.rawTrainX, d.trainY, &s.report.TrainLabels, nil}, {d.rawValX, d.valY, &s.report.ValidationLabels, &s.report.ValidationAccuracy},
		{d.rawTestX, d.testY, &s.report.TestLabels, &s.report.TestAccuracy}} {
		if part.x == nil {
			continue
		}
		j, err := scoreLabels(res.Model, part.x, part.y, d.labelColumns, threshold)
		if err != nil {
			return err
		}
		*part.dst = j
		if part.acc != nil {
			*part.acc = &j.Accuracy
		}
	}
	s.report.TrainAccuracy = s.report.TrainLabels.Accuracy
	return nil
}

// printLabelAccuracy is printAccuracy for several label columns.
func (s *session) printLabelAccuracy() {
	r := s.report
	for _, part := range []struct {
		name string
		j    *labelsJSON
	}{{"Train", r.TrainLabels}, {"Validation", r.ValidationLabels}, {"Test", r.TestLabels}} {
		if part.j != nil {
			fmt.Fprintf(s.stdout, "%s label accuracy: %.2f%% over %d labels, exact match %.2f%%\n",
				part.name, 100*part.j.Accuracy, len(part.j.Labels), 100*part.j.ExactMatch)
		}
	}
	if s.o.quiet {
		return
	}
	for _, part := range []struct {
		name string
		j    *labelsJSON
	}{{"Train", r.TrainLabels}, {"Validation", r.ValidationLabels}, {"Test", r.TestLabels}} {
		if part.j != nil {
			printLabelMetrics(s.stdout, part.name, part.j)
		}
	}
}

func printLabelMetrics(w io.Writer, part string, j *labelsJSON) {
	for _, l := range j.Labels {
		fmt.Fprintf(w, "%s %s: accuracy %.2f%%\n", part, l.Label, 100*l.Accuracy)
		printMetrics(w, part+" "+l.Label, l.metricsJSON)
	}
}

// dotForm names compare mode's dot form for k label rows: the trace for
// several.
func dotForm(k int) string {
	if k > 1 {
		return "trace"
	}
	return "dot"
}

// printCompareRows prints compare mode's line for several label rows: the
// dot form is its trace, and np.sum of its (K,K) matrix adds the cross
// terms.
func printCompareRows(w io.Writer, c *train.Comparison, k int) {
	fmt.Fprintf(w, "  trace %.12f  mulsum %.12f  |Δcost| %.3g  max |Δgrad| %.3g\n",
		c.CostDot, c.CostMulSum, c.CostDiff, c.MaxGradDiff)
	fmt.Fprintf(w, "  naive sum(dot) %.12f: np.sum of the (%d,%d) matrix adds its %d cross terms; only its trace is the cost\n",
		c.NaiveDot, k, k, k*k-k)
}

// predictSeveral is predict for a model of several outputs: one
// probability and one prediction column per label, and metrics per label
// when the CSV holds the label columns.
func predictSeveral(ctx context.Context, o *options, m *model.Model, stdout, stderr io.Writer) error {
	k := m.Outputs()
	columns := m.Meta.LabelColumns
	switch {
	case o.several != nil:
		columns = o.several
	case o.label != "":
		return usagef("-label names 1 label column; the model has %d outputs: name %d, comma-separated", k, k)
	}
	if columns == nil {
		for r := range k {
			columns = append(columns, "y"+strconv.Itoa(r+1))
		}
	}
	if len(columns) != k {
		return usagef("-label names %d label columns; the model has %d output%s", len(columns), k, map[bool]string{true: "s"}[k != 1])
	}
	x, y, name, err := readForOutputs(ctx, o, m, columns)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	probs, err := m.Probabilities(x)
	if err != nil {
		return err
	}
	threshold := o.decision.thresholdFor(m)
	n := x.Shape()[1]
	write := func(w io.Writer) error { return writeLabelPredictions(w, probs.Float64s(), n, columns, threshold) }
	report := stdout
	if o.out == "" {
		report = stderr
		err = write(stdout)
	} else {
		err = writeOutput(ctx, stdout, "-out", o.out, write)
	}
	if err != nil || y == nil {
		return err
	}
	j, err := labelScores(probs.Float64s(), y.Float64s(), n, columns, threshold)
	if err != nil {
		return err
	}
	if o.json {
		enc := json.NewEncoder(report)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Model   string      `json:"model"`
			Data    string      `json:"data"`
			Metrics *labelsJSON `json:"label_metrics"`
		}{o.load, name, j})
	}
	fmt.Fprintf(report, "Label accuracy: %.2f%% over %d labels, exact match %.2f%%\n", 100*j.Accuracy, k, 100*j.ExactMatch)
	if !o.quiet {
		printLabelMetrics(report, "Predictions", j)
	}
	return nil
}

// readForOutputs reads the -predict CSV of a model of several outputs:
// its features by name, and the label columns when every one is there. A
// file without a header holds the features alone, in the model's order
// (x1, x2, …). A column of sample weights, the model's or -weight-column,
// is left out.
func readForOutputs(ctx context.Context, o *options, m *model.Model, columns []string) (x, y *tensor.Dense, name string, err error) {
	set, err := readCSV(ctx, o.predict, o.table.options(datasets.CSVOptions{NoLabels: true}))
	if err != nil {
		return nil, nil, "", err
	}
	names := featureNames(set)
	if !slices.ContainsFunc(columns, func(c string) bool { return !slices.Contains(names, c) }) {
		if set, err = set.WithLabelColumns(columns); err != nil {
			return nil, nil, "", err
		}
		names, y = featureNames(set), set.Y
	}
	want := m.Meta.Features
	if want == nil {
		for i := range m.Net.Sizes()[0] {
			want = append(want, "x"+strconv.Itoa(i+1))
		}
	}
	weight := o.weighting.column
	if weight == "" {
		weight = m.Meta.WeightColumn
	}
	for _, n := range names {
		if !slices.Contains(want, n) && n != weight {
			return nil, nil, "", fmt.Errorf("%s: column %q is neither a feature of the model (%s) nor one of its label columns (%s)",
				o.predict, n, strings.Join(want, ", "), strings.Join(columns, ", "))
		}
	}
	cols := set.Examples()
	xs, all := make([]float64, 0, len(want)*cols), set.X.Float64s()
	for _, f := range want {
		i := slices.Index(names, f)
		if i < 0 {
			return nil, nil, "", fmt.Errorf("%s: no column %q: the model takes the features %s", o.predict, f, strings.Join(want, ", "))
		}
		xs = append(xs, all[i*cols:(i+1)*cols]...)
	}
	return tensor.New(tensor.WithShape(len(want), cols), tensor.WithBacking(xs)), y, set.Name, nil
}

// writeLabelPredictions writes, for each label, its probability and its
// predicted 0 or 1 at threshold: columns probability_<label> and
// prediction_<label>, as one label's probability_<class 1> and
// prediction.
func writeLabelPredictions(w io.Writer, probs []float64, n int, columns []string, threshold float64) error {
	cw := csv.NewWriter(w)
	header := make([]string, 0, 2*len(columns))
	for _, c := range columns {
		header = append(header, "probability_"+c, "prediction_"+c)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, len(header))
	for i := range n {
		for k := range columns {
			p := probs[k*n+i]
			row[2*k] = strconv.FormatFloat(p, 'g', -1, 64)
			row[2*k+1] = "0"
			if p > threshold {
				row[2*k+1] = "1"
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
