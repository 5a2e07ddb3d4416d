package main

import (
	"fmt"
	"strings"

	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/tensor"
)

// scoreJSON is one part's cost and accuracy at a report.
type scoreJSON struct {
	Examples int     `json:"examples"`
	Cost     float64 `json:"cost"`
	Accuracy float64 `json:"accuracy"`
}

func newScoreJSON(s *train.Score) *scoreJSON {
	if s == nil {
		return nil
	}
	return &scoreJSON{s.Examples, s.Cost, s.Accuracy}
}

// What a report's cost is the cost of, in costJSON's CostOf.
const (
	costOfPart  = "training part"
	costOfBatch = "training batch"
)

func newCostJSON(r train.Report) costJSON {
	c := costJSON{Iteration: r.Iteration, Epoch: r.Epoch, Cost: r.Cost, CostOf: costOfPart,
		Train: newScoreJSON(r.Train), Validation: newScoreJSON(r.Validation)}
	if miniBatch(r) {
		c.CostOf = costOfBatch
	}
	return c
}

// miniBatch reports whether r's cost is one batch's, not the whole
// training part's.
func miniBatch(r train.Report) bool { return r.Train != nil && r.Batch < r.Train.Examples }

// examples counts the columns of a part; nil for none.
func examples(x *tensor.Dense) *int {
	if x == nil {
		return nil
	}
	n := x.Shape()[1]
	return &n
}

// labelledReport is a report line that names each number's part: a
// mini-batch run's, or one with validation; k label rows make its
// accuracies label accuracies.
func labelledReport(r train.Report, k int) string {
	mini := miniBatch(r)
	var b strings.Builder
	fmt.Fprintf(&b, "Cost after iteration %d", r.Iteration)
	if mini {
		fmt.Fprintf(&b, " (epoch %d)", r.Epoch)
	}
	fmt.Fprintf(&b, ": train %f", r.Train.Cost)
	if mini {
		fmt.Fprintf(&b, " (whole part; this batch %f)", r.Cost)
	}
	if v := r.Validation; v != nil {
		fmt.Fprintf(&b, ", validation %f", v.Cost)
	}
	acc := "accuracy"
	if k > 1 {
		acc = "label accuracy"
	}
	fmt.Fprintf(&b, "  Train %s %.2f%%", acc, 100*r.Train.Accuracy)
	if v := r.Validation; v != nil {
		fmt.Fprintf(&b, ", Validation %s %.2f%%", acc, 100*v.Accuracy)
	}
	return b.String()
}

// configHeldOut adds validation, early stopping, epoch reports and the
// stall warning to the training configuration.
func (s *session) configHeldOut(c *train.Config) {
	if d := s.data; d.valX != nil {
		c.Validation = &train.Data{X: d.valX, Y: d.valY, Weights: d.valW}
	}
	c.Patience, c.MinDelta = s.o.patience, s.o.minDelta
	if s.o.printEveryEpochs > 0 {
		c.Every, c.EveryEpochs = 0, s.o.printEveryEpochs
	}
	c.OnStall = s.onStall
}

// onStall warns, once, of a run whose cost does not move.
func (s *session) onStall(st train.Stall) {
	if s.bar != nil {
		_ = s.bar.Clear()
	}
	s.report.Stall = st.String()
	fmt.Fprintf(s.stderr, "train: warning: %s; on the command line: -standardize, a larger -lr\n", st)
}

// addResult records what the training loop decided.
func (j *jsonReport) addResult(res *train.Result) {
	if res.BestIteration >= 0 {
		best := res.BestIteration
		j.BestIteration = &best
	}
	j.StoppedEarly = res.StoppedEarly
}

// printEarlyStop says whose weights an early-stopped model holds.
func (s *session) printEarlyStop() {
	r := s.report
	if r.BestIteration == nil {
		return
	}
	if r.StoppedEarly {
		fmt.Fprintf(s.stdout, "Early stopping: no lower validation cost for %d reports; stopped after %d iterations.\n", s.o.patience, r.Iterations)
	}
	fmt.Fprintf(s.stdout, "The model holds the weights of iteration %d, the lowest validation cost.\n", *r.BestIteration)
}
