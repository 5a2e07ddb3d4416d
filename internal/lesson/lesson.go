// Package lesson is the guided walk-through of the vectorized-loss
// exercise that `train -lesson` prints: why np.sum(np.dot(…)) and
// np.sum(np.multiply(…)) agree for the exercise's cost, where that
// coincidence ends, what the mistaken forms learners write compute on the
// exercise's own network, and the two forms agreeing while it trains.
//
// Every number in a Lesson is computed when Run runs, by gradlab's graph
// (packages graph, nn, nn/train, losses and losses/mistakes); the text
// around the numbers is the only thing written in advance. The tests hold
// each number to testdata/lesson.json, which testdata/lesson.py writes
// with numpy (and PyTorch, for several label rows).
package lesson

import (
	"context"
	"fmt"
	"math"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/ops"
	"github.com/gradlab/gradlab/losses"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Iterations is the length of the lesson's training run, and Every the
// spacing of its reports: the run stays where gradlab follows numpy to
// rounding (the exercise's cost jumps near iteration 7800).
const (
	Iterations = 5000
	Every      = 1000
)

// A Lesson holds the numbers of the walk-through, part by part.
type Lesson struct {
	Products  Products  `json:"products"`  // 1. np.dot and np.multiply
	Example   Example   `json:"example"`   // 2. the cost both ways
	Agreement Agreement `json:"agreement"` // 3. why they agree, and where they stop
	Gallery   []Gallery `json:"gallery"`   // 4. the mistakes, before and after training
	Training  []Step    `json:"training"`  // 5. the two forms while training
}

// Run computes the lesson. Only ctx's cancellation stops it early.
func Run(ctx context.Context) (*Lesson, error) {
	l := &Lesson{}
	var err error
	if l.Products, err = products(); err != nil {
		return nil, fmt.Errorf("lesson: part 1: %w", err)
	}
	if l.Example, err = example(); err != nil {
		return nil, fmt.Errorf("lesson: part 2: %w", err)
	}
	if l.Agreement, err = agreement(); err != nil {
		return nil, fmt.Errorf("lesson: part 3: %w", err)
	}
	if l.Gallery, l.Training, err = exercise(ctx); err != nil {
		return nil, fmt.Errorf("lesson: parts 4 and 5: %w", err)
	}
	return l, nil
}

// A Value is a computed value and its shape, row-major.
type Value struct {
	Shape []int     `json:"shape"`
	Data  []float64 `json:"data"`
}

// Scalar returns the one element of a value that has one; NaN otherwise.
func (v Value) Scalar() float64 {
	if len(v.Data) != 1 {
		return math.NaN()
	}
	return v.Data[0]
}

func valueOf(v gorgonia.Value) (Value, error) {
	out := Value{Shape: append([]int{}, v.Shape()...)}
	switch d := v.Data().(type) {
	case float64:
		out.Data = []float64{d}
	case []float64:
		out.Data = append([]float64(nil), d...)
	default:
		return Value{}, fmt.Errorf("a value of %T, not float64", d)
	}
	return out, nil
}

// input declares the data input name of the given shape on g and feeds it
// data, row-major.
func input(g *graph.Graph, name string, data []float64, shape ...int) (*gorgonia.Node, error) {
	n, err := g.Input(name, shape...)
	if err != nil {
		return nil, err
	}
	return n, g.Feed(n, tensor.New(tensor.WithShape(shape...), tensor.WithBacking(append([]float64(nil), data...))))
}

// eval runs a forward program of g for outs and returns their values.
func eval(g *graph.Graph, outs ...*gorgonia.Node) ([]Value, error) {
	p, err := g.CompileForward(outs...)
	if err != nil {
		return nil, err
	}
	if err := p.Run(); err != nil {
		return nil, err
	}
	vals := make([]Value, len(outs))
	for i, n := range outs {
		v, err := p.Value(n)
		if err != nil {
			return nil, err
		}
		if vals[i], err = valueOf(v); err != nil {
			return nil, fmt.Errorf("%s: %w", n.Name(), err)
		}
	}
	return vals, nil
}

// builder builds formulas on a graph and keeps the first error: once an
// operation fails, every later one returns nil without building, so that
// a formula reads as a formula and no nil node reaches gorgonia.
type builder struct {
	g   *graph.Graph
	err error
}

func (b *builder) op(f func() (*gorgonia.Node, error)) *gorgonia.Node {
	if b.err != nil {
		return nil
	}
	n, err := f()
	b.err = err
	return n
}

func (b *builder) input(name string, data []float64, shape ...int) *gorgonia.Node {
	return b.op(func() (*gorgonia.Node, error) { return input(b.g, name, data, shape...) })
}

func (b *builder) mul(x, y *gorgonia.Node) *gorgonia.Node {
	return b.op(func() (*gorgonia.Node, error) { return gorgonia.Mul(x, y) })
}

func (b *builder) times(x, y *gorgonia.Node) *gorgonia.Node {
	return b.op(func() (*gorgonia.Node, error) { return gorgonia.HadamardProd(x, y) })
}

func (b *builder) add(x, y *gorgonia.Node) *gorgonia.Node {
	return b.op(func() (*gorgonia.Node, error) { return gorgonia.Add(x, y) })
}

// oneMinus is 1 − x.
func (b *builder) oneMinus(x *gorgonia.Node) *gorgonia.Node {
	return b.op(func() (*gorgonia.Node, error) { return gorgonia.Sub(b.g.Constant(1), x) })
}

func (b *builder) scale(x *gorgonia.Node, c float64) *gorgonia.Node {
	return b.op(func() (*gorgonia.Node, error) { return gorgonia.HadamardProd(x, b.g.Constant(c)) })
}

func (b *builder) sum(x *gorgonia.Node) *gorgonia.Node {
	return b.op(func() (*gorgonia.Node, error) { return gorgonia.Sum(x) })
}

func (b *builder) t(x *gorgonia.Node) *gorgonia.Node {
	return b.op(func() (*gorgonia.Node, error) { return gorgonia.Transpose(x) })
}

// log is the clamped logarithm of the correct costs (package losses).
func (b *builder) log(x *gorgonia.Node) *gorgonia.Node {
	return b.op(func() (*gorgonia.Node, error) { return ops.ClampedLog(x, losses.LogFloor) })
}

// squeeze drops every axis of length 1, as np.squeeze does.
func (b *builder) squeeze(x *gorgonia.Node) *gorgonia.Node {
	return b.op(func() (*gorgonia.Node, error) {
		var s tensor.Shape
		for _, d := range x.Shape() {
			if d != 1 {
				s = append(s, d)
			}
		}
		if s == nil {
			s = tensor.ScalarShape()
		}
		return gorgonia.Reshape(x, s)
	})
}

func (b *builder) eval(outs ...*gorgonia.Node) ([]Value, error) {
	if b.err != nil {
		return nil, b.err
	}
	return eval(b.g, outs...)
}
