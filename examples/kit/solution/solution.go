// Package solution is one answer to the exercise kit (package kit): the
// notebook's functions written with gorgonia and gradlab. The grader's
// tests run against it, so that the grader is known to pass a right
// answer. A learner reads it last.
package solution

import (
	"fmt"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/examples/kit"
	"github.com/gradlab/gradlab/graph"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// LayerSizes is kit.LayerSizes.
func LayerSizes(x, y *gorgonia.Node) (nx, nh, ny int, err error) {
	if x.Dims() != 2 || y.Dims() != 2 {
		return 0, 0, 0, fmt.Errorf("solution: X %v and Y %v must be matrices", x.Shape(), y.Shape())
	}
	return x.Shape()[0], 4, y.Shape()[0], nil
}

// InitializeParameters is kit.InitializeParameters.
func InitializeParameters(nx, nh, ny int) (kit.Weights, error) {
	src := nprand.New(2)
	randn := func(rows, cols int) *tensor.Dense {
		w := make([]float64, rows*cols)
		src.Randn(w)
		for i := range w {
			w[i] *= 0.01
		}
		return tensor.New(tensor.WithShape(rows, cols), tensor.WithBacking(w))
	}
	zeros := func(rows int) *tensor.Dense {
		return tensor.New(tensor.WithShape(rows, 1), tensor.WithBacking(make([]float64, rows)))
	}
	w1 := randn(nh, nx)
	w2 := randn(ny, nh)
	return kit.Weights{W1: w1, B1: zeros(nh), W2: w2, B2: zeros(ny)}, nil
}

// ForwardPropagation is kit.ForwardPropagation.
func ForwardPropagation(x *gorgonia.Node, p kit.Params) (kit.Cache, error) {
	var c kit.Cache
	var err error
	if c.Z1, err = affine(p.W1, x, p.B1); err != nil {
		return c, err
	}
	if c.A1, err = gorgonia.Tanh(c.Z1); err != nil {
		return c, err
	}
	if c.Z2, err = affine(p.W2, c.A1, p.B2); err != nil {
		return c, err
	}
	c.A2, err = gorgonia.Sigmoid(c.Z2)
	return c, err
}

// affine is W·X + b, the bias (n, 1) repeated along the columns.
func affine(w, x, b *gorgonia.Node) (*gorgonia.Node, error) {
	wx, err := gorgonia.Mul(w, x)
	if err != nil {
		return nil, err
	}
	return gorgonia.BroadcastAdd(wx, b, nil, []byte{1})
}

// ComputeCost is kit.ComputeCost.
func ComputeCost(a2, y *gorgonia.Node) (*gorgonia.Node, error) {
	return cost(a2, y, func(u, v *gorgonia.Node) (*gorgonia.Node, error) {
		p, err := gorgonia.HadamardProd(u, v)
		if err != nil {
			return nil, err
		}
		return gorgonia.Sum(p)
	})
}

// ComputeCostDot is kit.ComputeCostDot.
func ComputeCostDot(a2, y *gorgonia.Node) (*gorgonia.Node, error) {
	c, err := cost(a2, y, func(u, v *gorgonia.Node) (*gorgonia.Node, error) {
		vt, err := gorgonia.Transpose(v)
		if err != nil {
			return nil, err
		}
		return gorgonia.Mul(u, vt) // (1,m)·(m,1): a (1,1) matrix
	})
	if err != nil {
		return nil, err
	}
	return graph.AsScalar(c)
}

// cost is −(1/m)·(pair(Y, log A2) + pair(1−Y, log(1−A2))).
func cost(a2, y *gorgonia.Node, pair func(u, v *gorgonia.Node) (*gorgonia.Node, error)) (*gorgonia.Node, error) {
	m := float64(y.Shape()[1])
	one := gorgonia.NewConstant(1.0)
	logA, err := gorgonia.Log(a2)
	if err != nil {
		return nil, err
	}
	oneMinusA, err := gorgonia.Sub(one, a2)
	if err != nil {
		return nil, err
	}
	log1mA, err := gorgonia.Log(oneMinusA)
	if err != nil {
		return nil, err
	}
	oneMinusY, err := gorgonia.Sub(one, y)
	if err != nil {
		return nil, err
	}
	pos, err := pair(y, logA)
	if err != nil {
		return nil, err
	}
	neg, err := pair(oneMinusY, log1mA)
	if err != nil {
		return nil, err
	}
	logprobs, err := gorgonia.Add(pos, neg)
	if err != nil {
		return nil, err
	}
	return gorgonia.HadamardProd(logprobs, gorgonia.NewConstant(-1/m))
}

// BackwardPropagation is kit.BackwardPropagation.
func BackwardPropagation(p kit.Params, c kit.Cache, x, y *gorgonia.Node) (kit.Grads, error) {
	var g kit.Grads
	inv := gorgonia.NewConstant(1 / float64(x.Shape()[1]))
	dz2, err := gorgonia.Sub(c.A2, y)
	if err != nil {
		return g, err
	}
	if g.DW2, g.DB2, err = layerGrads(dz2, c.A1, inv); err != nil {
		return g, err
	}
	w2t, err := gorgonia.Transpose(p.W2)
	if err != nil {
		return g, err
	}
	da1, err := gorgonia.Mul(w2t, dz2)
	if err != nil {
		return g, err
	}
	sq, err := gorgonia.Square(c.A1)
	if err != nil {
		return g, err
	}
	slope, err := gorgonia.Sub(gorgonia.NewConstant(1.0), sq) // tanh′ = 1 − tanh²
	if err != nil {
		return g, err
	}
	dz1, err := gorgonia.HadamardProd(da1, slope)
	if err != nil {
		return g, err
	}
	g.DW1, g.DB1, err = layerGrads(dz1, x, inv)
	return g, err
}

// layerGrads returns (1/m)·dZ·inᵀ and (1/m)·Σ dZ along the columns, kept
// as a column.
func layerGrads(dz, in, inv *gorgonia.Node) (dw, db *gorgonia.Node, err error) {
	it, err := gorgonia.Transpose(in)
	if err != nil {
		return nil, nil, err
	}
	prod, err := gorgonia.Mul(dz, it)
	if err != nil {
		return nil, nil, err
	}
	if dw, err = gorgonia.HadamardProd(inv, prod); err != nil {
		return nil, nil, err
	}
	sum, err := gorgonia.Sum(dz, 1)
	if err != nil {
		return nil, nil, err
	}
	col, err := gorgonia.Reshape(sum, tensor.Shape{dz.Shape()[0], 1})
	if err != nil {
		return nil, nil, err
	}
	db, err = gorgonia.HadamardProd(inv, col)
	return dw, db, err
}

// UpdateParameters is kit.UpdateParameters.
func UpdateParameters(p kit.Params, g kit.Grads, learningRate float64) (kit.Params, error) {
	lr := gorgonia.NewConstant(learningRate)
	step := func(w, dw *gorgonia.Node) (*gorgonia.Node, error) {
		s, err := gorgonia.HadamardProd(lr, dw)
		if err != nil {
			return nil, err
		}
		return gorgonia.Sub(w, s)
	}
	var out kit.Params
	var err error
	for _, u := range []struct{ dst, w, dw **gorgonia.Node }{
		{&out.W1, &p.W1, &g.DW1}, {&out.B1, &p.B1, &g.DB1}, {&out.W2, &p.W2, &g.DW2}, {&out.B2, &p.B2, &g.DB2},
	} {
		if *u.dst, err = step(*u.w, *u.dw); err != nil {
			return kit.Params{}, err
		}
	}
	return out, nil
}

// Predict is kit.Predict.
func Predict(x *gorgonia.Node, p kit.Params) (*gorgonia.Node, error) {
	c, err := ForwardPropagation(x, p)
	if err != nil {
		return nil, err
	}
	return gorgonia.Gt(c.A2, gorgonia.NewConstant(0.5), true)
}
