package train

import (
	"context"
	"errors"
	"github.com/gradlab/gradlab/graph/gradcheck"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// GradCheck checks the gradients of the training loss at the current
// weights on the first examples of the data, at most max of them (0 means
// all): central differences cost two forward passes per weight, so large
// sets are sampled. It stops, with ctx's error, once ctx is done. A
// float32 run is checked in float32, with the step and tolerances that
// gradcheck's Config gives float32 graphs (ε = 1e-2, not float64's 1e-7,
// which would not move a float32 weight of order 1).
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
	if err := pass.Graph.Bind(pass.X, firstColumns(t.x, k)); err != nil {
		return nil, fail(-1, err)
	}
	if err := pass.Graph.Bind(y, firstColumns(t.y, k)); err != nil {
		return nil, fail(-1, err)
	}
	var sw *gorgonia.Node
	if t.w != nil {
		if sw, err = pass.Graph.Input("S", 1, k); err != nil {
			return nil, fail(-1, err)
		}
		if err := pass.Graph.Bind(sw, firstColumns(t.w, k)); err != nil {
			return nil, fail(-1, err)
		}
	}
	cost, err := t.cfg.Loss.SampleCost(pass.Z, pass.A, y, sw)
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

// firstColumns copies the first k columns of the (n, m) matrix d, of
// either float dtype, into an (n, k) one.
func firstColumns(d *tensor.Dense, k int) *tensor.Dense {
	n, m := d.Shape()[0], d.Shape()[1]
	out := tensor.New(tensor.WithShape(n, k), tensor.Of(d.Dtype()))
	for r := range n {
		if d.Dtype() == tensor.Float32 {
			copy(out.Float32s()[r*k:(r+1)*k], d.Float32s()[r*m:r*m+k])
		} else {
			copy(out.Float64s()[r*k:(r+1)*k], d.Float64s()[r*m:r*m+k])
		}
	}
	return out
}
