package train_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gradlab/gradlab/graph/gradcheck"
	"github.com/gradlab/gradlab/internal/panictest"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestNeverPanics(t *testing.T) {
	x, y := rings(10, 3)
	src := rand.New(rand.NewPCG(1, 1))
	var nilRand *rand.Rand
	var nilSolver *gorgonia.VanillaSolver
	var nilTrainer *train.Trainer
	xInt := tensor.New(tensor.WithShape(2, 10), tensor.Of(tensor.Int))
	huge := x.Clone().(*tensor.Dense)
	huge.Float64s()[3] = 1e39 // finite, but not in float32
	view, _ := tensor.New(tensor.WithShape(2, 20), tensor.Of(tensor.Float64)).Slice(nil, gorgonia.S(0, 10))
	withNaN := x.Clone().(*tensor.Dense)
	withNaN.Float64s()[3] = math.NaN()
	good, err := train.New(x, y, train.Config{Weights: src})
	if err != nil {
		t.Fatal(err)
	}
	newWith := func(c train.Config) func() error {
		return func() error { _, err := train.New(x, y, c); return err }
	}
	var nilCtx context.Context // the bad value under test
	panictest.Errors(t, []panictest.Call{
		{Name: "New of nil data", F: func() error { _, err := train.New(nil, nil, train.Config{Weights: src}); return err }},
		{Name: "New of zero Dense data", F: func() error {
			_, err := train.New(&tensor.Dense{}, &tensor.Dense{}, train.Config{Weights: src})
			return err
		}},
		{Name: "New of int data", F: func() error { _, err := train.New(xInt, y, train.Config{Weights: src}); return err }},
		{Name: "New with an int Dtype", F: newWith(train.Config{Weights: src, Dtype: tensor.Int})},
		{Name: "New with float32 and compare mode", F: newWith(train.Config{Weights: src, Dtype: tensor.Float32, Compare: true})},
		{Name: "New of data over float32's range", F: func() error {
			_, err := train.New(huge, y, train.Config{Weights: src, Dtype: tensor.Float32})
			return err
		}},
		{Name: "New of NaN data", F: func() error { _, err := train.New(withNaN, y, train.Config{Weights: src}); return err }},
		{Name: "New with labels as X", F: func() error { _, err := train.New(view.(*tensor.Dense), x, train.Config{Weights: src}); return err }},
		{Name: "New of a zero Config", F: newWith(train.Config{})},
		{Name: "New with a nil *rand.Rand", F: newWith(train.Config{Weights: nilRand})},
		{Name: "New with a nil solver", F: newWith(train.Config{Weights: src, Optimizer: nilSolver})},
		{Name: "New with a named Activation without a function", F: newWith(train.Config{Weights: src, Activation: nn.Activation{Name: "relu"}})},
		{Name: "New with a named Init without a function", F: newWith(train.Config{Weights: src, Init: nn.Init{Name: "he"}})},
		{Name: "Train with a named Loss without a function", F: func() error {
			_, err := train.Train(context.Background(), x, y, train.Config{Weights: src, Loss: losses.Loss{Name: "dot"}})
			return err
		}},
		{Name: "New with a hidden layer of 0", F: newWith(train.Config{Weights: src, Hidden: []int{0}})},
		{Name: "New with a layer over the limit", F: newWith(train.Config{Weights: src, Hidden: []int{nn.MaxLayerSize + 1}})},
		{Name: "New with Every -1", F: newWith(train.Config{Weights: src, Every: -1})},
		{Name: "Train with a nil context", F: func() error { _, err := train.Train(nilCtx, x, y, train.Config{Weights: src}); return err }},
		{Name: "Train of nil data", F: func() error {
			_, err := train.Train(context.Background(), nil, y, train.Config{Weights: src})
			return err
		}},
		{Name: "Epochs whose iterations overflow", F: func() error {
			_, err := train.Train(context.Background(), x, y, train.Config{Weights: src, Epochs: math.MaxInt, BatchSize: 3})
			return err
		}},
		{Name: "nil Trainer Run", F: func() error { _, err := nilTrainer.Run(context.Background()); return err }},
		{Name: "zero Trainer Run", F: func() error { _, err := (&train.Trainer{}).Run(context.Background()); return err }},
		{Name: "Run with a nil context", F: func() error { _, err := good.Run(nilCtx); return err }},
		{Name: "nil Trainer GradCheck", F: func() error { _, err := nilTrainer.GradCheck(t.Context(), gradcheck.Config{}, 0); return err }},
		{Name: "zero Trainer GradCheck", F: func() error { _, err := (&train.Trainer{}).GradCheck(t.Context(), gradcheck.Config{}, 0); return err }},
		{Name: "zero Error", F: func() error { return &train.Error{} }},
		{Name: "nil Error", F: func() error { return (*train.Error)(nil) }},
		{Name: "nil ConfigError", F: func() error { return (*train.ConfigError)(nil) }},
	})
	panictest.NoPanic(t, "nil Trainer Model", func() { nilTrainer.Model() })
	panictest.NoPanic(t, "nil Comparison Why", func() { _ = (*train.Comparison)(nil).Why() })
	panictest.NoPanic(t, "nil Error Unwrap", func() { _ = (*train.Error)(nil).Unwrap() })
}
