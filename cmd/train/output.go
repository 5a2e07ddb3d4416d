package main

import (
	"fmt"
	"io"

	"github.com/gradlab/gradlab/graph/gradcheck"
	"github.com/gradlab/gradlab/nn/train"
)

// printReport prints one report in the notebook's words, with the two
// forms' comparison below it in compare mode.
func printReport(w io.Writer, r train.Report) {
	fmt.Fprintf(w, "Cost after iteration %d: %f\n", r.Iteration, r.Cost)
	if c := r.Compare; c != nil {
		fmt.Fprintf(w, "  dot %.12f  mulsum %.12f  |Δcost| %.3g  max |Δgrad| %.3g\n",
			c.CostDot, c.CostMulSum, c.CostDiff, c.MaxGradDiff)
	}
}

// jsonReport is what -json prints.
type jsonReport struct {
	Dataset       string            `json:"dataset"`
	Examples      int               `json:"examples"`
	Features      int               `json:"features"`
	Hidden        []int             `json:"hidden"`
	Activation    string            `json:"activation"`
	Loss          string            `json:"loss"`
	Optimizer     string            `json:"optimizer"`
	LearningRate  float64           `json:"learning_rate"`
	BatchSize     int               `json:"batch_size"`
	Iterations    int               `json:"iterations"`
	Costs         []costJSON        `json:"costs"`
	TrainAccuracy float64           `json:"train_accuracy"`
	TestAccuracy  *float64          `json:"test_accuracy"`
	TrainSeconds  float64           `json:"train_seconds"`
	TrainMetrics  *metricsJSON      `json:"train_metrics"`
	TestMetrics   *metricsJSON      `json:"test_metrics"` // null without a split
	Interrupted   bool              `json:"interrupted,omitempty"`
	Compare       []compareJSON     `json:"compare,omitempty"`
	Gradcheck     *gradcheck.Report `json:"gradcheck,omitempty"`
}

type costJSON struct {
	Iteration int     `json:"iteration"`
	Cost      float64 `json:"cost"`
}

type compareJSON struct {
	Iteration   int     `json:"iteration"`
	CostDot     float64 `json:"cost_dot"`
	CostMulSum  float64 `json:"cost_mulsum"`
	CostDiff    float64 `json:"cost_diff"`
	MaxGradDiff float64 `json:"max_grad_diff"`
}

func (s *session) newReport() jsonReport {
	d, o := s.data, s.o
	return jsonReport{
		Dataset:      d.name,
		Examples:     d.trainX.Shape()[1],
		Features:     d.trainX.Shape()[0],
		Hidden:       o.hidden,
		Activation:   o.activation,
		Loss:         o.loss,
		Optimizer:    o.optimizer,
		LearningRate: o.lr,
		BatchSize:    o.batch,
		Costs:        []costJSON{},
	}
}

func (j *jsonReport) add(r train.Report) {
	j.Costs = append(j.Costs, costJSON{r.Iteration, r.Cost})
	if c := r.Compare; c != nil {
		j.Compare = append(j.Compare, compareJSON{r.Iteration, c.CostDot, c.CostMulSum, c.CostDiff, c.MaxGradDiff})
	}
}
