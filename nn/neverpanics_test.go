package nn_test

import (
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/panictest"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/tensor"
)

func TestNeverPanics(t *testing.T) {
	src := zeroSource{}
	g := graph.New()
	net, err := nn.NewTwoLayer(g, 2, 3, 1, src)
	if err != nil {
		t.Fatal(err)
	}
	x, _ := g.Input("x", 2, 5)
	vec, _ := g.Input("vec", 2)
	g32, _ := graph.NewOf(tensor.Float32)
	x32, _ := g32.Input("x", 2, 5)
	other := graph.New()
	ox, _ := other.Input("x", 2, 5)
	var nilNet *nn.MLP
	var nilDense *nn.Dense
	withNil := &nn.MLP{Layers: []*nn.Dense{net.Layers[0], nil}}
	unchained := &nn.MLP{Layers: []*nn.Dense{net.Layers[0], net.Layers[0]}} // 3 outputs into 2 inputs
	noAct := &nn.MLP{Layers: []*nn.Dense{{W: net.Layers[0].W, B: net.Layers[0].B}}}
	swapped := &nn.Dense{W: net.Layers[0].B, B: net.Layers[0].W, Activation: nn.Tanh}
	panictest.Errors(t, []panictest.Call{
		{Name: "CheckSizes(nil)", F: func() error { return nn.CheckSizes(nil) }},
		{Name: "ActivationByName of an unknown name", F: func() error { _, err := nn.ActivationByName("swish"); return err }},
		{Name: "InitByName of an empty name", F: func() error { _, err := nn.InitByName(""); return err }},
		{Name: "zero Activation Apply", F: func() error { _, err := nn.Activation{}.Apply(x); return err }},
		{Name: "named Activation without a function", F: func() error { _, err := nn.Activation{Name: "relu"}.Apply(x); return err }},
		{Name: "Apply to nil", F: func() error { _, err := nn.ReLU.Apply(nil); return err }},
		{Name: "zero Init Draw", F: func() error { _, err := nn.Init{}.Draw(src, 2, 2); return err }},
		{Name: "Draw from nil", F: func() error { _, err := nn.Small.Draw(nil, 2, 2); return err }},
		{Name: "Draw 0 inputs", F: func() error { _, err := nn.Small.Draw(src, 2, 0); return err }},
		{Name: "Draw too many", F: func() error { _, err := nn.Small.Draw(src, 1<<20, 1<<20); return err }},
		{Name: "NewDense on a nil graph", F: func() error { _, err := nn.NewDense(nil, "1", 2, 2, nn.Tanh, nn.Small, src); return err }},
		{Name: "NewDense on a zero graph", F: func() error { _, err := nn.NewDense(&graph.Graph{}, "1", 2, 2, nn.Tanh, nn.Small, src); return err }},
		{Name: "NewDense of 0 outputs", F: func() error { _, err := nn.NewDense(graph.New(), "1", 2, 0, nn.Tanh, nn.Small, src); return err }},
		{Name: "NewDense with a zero Activation", F: func() error {
			_, err := nn.NewDense(graph.New(), "1", 2, 2, nn.Activation{}, nn.Small, src)
			return err
		}},
		{Name: "NewDense with a zero Init", F: func() error { _, err := nn.NewDense(graph.New(), "1", 2, 2, nn.Tanh, nn.Init{}, src); return err }},
		{Name: "NewDense from nil", F: func() error { _, err := nn.NewDense(graph.New(), "1", 2, 2, nn.Tanh, nn.Small, nil); return err }},
		{Name: "nil Dense Forward", F: func() error { _, _, err := nilDense.Forward(x); return err }},
		{Name: "zero Dense Forward", F: func() error { _, _, err := (&nn.Dense{}).Forward(x); return err }},
		{Name: "Dense Forward of nil", F: func() error { _, _, err := net.Layers[0].Forward(nil); return err }},
		{Name: "Dense Forward of another graph", F: func() error { _, _, err := net.Layers[0].Forward(ox); return err }},
		{Name: "Dense Forward of float32", F: func() error { _, _, err := net.Layers[0].Forward(x32); return err }},
		{Name: "Dense Forward of a vector", F: func() error { _, _, err := net.Layers[0].Forward(vec); return err }},
		{Name: "Dense with W and b swapped", F: func() error { _, _, err := swapped.Forward(x); return err }},
		{Name: "NewMLP on a nil graph", F: func() error { _, err := nn.NewMLP(nil, nn.Config{Inputs: 2}, src); return err }},
		{Name: "NewMLP on a zero graph", F: func() error { _, err := nn.NewMLP(&graph.Graph{}, nn.Config{Inputs: 2}, src); return err }},
		{Name: "NewMLP of a zero Config", F: func() error { _, err := nn.NewMLP(graph.New(), nn.Config{}, src); return err }},
		{Name: "NewMLP of negative outputs", F: func() error { _, err := nn.NewMLP(graph.New(), nn.Config{Inputs: 2, Outputs: -1}, src); return err }},
		{Name: "NewMLP with a named Activation without a function", F: func() error {
			_, err := nn.NewMLP(graph.New(), nn.Config{Inputs: 2, Activation: nn.Activation{Name: "relu"}}, src)
			return err
		}},
		{Name: "NewMLP with a named Init without a function", F: func() error {
			_, err := nn.NewMLP(graph.New(), nn.Config{Inputs: 2, Init: nn.Init{Name: "he"}}, src)
			return err
		}},
		{Name: "NewMLP from nil", F: func() error { _, err := nn.NewMLP(graph.New(), nn.Config{Inputs: 2}, nil); return err }},
		{Name: "NewTwoLayer on a nil graph", F: func() error { _, err := nn.NewTwoLayer(nil, 2, 3, 1, src); return err }},
		{Name: "NewTwoLayer of 0 hidden units", F: func() error { _, err := nn.NewTwoLayer(graph.New(), 2, 0, 1, src); return err }},
		{Name: "nil MLP Forward", F: func() error { _, err := nilNet.Forward(x); return err }},
		{Name: "zero MLP Forward", F: func() error { _, err := (&nn.MLP{}).Forward(x); return err }},
		{Name: "MLP with a nil layer Forward", F: func() error { _, err := withNil.Forward(x); return err }},
		{Name: "MLP of unchained layers Forward", F: func() error { _, err := unchained.Forward(x); return err }},
		{Name: "MLP with a layer without activation Forward", F: func() error { _, err := noAct.Forward(x); return err }},
		{Name: "MLP Forward of nil", F: func() error { _, err := net.Forward(nil); return err }},
		{Name: "MLP Forward of another graph", F: func() error { _, err := net.Forward(ox); return err }},
		{Name: "nil MLP NewPass", F: func() error { _, err := nilNet.NewPass(3); return err }},
		{Name: "zero MLP NewPass", F: func() error { _, err := (&nn.MLP{}).NewPass(3); return err }},
		{Name: "MLP with a nil layer NewPass", F: func() error { _, err := withNil.NewPass(3); return err }},
		{Name: "NewPass of 0 examples", F: func() error { _, err := net.NewPass(0); return err }},
		{Name: "NewPass of -1 examples", F: func() error { _, err := net.NewPass(-1); return err }},
		{Name: "nil MLP On", F: func() error { _, err := nilNet.On(graph.New()); return err }},
		{Name: "MLP with a nil layer On", F: func() error { _, err := withNil.On(graph.New()); return err }},
		{Name: "On a nil graph", F: func() error { _, err := net.On(nil); return err }},
		{Name: "On a zero graph", F: func() error { _, err := net.On(&graph.Graph{}); return err }},
		{Name: "On a float32 graph", F: func() error { _, err := net.On(g32); return err }},
		{Name: "nil MLP Check", F: func() error { return nilNet.Check() }},
	})
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"nil MLP Params", func() { nilNet.Params() }},
		{"nil MLP Sizes", func() { nilNet.Sizes() }},
		{"MLP with a nil layer Params", func() { withNil.Params() }},
		{"MLP with a nil layer Sizes", func() { withNil.Sizes() }},
		{"ActivationNames", func() { nn.ActivationNames() }},
		{"InitNames", func() { nn.InitNames() }},
	} {
		panictest.NoPanic(t, c.name, c.f)
	}
}
