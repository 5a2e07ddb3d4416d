package train

import (
	"context"
	"errors"
	"github.com/gradlab/gradlab/graph/gradcheck"
	"gorgonia.org/tensor"
)

// GradCheck checks the gradients of the training loss at the current
// weights on the first examples of the data, at most max of them (0 means
// all): central differences cost two forward passes per weight, so large
// sets are sampled. It stops, with ctx's error, once ctx is done.
func (t *Trainer) GradCheck(ctx context.Context, c gradcheck.Config, max int) (*gradcheck.Report, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	if ctx == nil {
		return nil, fail(-1, errors.New("a nil context (use context.Background)"))
	}
	k := t.m
	if max > 0 && max < k {
		k = max
	}
	if t.k > 1 && k == 1 {
		k = 2 // the losses refuse K label rows of one example; m ≥ 2 then
	}
	pass, err := t.model.Net.NewPass(k)
	if err != nil {
		return nil, fail(-1, err)
	}
	y, err := pass.Graph.Input("Y", t.k, k)
	if err != nil {
		return nil, fail(-1, err)
	}
	xs := make([]float64, t.nx*k)
	for r := 0; r < t.nx; r++ {
		copy(xs[r*k:(r+1)*k], t.x[r*t.m:r*t.m+k])
	}
	if err := pass.Graph.Bind(pass.X, tensor.New(tensor.WithShape(t.nx, k), tensor.WithBacking(xs))); err != nil {
		return nil, fail(-1, err)
	}
	ys := make([]float64, t.k*k)
	for r := 0; r < t.k; r++ {
		copy(ys[r*k:(r+1)*k], t.y[r*t.m:r*t.m+k])
	}
	if err := pass.Graph.Bind(y, tensor.New(tensor.WithShape(t.k, k), tensor.WithBacking(ys))); err != nil {
		return nil, fail(-1, err)
	}
	cost, err := t.cfg.Loss.Cost(pass.Z, pass.A, y)
	if err != nil {
		return nil, fail(-1, err)
	}
	p, err := pass.Graph.Compile(cost)
	if err != nil {
		return nil, fail(-1, err)
	}
	r, err := c.CheckContext(ctx, p)
	if err != nil {
		return nil, fail(-1, err)
	}
	return r, nil
}
