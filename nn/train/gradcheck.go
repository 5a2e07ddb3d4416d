package train

import (
	"fmt"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/graph/gradcheck"
	"gorgonia.org/tensor"
)

// GradCheck checks the gradients of the training loss at the current
// weights on the first examples of the data, at most max of them (0 means
// all): central differences cost two forward passes per weight, so large
// sets are sampled.
func (t *Trainer) GradCheck(c gradcheck.Config, max int) (*gradcheck.Report, error) {
	k := t.m
	if max > 0 && max < k {
		k = max
	}
	g := graph.New()
	net, err := t.model.Net.On(g)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	x, err := g.Input("X", t.nx, k)
	if err != nil {
		return nil, err
	}
	y, err := g.Input("Y", 1, k)
	if err != nil {
		return nil, err
	}
	xs := make([]float64, t.nx*k)
	for r := 0; r < t.nx; r++ {
		copy(xs[r*k:(r+1)*k], t.x[r*t.m:r*t.m+k])
	}
	if err := g.Feed(x, tensor.New(tensor.WithShape(t.nx, k), tensor.WithBacking(xs))); err != nil {
		return nil, err
	}
	if err := g.Feed(y, tensor.New(tensor.WithShape(1, k), tensor.WithBacking(append([]float64(nil), t.y[:k]...)))); err != nil {
		return nil, err
	}
	out, err := net.Forward(x)
	if err != nil {
		return nil, err
	}
	cost, err := t.cfg.Loss.Cost(out.Z, out.A, y)
	if err != nil {
		return nil, err
	}
	p, err := g.Compile(cost)
	if err != nil {
		return nil, err
	}
	return c.Check(p)
}
