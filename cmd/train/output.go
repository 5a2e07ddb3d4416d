package main

import (
	"fmt"
	"io"

	"github.com/gradlab/gradlab/graph/gradcheck"
	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/tensor"
)

// printReport prints one report in the notebook's words, with the two
// forms' comparison below it in compare mode; k is the number of label
// rows.
func printReport(w io.Writer, r train.Report, k int) {
	if r.Train == nil { // full batch, no validation: the notebook's line
		fmt.Fprintf(w, "Cost after iteration %d: %f\n", r.Iteration, r.Cost)
	} else {
		fmt.Fprintln(w, labelledReport(r, k))
	}
	if c := r.Compare; c != nil && k > 1 {
		printCompareRows(w, c, k)
	} else if c != nil {
		fmt.Fprintf(w, "  dot %.12f  mulsum %.12f  |Δcost| %.3g  max |Δgrad| %.3g\n",
			c.CostDot, c.CostMulSum, c.CostDiff, c.MaxGradDiff)
	}
	if c := r.Compare; c != nil {
		if c.Hand {
			var dot, mul float64
			for _, p := range c.Params {
				dot, mul = max(dot, p.DotHand), max(mul, p.MulSumHand)
			}
			fmt.Fprintf(w, "  hand-derived backward pass: max |Δgrad| %.3g against %s, %.3g against mulsum\n", dot, dotForm(k), mul)
			if why := c.Why(); why != "" {
				fmt.Fprintf(w, "  (they part: %s)\n", why)
			}
		}
	}
}

// jsonReport is what -json prints.
type jsonReport struct {
	Dataset            string            `json:"dataset"`
	Examples           int               `json:"examples"` // of the training part, as train_examples
	TrainExamples      int               `json:"train_examples"`
	ValExamples        *int              `json:"validation_examples,omitempty"`
	TestExamples       *int              `json:"test_examples,omitempty"`
	Features           int               `json:"features"`
	Hidden             []int             `json:"hidden"`
	Activation         string            `json:"activation"`
	Loss               string            `json:"loss"`
	Optimizer          string            `json:"optimizer"`
	LearningRate       float64           `json:"learning_rate"`
	BatchSize          int               `json:"batch_size"`
	Dtype              string            `json:"dtype,omitempty"` // "float32" with -dtype float32; absent for float64
	Iterations         int               `json:"iterations"`
	Costs              []costJSON        `json:"costs"`
	TrainAccuracy      float64           `json:"train_accuracy"`
	TestAccuracy       *float64          `json:"test_accuracy"`
	TrainSeconds       float64           `json:"train_seconds"`
	TrainMetrics       *metricsJSON      `json:"train_metrics"`
	TestMetrics        *metricsJSON      `json:"test_metrics"` // null without a split
	ValidationAccuracy *float64          `json:"validation_accuracy,omitempty"`
	ValidationMetrics  *metricsJSON      `json:"validation_metrics,omitempty"`
	BestIteration      *int              `json:"best_iteration,omitempty"` // with -patience: whose weights the model holds
	StoppedEarly       bool              `json:"stopped_early,omitempty"`
	Stall              string            `json:"stall,omitempty"` // the warning of a run whose cost did not move
	Interrupted        bool              `json:"interrupted,omitempty"`
	Compare            []compareJSON     `json:"compare,omitempty"`
	Gradcheck          *gradcheck.Report `json:"gradcheck,omitempty"`

	// With several label columns (several.go): their names, and each
	// part's scores per label; the accuracies above are label accuracies,
	// and the metrics null.
	LabelColumns     []string    `json:"label_columns,omitempty"`
	TrainLabels      *labelsJSON `json:"train_labels,omitempty"`
	ValidationLabels *labelsJSON `json:"validation_labels,omitempty"`
	TestLabels       *labelsJSON `json:"test_labels,omitempty"`
	outputs          int
}

// costJSON is one report. Cost is the training loss of the report's
// step: one batch's in a mini-batch run, where Train is the whole
// training part's.
type costJSON struct {
	Iteration  int        `json:"iteration"`
	Epoch      int        `json:"epoch"`
	Cost       float64    `json:"cost"`
	CostOf     string     `json:"cost_of"` // costOfPart or costOfBatch
	Train      *scoreJSON `json:"train,omitempty"`
	Validation *scoreJSON `json:"validation,omitempty"`
}

type compareJSON struct {
	Iteration int     `json:"iteration"`
	CostDot   float64 `json:"cost_dot"` // the trace form's, for several label rows
	// NaiveDot is np.sum of the dot form's (K,K) matrix, for K > 1 label
	// rows: the cost plus the cross terms.
	NaiveDot    *float64 `json:"naive_sum_dot,omitempty"`
	CostMulSum  float64  `json:"cost_mulsum"`
	CostDiff    float64  `json:"cost_diff"`
	MaxGradDiff float64  `json:"max_grad_diff"`
	// The hand-derived gradients, for the exercise's network.
	Hand        bool            `json:"hand_derived"`
	MaxHandDiff float64         `json:"max_hand_diff"`
	Saturated   int             `json:"saturated"`
	Why         string          `json:"why,omitempty"`
	Params      []gradDiffsJSON `json:"params"`
}

// gradDiffsJSON is one parameter's largest differences between the three
// gradients.
type gradDiffsJSON struct {
	Name       string  `json:"name"`
	DotMulSum  float64 `json:"dot_mulsum"`
	DotHand    float64 `json:"dot_hand"`
	MulSumHand float64 `json:"mulsum_hand"`
}

func (s *session) newReport() jsonReport {
	d, o := s.data, s.o
	return jsonReport{
		Dataset:       d.name,
		Examples:      d.trainX.Shape()[1],
		TrainExamples: d.trainX.Shape()[1],
		ValExamples:   examples(d.valX),
		TestExamples:  examples(d.testX),
		Features:      d.trainX.Shape()[0],
		Hidden:        o.hidden,
		Activation:    o.activation,
		Loss:          o.loss,
		Optimizer:     o.optimizer,
		LearningRate:  o.lr,
		BatchSize:     o.batch,
		Dtype:         dtypeName(o.dtype),
		Costs:         []costJSON{},
		LabelColumns:  d.labelColumns,
		outputs:       d.outputs(),
	}
}

// dtypeName is the JSON report's dtype: "float32", or "" for float64,
// which the report leaves out as it did before -dtype.
func dtypeName(dt tensor.Dtype) string {
	if dt == tensor.Float32 {
		return "float32"
	}
	return ""
}

func (j *jsonReport) add(r train.Report) {
	j.Costs = append(j.Costs, newCostJSON(r))
	if c := r.Compare; c != nil {
		cj := compareJSON{Iteration: r.Iteration, CostDot: c.CostDot, CostMulSum: c.CostMulSum, CostDiff: c.CostDiff,
			MaxGradDiff: c.MaxGradDiff, Hand: c.Hand, MaxHandDiff: c.MaxHandDiff, Saturated: c.Saturated, Why: c.Why()}
		if j.outputs > 1 {
			cj.NaiveDot = &c.NaiveDot
		}
		for _, p := range c.Params {
			cj.Params = append(cj.Params, gradDiffsJSON{p.Name, p.MaxDiff, p.DotHand, p.MulSumHand})
		}
		j.Compare = append(j.Compare, cj)
	}
}
