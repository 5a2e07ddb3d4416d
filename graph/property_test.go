package graph_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func noPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("%s panicked: %v", what, p)
		}
	}()
	f()
}

func randomTensor(r *rand.Rand) tensor.Tensor {
	shape := make([]int, r.IntN(4))
	n := 1
	for i := range shape {
		shape[i] = 1 + r.IntN(3)
		n *= shape[i]
	}
	switch r.IntN(4) {
	case 0:
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(make([]float32, n)))
	case 1:
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(make([]int, n)))
	case 2:
		return nil
	}
	if len(shape) == 0 {
		return tensor.New(tensor.FromScalar(1.5))
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(make([]float64, n)))
}

// Random values fed to random inputs, and read back as scalars, either work
// or return an error; nothing panics.
func TestFeedAndScalarNeverPanic(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 500 {
		g := graph.New()
		shape := make([]int, r.IntN(4))
		for j := range shape {
			shape[j] = r.IntN(4)
		}
		v := randomTensor(r)
		noPanic(t, fmt.Sprintf("case %d: Input %v, Feed %v", i, shape, v), func() {
			x, err := g.Input("", shape...)
			if err != nil {
				return
			}
			if err := g.Feed(x, v); err == nil && !v.Shape().Eq(x.Shape()) {
				t.Errorf("Feed of %v into %v succeeded", v.Shape(), x.Shape())
			}
			if v != nil {
				_, _ = graph.Scalar(v)
			}
			if s, err := graph.AsScalar(x); err == nil && !s.IsScalar() {
				t.Errorf("AsScalar of %v gave shape %v", x.Shape(), s.Shape())
			}
		})
	}
}

// nil and foreign nodes are errors at every entry point.
func TestNilAndForeignNodes(t *testing.T) {
	g, other := graph.New(), graph.New()
	foreign, _ := other.Input("X", 2, 2)
	var typedNil *tensor.Dense
	for name, f := range map[string]func() error{
		"Feed(nil node)":          func() error { return g.Feed(nil, tensor.New(tensor.FromScalar(1.0))) },
		"Feed(foreign)":           func() error { return g.Feed(foreign, tensor.New(tensor.WithShape(2, 2), tensor.Of(tensor.Float64))) },
		"Feed(typed nil)":         func() error { x, _ := g.Input("a", 2); return g.Feed(x, typedNil) },
		"FeedScalar(nil)":         func() error { return g.FeedScalar(nil, 1) },
		"Param(nil)":              func() error { _, err := g.Param("p", nil); return err },
		"AsScalar(nil)":           func() error { _, err := graph.AsScalar(nil); return err },
		"Scalar(nil)":             func() error { _, err := graph.Scalar(nil); return err },
		"Scalar(typed nil)":       func() error { _, err := graph.Scalar(typedNil); return err },
		"Compile(nil)":            func() error { _, err := g.Compile(nil); return err },
		"Compile(foreign)":        func() error { _, err := g.Compile(foreign); return err },
		"CompileForward()":        func() error { _, err := g.CompileForward(); return err },
		"CompileForward(nil)":     func() error { _, err := g.CompileForward(nil); return err },
		"CompileForward(foreign)": func() error { _, err := g.CompileForward(foreign); return err },
	} {
		noPanic(t, name, func() {
			if err := f(); err == nil {
				t.Errorf("%s succeeded", name)
			}
		})
	}
	_ = gorgonia.Nodes{}
}
