package train_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/graph/gradcheck"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn/train"
	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/tensor"
)

// classRow is the row of sample weights that gives each example the class
// weight c of its label.
func classRow(y *tensor.Dense, c [2]float64) *tensor.Dense {
	labels := y.Float64s()
	w := make([]float64, len(labels))
	for i, v := range labels {
		w[i] = c[int(v)]
	}
	return tensor.New(tensor.WithShape(1, len(w)), tensor.WithBacking(w))
}

func constRow(m int, v float64) *tensor.Dense {
	w := make([]float64, m)
	for i := range w {
		w[i] = v
	}
	return tensor.New(tensor.WithShape(1, m), tensor.WithBacking(w))
}

// TestSampleWeightsAsClassWeights: sample weights that are each example's
// class weight train exactly as the class-weighted loss does, bit for bit,
// in every form, full batch and in shuffled mini-batches whose last batch
// is short, in float64 and float32: each batch's weights are gathered with
// its own examples.
func TestSampleWeightsAsClassWeights(t *testing.T) {
	x, y := rings(90, 3)
	c := [2]float64{0.6, 2.5}
	for _, name := range losses.Names() {
		for _, batch := range []int{0, 32} {
			for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
				l, err := losses.ByName(name)
				if err != nil {
					t.Fatal(err)
				}
				cw, err := l.Weighted(losses.Weights{Class: c})
				if err != nil {
					t.Fatal(err)
				}
				run := func(loss losses.Loss, sw *tensor.Dense) *train.Result {
					r, err := train.Train(context.Background(), x, y, train.Config{Hidden: []int{3}, Iterations: 12, Every: 4,
						BatchSize: batch, Seed: 4, Weights: nprand.New(2), Loss: loss, SampleWeights: sw, Dtype: dt})
					if err != nil {
						t.Fatalf("%s, batch %d, %v: %v", name, batch, dt, err)
					}
					return r
				}
				same(t, name+" sample weights as class weights", run(l, classRow(y, c)), run(cw, nil))
			}
		}
	}
}

