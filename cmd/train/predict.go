package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/nn/metrics"
	"github.com/gradlab/gradlab/nn/model"
)

// predict runs a saved model on a CSV and writes its predictions: the
// probability of label 1 and the predicted label, with the label names the
// model was trained with. When the CSV has labels, it reports the metrics
// too: on standard output when the predictions go to a file (-out), on
// standard error when they take standard output.
func predict(ctx context.Context, o *options, stdout, stderr io.Writer) error {
	m, err := model.Load(o.load)
	if err != nil {
		return err
	}
	if m.Outputs() > 1 || o.several != nil {
		return predictSeveral(ctx, o, m, stdout, stderr)
	}
	set, err := readForModel(ctx, o, m.Net.Sizes()[0], m.Meta)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	probs, err := m.Predict(set.X) // standardized by the model, as it was trained
	if err != nil {
		return err
	}
	names, threshold := labelNames(m.Meta), o.decision.thresholdFor(m)
	write := func(w io.Writer) error { return writePredictions(w, probs, names, threshold) }
	report := stdout
	if o.out == "" {
		report = stderr
		err = write(stdout)
	} else {
		err = writeOutput(ctx, stdout, "-out", o.out, write)
	}
	if err != nil || set.Y == nil {
		return err
	}
	met, err := metrics.EvaluateAt(probs, set.Y.Data().([]float64), threshold)
	if err != nil {
		return err
	}
	return printPredictMetrics(report, o, set, newMetricsJSON(met, names))
}

// readForModel reads the -predict CSV once, as it streams in: its columns
// are matched to the model's features by name (a file without a header
// holds them in order), and the label column, named by -label or as the
// model was trained, may be there or not. A column of sample weights, the
// model's or -weight-column, is not a feature: it is left out, unread, as
// a dropped column is.
func readForModel(ctx context.Context, o *options, inputs int, meta model.Meta) (*datasets.Set, error) {
	opts := o.table.options(datasets.CSVOptions{Label: o.label, Labels: meta.Labels, Features: meta.Features})
	if opts.Label == "" {
		opts.Label = meta.Label
	}
	weight := o.weighting.column
	if weight == "" {
		weight = meta.WeightColumn
	}
	if weight != "" && !slices.Contains(opts.Drop, weight) {
		opts.Drop = append(slices.Clone(opts.Drop), weight)
	}
	if opts.Labels == nil {
		opts.Labels = []string{"0", "1"}
	}
	if opts.Features == nil { // a model saved without names: the exported ones
		for i := range inputs {
			opts.Features = append(opts.Features, fmt.Sprintf("x%d", i+1))
		}
	}
	return readCSV(ctx, o.predict, opts)
}

// writePredictions writes the probability of class 1, in a column named
// after it, and the predicted label at threshold, by name.
func writePredictions(w io.Writer, probs []float64, names [2]string, threshold float64) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{probabilityColumn(names), "prediction"}); err != nil {
		return err
	}
	for i, c := range model.ClassesAt(probs, threshold) {
		if err := cw.Write([]string{strconv.FormatFloat(probs[i], 'g', -1, 64), names[int(c)]}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func printPredictMetrics(w io.Writer, o *options, set *datasets.Set, m *metricsJSON) error {
	if o.json {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Model   string       `json:"model"`
			Data    string       `json:"data"`
			Metrics *metricsJSON `json:"metrics"`
		}{o.load, set.Name, m})
	}
	fmt.Fprintf(w, "Accuracy: %.2f%%\n", 100*m.Accuracy)
	printMetrics(w, "Predictions", m)
	return nil
}
