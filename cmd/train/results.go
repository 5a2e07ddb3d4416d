package main

import (
	"fmt"
	"io"
	"math"

	"github.com/gradlab/gradlab/nn/figure"
	"github.com/gradlab/gradlab/nn/metrics"
	"github.com/gradlab/gradlab/nn/model"
	"github.com/gradlab/gradlab/nn/train"
)

// Pictures are this many pixels.
const picWidth, picHeight = 800, 600

// metricsJSON is one part's metrics in the -json report.
type metricsJSON struct {
	Examples  int       `json:"examples"`
	Accuracy  float64   `json:"accuracy"`
	Precision float64   `json:"precision"`
	Recall    float64   `json:"recall"`
	F1        float64   `json:"f1"`
	LogLoss   float64   `json:"log_loss"`
	AUC       *float64  `json:"roc_auc"` // null with one class
	Confusion [2][2]int `json:"confusion"`
	// The decision: predictions above Threshold are of class 1, called
	// Positive; Labels names classes 0 and 1, the confusion's rows and
	// columns.
	Threshold float64   `json:"threshold"`
	Positive  string    `json:"positive"`
	Labels    [2]string `json:"labels"`
}

func newMetricsJSON(m metrics.Metrics, names [2]string) *metricsJSON {
	j := &metricsJSON{Examples: m.Examples, Accuracy: m.Accuracy, Precision: m.Precision, Recall: m.Recall, F1: m.F1,
		LogLoss: m.LogLoss, Confusion: m.Confusion, Threshold: m.Threshold, Positive: names[1], Labels: names}
	if !math.IsNaN(m.AUC) {
		j.AUC = &m.AUC
	}
	return j
}

// printMetrics prints one part's metrics under the accuracy line, the
// classes by their names.
func printMetrics(w io.Writer, part string, m *metricsJSON) {
	auc := "undefined (one class)"
	if m.AUC != nil {
		auc = fmt.Sprintf("%.4f", *m.AUC)
	}
	c := m.Confusion
	n := m.Labels
	fmt.Fprintf(w, "%s: precision %.4f  recall %.4f  F1 %.4f  log loss %.4f  ROC AUC %s%s\n",
		part, m.Precision, m.Recall, m.F1, m.LogLoss, auc, decisionNote(n, m.Threshold))
	fmt.Fprintf(w, "%s: confusion  true %s: %d predicted %s, %d predicted %s;  true %s: %d predicted %s, %d predicted %s\n",
		part, n[0], c[0][0], n[0], c[0][1], n[1], n[1], c[1][0], n[0], c[1][1], n[1])
}

// keep writes what the options ask to keep of a run: the model and the
// pictures. It runs after an interrupted run too.
func (s *session) keep(res *train.Result) error {
	if s.o.save != "" {
		if err := s.write("-save", s.o.save, res.Model.Encode); err != nil {
			return err
		}
	}
	if s.o.plot != "" {
		if err := s.plotBoundary(res.Model); err != nil {
			return err
		}
	}
	if s.o.plotCost != "" {
		return s.write("-plot-cost", s.o.plotCost, s.writeCosts)
	}
	return nil
}

func (s *session) meta() model.Meta {
	d := s.data
	if d.outputs() > 1 {
		return model.Meta{Loss: s.o.loss, Optimizer: s.o.optimizer, Features: d.features, LabelColumns: d.labelColumns,
			Threshold: s.o.decision.threshold, WeightColumn: d.weightColumn}
	}
	return model.Meta{Loss: s.o.loss, Optimizer: s.o.optimizer, Features: d.features, Label: d.label, Labels: d.labels,
		Threshold: s.o.decision.threshold, WeightColumn: d.weightColumn}
}

// reportSeries returns the costs taken at reports, marked: the whole
// training part's in a mini-batch run, the validation part's, and in
// compare mode both BCE forms'.
func (s *session) reportSeries() []figure.Series {
	r := s.report
	part := figure.Series{Name: "training part, at reports", Marks: true}
	val := figure.Series{Name: "validation, at reports", Marks: true}
	for _, c := range r.Costs {
		if c.CostOf == costOfBatch && c.Train != nil {
			part.Iterations, part.Costs = append(part.Iterations, c.Iteration), append(part.Costs, c.Train.Cost)
		}
		if c.Validation != nil {
			val.Iterations, val.Costs = append(val.Iterations, c.Iteration), append(val.Costs, c.Validation.Cost)
		}
	}
	dot := figure.Series{Name: "BCE " + dotForm(s.data.outputs()) + " form, at reports", Marks: true}
	mul := figure.Series{Name: "BCE multiply+sum form, at reports", Marks: true}
	for _, c := range r.Compare {
		dot.Iterations, dot.Costs = append(dot.Iterations, c.Iteration), append(dot.Costs, c.CostDot)
		mul.Iterations, mul.Costs = append(mul.Iterations, c.Iteration), append(mul.Costs, c.CostMulSum)
	}
	var series []figure.Series
	for _, s := range []figure.Series{part, val, dot, mul} {
		if len(s.Costs) > 0 {
			series = append(series, s)
		}
	}
	return series
}