// TestSampleWeightsAsDuplicates: integer sample weights are duplicated
// examples. With weights sᵢ the cost is (1/m)Σsᵢlᵢ, and on the data set
// with example i repeated sᵢ times it is (1/M)Σsᵢlᵢ, M = Σsᵢ: the costs
// stand in the ratio M/m, and so do the gradients, so that gradient
// descent at rate η on the weighted data follows gradient descent at rate
// η·M/m on the duplicated data, to rounding.
func TestSampleWeightsAsDuplicates(t *testing.T) {
	x, y := rings(40, 5)
	m := 40
	s := make([]float64, m)
	var cols []int
	for i := range s {
		s[i] = float64(1 + i%3)
		for range int(s[i]) {
			cols = append(cols, i)
		}
	}
	big := len(cols)
	dx, dy := columns(x, cols), columns(y, cols)
	run := func(x, y, sw *tensor.Dense, lr float64) *train.Result {
		o, err := optim.New(optim.Config{Name: "gd", LearningRate: lr})
		if err != nil {
			t.Fatal(err)
		}
		r, err := train.Train(context.Background(), x, y, train.Config{Hidden: []int{4}, Iterations: 30, Every: 10,
			Weights: nprand.New(3), Optimizer: o, SampleWeights: sw})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	ratio := float64(big) / float64(m)
	weighted := run(x, y, tensor.New(tensor.WithShape(1, m), tensor.WithBacking(s)), 0.8)
	dup := run(dx, dy, nil, 0.8*ratio)
	for i := range weighted.Costs {
		if got, want := weighted.Costs[i], dup.Costs[i]*ratio; math.Abs(got-want) > 1e-12*want {
			t.Errorf("step %d: weighted cost %.17g, duplicated %.17g × %d/%d = %.17g", i, got, dup.Costs[i], big, m, want)
		}
	}
}

// TestSampleWeightsValidation: a validation part is scored with its own
// weights when it has them, unweighted otherwise, whatever the training
// data's weights. A weight of 2 for every example doubles the cost of a
// weight of 1 exactly (every term doubles, and so does every sum), and a
// weight of 1 is the unweighted cost to rounding (the weighted form adds
// its two sums in another order); the accuracy counts examples alike.
// The training part's score is weighted by the training weights.
func TestSampleWeightsValidation(t *testing.T) {
	x, y := rings(60, 1)
	vx, vy := rings(30, 2)
	run := func(sw, vw *tensor.Dense) train.Report {
		r, err := train.Train(context.Background(), x, y, train.Config{Hidden: []int{3}, Iterations: 3, Every: 2,
			Weights: nprand.New(2), SampleWeights: sw, Validation: &train.Data{X: vx, Y: vy, Weights: vw}})
		if err != nil {
			t.Fatal(err)
		}
		return r.Reports[1]
	}
	plain, once, twice := run(nil, nil), run(nil, constRow(30, 1)), run(nil, constRow(30, 2))
	if twice.Validation.Cost != 2*once.Validation.Cost || twice.Validation.Accuracy != plain.Validation.Accuracy {
		t.Errorf("validation weighted by 2: %+v, by 1 %+v", *twice.Validation, *once.Validation)
	}
	if math.Abs(once.Validation.Cost-plain.Validation.Cost) > 1e-15 {
		t.Errorf("validation weighted by 1: cost %v, unweighted %v", once.Validation.Cost, plain.Validation.Cost)
	}
	if twice.Cost != plain.Cost {
		t.Errorf("validation weights changed training: cost %v, not %v", twice.Cost, plain.Cost)
	}
	sw := classRow(y, [2]float64{1, 3})
	if w, u := run(sw, nil), run(sw, nil); w.Validation.Cost != u.Validation.Cost {
		t.Errorf("validation without weights: cost %v, then %v", w.Validation.Cost, u.Validation.Cost)
	}
	trained := run(sw, nil)
	if trained.Train.Cost != trained.Cost {
		t.Errorf("full batch with sample weights: training part's cost %v, the step's %v", trained.Train.Cost, trained.Cost)
	}
	if unw := run(nil, nil); trained.Train.Cost == unw.Train.Cost {
		t.Errorf("training part's cost with sample weights %v, the same as without", trained.Train.Cost)
	}
	tr, err := train.New(x, y, train.Config{Hidden: []int{3}, Weights: nprand.New(2), SampleWeights: sw})
	if err != nil {
		t.Fatal(err)
	}
	score := func(w *tensor.Dense) train.Score {
		sc, err := tr.ScoreData(train.Data{X: vx, Y: vy, Weights: w})
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	unweighted, err := tr.Score(vx, vy)
	if err != nil {
		t.Fatal(err)
	}
	if score(nil) != unweighted {
		t.Errorf("ScoreData without weights %+v, Score %+v", score(nil), unweighted)
	}
	if score(constRow(30, 2)).Cost != 2*score(constRow(30, 1)).Cost {
		t.Errorf("ScoreData weighted by 2: cost %v, by 1 %v", score(constRow(30, 2)).Cost, score(constRow(30, 1)).Cost)
	}
}

func TestSampleWeightsErrors(t *testing.T) {
	x, y := rings(20, 1)
	row := func(v ...float64) *tensor.Dense {
		w := constRow(20, 1)
		copy(w.Float64s(), v)
		return w
	}
	ints := tensor.New(tensor.WithShape(1, 20), tensor.Of(tensor.Int))
	for _, c := range []struct {
		name string
		sw   *tensor.Dense
		is   error
	}{
		{"a column", constRow(20, 1).Clone().(*tensor.Dense), nil},
		{"too few", constRow(19, 1), graph.ErrShape},
		{"ints", ints, graph.ErrDtype},
		{"a zero", row(1, 0), train.ErrData},
		{"negative", row(-1), train.ErrData},
		{"NaN", row(1, 1, math.NaN()), train.ErrData},
		{"infinite", row(math.Inf(1)), train.ErrData},
	} {
		if c.name == "a column" {
			if err := c.sw.Reshape(20, 1); err != nil {
				t.Fatal(err)
			}
			c.is = graph.ErrShape
		}
		_, err := train.New(x, y, train.Config{Weights: nprand.New(1), SampleWeights: c.sw})
		if !errors.Is(err, c.is) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.is)
		}
		_, err = train.New(x, y, train.Config{Weights: nprand.New(1), Validation: &train.Data{X: x, Y: y, Weights: c.sw}})
		if !errors.Is(err, c.is) {
			t.Errorf("validation %s: err = %v, want %v", c.name, err, c.is)
		}
	}
	var se *losses.SampleError
	_, err := train.New(x, y, train.Config{Weights: nprand.New(1), SampleWeights: row(1, 1, 1, -4)})
	if !errors.As(err, &se) || se.Index != 3 || se.Value != -4 {
		t.Errorf("a weight of −4 at 3: err = %v, want a *losses.SampleError naming it", err)
	}
	// A weight float32 cannot hold, rounded to 0 by a float32 run.
	_, err = train.New(x, y, train.Config{Weights: nprand.New(1), SampleWeights: row(1e-50), Dtype: tensor.Float32})
	if !errors.Is(err, train.ErrData) || !errors.As(err, &se) {
		t.Errorf("a weight of 1e-50 in float32: err = %v, want ErrData", err)
	}
	_, err = train.New(x, y, train.Config{Weights: nprand.New(1), SampleWeights: row(), Compare: true})
	var ce *train.ConfigError
	if !errors.As(err, &ce) || ce.Field != "Compare" {
		t.Errorf("compare mode with sample weights: err = %v, want a *ConfigError for Compare", err)
	}
	tr, err := train.New(x, y, train.Config{Weights: nprand.New(1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.ScoreData(train.Data{X: x, Y: y, Weights: row(0)}); !errors.Is(err, train.ErrData) {
		t.Errorf("ScoreData with a weight of 0: err = %v, want ErrData", err)
	}
}

// TestSampleWeightsCheckpoint: a run with sample weights resumes bit for
// bit in mini-batches, and a checkpoint refuses other sample weights, or
// none, naming SampleWeights, and other validation weights, naming
// Validation.
func TestSampleWeightsCheckpoint(t *testing.T) {
	x, y := rings(100, 1)
	vx, vy := rings(30, 2)
	sw := classRow(y, [2]float64{0.5, 2})
	for i, v := range sw.Float64s() {
		sw.Float64s()[i] = v * (1 + float64(i%7)/10)
	}
	config := func() train.Config {
		o, err := optim.New(optim.Config{Name: "adam", LearningRate: 0.02})
		if err != nil {
			t.Fatal(err)
		}
		return train.Config{Hidden: []int{4}, Iterations: 20, Every: 5, BatchSize: 32, Seed: 2, Weights: nprand.New(1), Optimizer: o,
			SampleWeights: sw, Validation: &train.Data{X: vx, Y: vy, Weights: constRow(30, 1.5)}}
	}
	plain, err := train.Train(context.Background(), x, y, config())
	if err != nil {
		t.Fatal(err)
	}
	var cp *train.Checkpoint
	cfg := config()
	cfg.CheckpointEvery = 6
	cfg.Checkpoint = func(c *train.Checkpoint) error {
		if c.Iteration() == 6 {
			cp = c
		}
		return nil
	}
	if _, err := train.Train(context.Background(), x, y, cfg); err != nil {
		t.Fatal(err)
	}
	cfg = config()
	cfg.Weights, cfg.Resume = nil, cp
	res, err := train.Train(context.Background(), x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "resumed with sample weights", res, plain)

	other := sw.Clone().(*tensor.Dense)
	other.Float64s()[5] *= 1.0000001
	for _, c := range []struct {
		name  string
		edit  func(*train.Config)
		field string
	}{
		{"other weights", func(c *train.Config) { c.SampleWeights = other }, "SampleWeights"},
		{"no weights", func(c *train.Config) { c.SampleWeights = nil }, "SampleWeights"},
		{"other validation weights", func(c *train.Config) { c.Validation.Weights = constRow(30, 1) }, "Validation"},
		{"no validation weights", func(c *train.Config) { c.Validation.Weights = nil }, "Validation"},
	} {
		cfg := config()
		c.edit(&cfg)
		cfg.Weights, cfg.Resume = nil, cp
		_, err := train.New(x, y, cfg)
		var me *train.MismatchError
		if !errors.As(err, &me) || me.Field != c.field {
			t.Errorf("%s: New returned %v, want a *MismatchError about %s", c.name, err, c.field)
		}
	}
}

// TestSampleWeightsGradCheck: the gradients of a sample-weighted loss,
// the weights of the checked examples fed with them, pass the gradient
// check.
func TestSampleWeightsGradCheck(t *testing.T) {
	x, y := rings(30, 1)
	s := constRow(30, 1)
	for i := range s.Float64s() {
		s.Float64s()[i] = 0.2 + float64(i%5)
	}
	for _, name := range []string{"mulsum", "logits"} {
		tr, err := train.New(x, y, train.Config{Hidden: []int{3}, Weights: nprand.New(1), SampleWeights: s, Loss: mustLoss(name)})
		if err != nil {
			t.Fatal(err)
		}
		r, err := tr.GradCheck(context.Background(), gradcheck.Config{}, 10)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !r.Passed {
			t.Errorf("%s: %v", name, r)
		}
	}
}

// TestSampleWeightsFloat32: a float32 run converts the weights and
// follows the float64 run to float32's rounding.
func TestSampleWeightsFloat32(t *testing.T) {
	x, y := rings(50, 1)
	sw := classRow(y, [2]float64{0.3, 1.7})
	run := func(dt tensor.Dtype) []float64 {
		r, err := train.Train(context.Background(), x, y, train.Config{Hidden: []int{3}, Iterations: 10, BatchSize: 16, Seed: 1,
			Weights: nprand.New(1), SampleWeights: sw, Dtype: dt})
		if err != nil {
			t.Fatal(err)
		}
		return r.Costs
	}
	f64, f32 := run(tensor.Float64), run(tensor.Float32)
	if !slices.EqualFunc(f64, f32, func(a, b float64) bool { return math.Abs(a-b) <= 1e-5*a }) {
		t.Errorf("float32 costs %v, float64 %v", f32, f64)
	}
}

// TestSampleWeightsStepAllocatesNothing: gathering each batch's weights
// allocates nothing either.
func TestSampleWeightsStepAllocatesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("a thousand steps")
	}
	stepAllocs(t, train.Config{BatchSize: 64, Seed: 1, SampleWeights: constRow(400, 0.5)})
}
