package train_test

import (
	"context"
	"errors"
	"github.com/gradlab/gradlab/internal/dense"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/tensor"
)

// weightsOf copies the trained model's parameter values.
func weightsOf(res *train.Result) [][]float64 {
	var out [][]float64
	for _, p := range res.Model.Net.Params() {
		out = append(out, dense.Values(p.Value())) // float64, or float32 widened
	}
	return out
}

// Scoring a validation part reads the weights and changes nothing: the
// costs of every step and the final weights are the same bit for bit,
// full batch and mini-batches, with or without validation.
func TestValidationLeavesTrainingUnchanged(t *testing.T) {
	x, y := rings(200, 1)
	vx, vy := rings(60, 2)
	for _, batch := range []int{0, 64} {
		run := func(val *train.Data) *train.Result {
			res, err := train.Train(context.Background(), x, y, train.Config{
				Weights: nprand.New(2), Iterations: 300, Every: 50, BatchSize: batch, Seed: 3, Validation: val,
			})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		without, with := run(nil), run(&train.Data{X: vx, Y: vy})
		if !slices.Equal(without.Costs, with.Costs) || len(with.Costs) != 300 {
			t.Errorf("batch %d: the step costs differ with validation (%d and %d steps)", batch, len(without.Costs), len(with.Costs))
		}
		if a, b := weightsOf(without), weightsOf(with); !slices.EqualFunc(a, b, slices.Equal) {
			t.Errorf("batch %d: the final weights differ with validation", batch)
		}
		for k, r := range with.Reports {
			if r.Validation == nil || r.Train == nil || r.Validation.Examples != 60 || r.Train.Examples != 200 {
				t.Fatalf("batch %d: report %d: validation %+v, train %+v", batch, k, r.Validation, r.Train)
			}
			if without.Reports[k].Validation != nil || (batch == 0) != (without.Reports[k].Train == nil) {
				t.Errorf("batch %d: report %d without validation: %+v", batch, k, without.Reports[k])
			}
		}
	}
}

// A report's scores are those of the weights before its update: the first
// report's are the initial weights', as Trainer.Score and the model's own
// evaluation measure them, and in a full-batch run the training score's
// cost is the step's own.
func TestReportScores(t *testing.T) {
	x, y := rings(200, 1)
	vx, vy := rings(60, 2)
	tr, err := train.New(x, y, train.Config{Weights: nprand.New(2), Iterations: 101, Every: 50, Validation: &train.Data{X: vx, Y: vy}})
	if err != nil {
		t.Fatal(err)
	}
	before, err := tr.Score(vx, vy)
	if err != nil {
		t.Fatal(err)
	}
	m, err := tr.Model().Evaluate(vx, vy)
	if err != nil {
		t.Fatal(err)
	}
	if before.Accuracy != m.Accuracy || math.Abs(before.Cost-m.LogLoss) > 1e-12 {
		t.Errorf("Score %+v; the model's evaluation: accuracy %v, log loss %v", before, m.Accuracy, m.LogLoss)
	}
	res, err := tr.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if *res.Reports[0].Validation != before {
		t.Errorf("first report's validation %+v, want the initial weights' %+v", *res.Reports[0].Validation, before)
	}
	for _, r := range res.Reports {
		if r.Train.Cost != r.Cost || res.Costs[r.Iteration] != r.Cost {
			t.Errorf("iteration %d: training score's cost %v, step cost %v, recorded %v; want one number", r.Iteration, r.Train.Cost, r.Cost, res.Costs[r.Iteration])
		}
	}
}

// Reports every N epochs come at the first step of every Nth epoch, with
// the cost over the whole training part beside the batch's.
func TestEveryEpochs(t *testing.T) {
	x, y := rings(200, 1)
	res, err := train.Train(context.Background(), x, y, train.Config{
		Weights: nprand.New(2), Epochs: 6, EveryEpochs: 2, BatchSize: 50, Seed: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	var its, epochs []int
	for _, r := range res.Reports {
		its, epochs = append(its, r.Iteration), append(epochs, r.Epoch)
		if r.Train == nil || r.Train.Examples != 200 || r.Train.Cost == r.Cost {
			t.Errorf("iteration %d: train score %+v beside the batch's cost %v", r.Iteration, r.Train, r.Cost)
		}
	}
	if !slices.Equal(its, []int{0, 8, 16}) || !slices.Equal(epochs, []int{0, 2, 4}) || len(res.Costs) != 24 {
		t.Errorf("reports at iterations %v, epochs %v, %d costs; want 0, 8, 16, epochs 0, 2, 4, 24 costs", its, epochs, len(res.Costs))
	}
}

// Early stopping on a validation part whose labels are the training
// labels flipped: its cost only rises as training learns, so the best
// report is the first, training stops Patience reports later, and the
// model holds the first report's weights again; in float64 and in
// float32, whose saved weights are float32.
func TestEarlyStoppingRestoresTheBest(t *testing.T) {
	x, y := rings(200, 1)
	flipped := tensor.New(tensor.WithShape(1, 200), tensor.WithBacking(slices.Clone(y.Float64s())))
	for i, v := range flipped.Float64s() {
		flipped.Float64s()[i] = 1 - v
	}
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		var reports int
		tr, err := train.New(x, y, train.Config{
			Weights: nprand.New(2), Iterations: 5000, Every: 100, Validation: &train.Data{X: x, Y: flipped}, Patience: 3, Dtype: dt,
			OnReport: func(train.Report) error { reports++; return nil },
		})
		if err != nil {
			t.Fatal(err)
		}
		res, err := tr.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !res.StoppedEarly || res.BestIteration != 0 || res.Iterations != 300 || reports != 4 {
			t.Fatalf("%v: stopped early %t at %d iterations after %d reports, best %d; want true at 300 after 4, best 0",
				dt, res.StoppedEarly, res.Iterations, reports, res.BestIteration)
		}
		got, err := tr.Score(x, flipped)
		if err != nil {
			t.Fatal(err)
		}
		if got != *res.Reports[0].Validation {
			t.Errorf("%v: the model scores %+v, want the best report's %+v", dt, got, *res.Reports[0].Validation)
		}
		if w := res.Model.Net.Layers[0].W.Dtype(); w != dt {
			t.Errorf("%v: the model's weights are %v", dt, w)
		}
	}
}

// Without Patience nothing stops; with a MinDelta no report can beat,
// the first report stays the best; with patience longer than the run the
// model still holds the best weights at the end.
func TestEarlyStoppingMinDelta(t *testing.T) {
	x, y := rings(200, 1)
	vx, vy := rings(60, 2)
	val := &train.Data{X: vx, Y: vy}
	for _, c := range []struct {
		patience     int
		minDelta     float64
		iterations   int
		best         int
		stoppedEarly bool
	}{
		{0, 0, 1000, -1, false},
		{2, 1e9, 200, 0, true},
		{100, 0, 1000, 900, false}, // the cost falls all along on these data
	} {
		tr, err := train.New(x, y, train.Config{Weights: nprand.New(2), Iterations: 1000, Every: 100, Validation: val, Patience: c.patience, MinDelta: c.minDelta})
		if err != nil {
			t.Fatal(err)
		}
		res, err := tr.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if res.Iterations != c.iterations || res.BestIteration != c.best || res.StoppedEarly != c.stoppedEarly {
			t.Errorf("patience %d, min delta %v: %d iterations, best %d, stopped early %t; want %d, %d, %t",
				c.patience, c.minDelta, res.Iterations, res.BestIteration, res.StoppedEarly, c.iterations, c.best, c.stoppedEarly)
		}
		if c.best > 0 {
			got, _ := tr.Score(vx, vy)
			if want := *res.Reports[len(res.Reports)-1].Validation; got != want {
				t.Errorf("patience %d: the model scores %+v, want the best report's %+v", c.patience, got, want)
			}
		}
	}
}

// The breast-cancer data unstandardized saturate the tanh units at once
// and the cost stays put: the run says so once. The exercise does not stall.
func TestStall(t *testing.T) {
	set, err := datasets.Generate("breast-cancer", datasets.Options{})
	if err != nil {
		t.Fatal(err)
	}
	planar, err := datasets.Planar(400, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		set   *datasets.Set
		stall bool
	}{{set, true}, {planar, false}} {
		var calls []train.Stall
		res, err := train.Train(context.Background(), c.set.X, c.set.Y, train.Config{
			Weights: nprand.New(2), Iterations: 3000, OnStall: func(s train.Stall) { calls = append(calls, s) },
		})
		if err != nil {
			t.Fatal(err)
		}
		if (res.Stall != nil) != c.stall || len(calls) != map[bool]int{true: 1}[c.stall] {
			t.Fatalf("%s: stall %+v, %d calls; want a stall: %t, once", c.set.Name, res.Stall, len(calls), c.stall)
		}
		if s := res.Stall; s != nil && (s.To-s.From+1 != 1000 || s.Cost != res.Costs[s.To] || calls[0] != *s) {
			t.Errorf("%s: stall %+v over %d steps at cost %v", c.set.Name, s, s.To-s.From+1, res.Costs[s.To])
		}
	}
}

func TestValidationConfigErrors(t *testing.T) {
	x, y := rings(20, 1)
	three := tensor.New(tensor.WithShape(3, 20), tensor.Of(tensor.Float64))
	twos := tensor.New(tensor.WithShape(1, 20), tensor.WithBacking(slices.Repeat([]float64{2}, 20)))
	for _, c := range []struct {
		name  string
		cfg   train.Config
		field string
		is    error
	}{
		{"patience without validation", train.Config{Patience: 3}, "Patience", nil},
		{"negative patience", train.Config{Patience: -1, Validation: &train.Data{X: x, Y: y}}, "Patience", nil},
		{"NaN min delta", train.Config{MinDelta: math.NaN()}, "MinDelta", nil},
		{"negative every epochs", train.Config{EveryEpochs: -2}, "EveryEpochs", nil},
		{"negative stall steps", train.Config{StallSteps: -2}, "StallSteps", nil},
		{"three features", train.Config{Validation: &train.Data{X: three, Y: y}}, "Validation", nil},
		{"labels of 2", train.Config{Validation: &train.Data{X: x, Y: twos}}, "", train.ErrData},
	} {
		c.cfg.Weights = rand.New(rand.NewPCG(1, 1))
		_, err := train.New(x, y, c.cfg)
		var ce *train.ConfigError
		switch {
		case c.is != nil && !errors.Is(err, c.is):
			t.Errorf("%s: %v, want %v", c.name, err, c.is)
		case c.is == nil && (!errors.As(err, &ce) || ce.Field != c.field):
			t.Errorf("%s: %v, want a ConfigError of field %s", c.name, err, c.field)
		}
	}
}
