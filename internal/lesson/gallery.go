package lesson

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/losses/mistakes"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/backprop"
	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Gallery is part 4 at one point of training: the correct cost and every
// mistake computed on the exercise network's A2.
type Gallery struct {
	Iteration int   `json:"iteration"` // the updates made before: 0 at the initial weights
	Rows      []Row `json:"rows"`      // the correct cost first, then mistakes.All()
}

// A Row is one cost of the gallery.
type Row struct {
	Name      string `json:"name"`
	Numpy     string `json:"numpy"`
	Diagnosis string `json:"diagnosis"`
	// Error is the error the cost's construction returned, numpy's for
	// the missing transpose; the other fields are then empty.
	Error     string  `json:"error,omitempty"`
	Cost      float64 `json:"cost"`
	CostShape []int   `json:"cost_shape"`
	Widest    []int   `json:"widest"` // the largest value computed from A2 and Y: (m,m) for the outer products
	// The gradient by W1, b1, W2 and b2 against the correct cost's: the
	// largest |Δ| of an element, ‖g − g*‖/‖g*‖, and the cosine of the
	// angle between them (1: the same direction; −1: the opposite).
	GradMaxDiff float64 `json:"grad_max_diff"`
	GradRelDiff float64 `json:"grad_rel_diff"`
	GradCosine  float64 `json:"grad_cosine"`
}

// Step is part 5: compare mode at one report of training, both forms on
// the same A2 (train.Comparison).
type Step struct {
	Iteration   int     `json:"iteration"`
	CostDot     float64 `json:"cost_dot"`
	CostMulSum  float64 `json:"cost_mulsum"`
	CostDiff    float64 `json:"cost_diff"`     // |CostDot − CostMulSum|
	MaxGradDiff float64 `json:"max_grad_diff"` // the largest |Δ| between the forms' gradients
	// HandGrad is the notebook's hand-derived backward_propagation at the
	// same weights, dW1, db1, dW2, db2 flattened; HandDiff, its largest
	// |Δ| from autodiff's gradient of the multiply+sum form.
	HandGrad []float64 `json:"hand_grad"`
	HandDiff float64   `json:"hand_diff"`
}

// exercise trains the exercise's network (datasets.Planar(400, 1),
// nn.NewTwoLayer's weights from nprand.New(2)) for Iterations steps in
// compare mode, and computes the gallery before and after.
func exercise(ctx context.Context) ([]Gallery, []Step, error) {
	set, err := datasets.Planar(400, 1)
	if err != nil {
		return nil, nil, err
	}
	var steps []Step
	var net *nn.MLP // the network being trained, set before the first report
	t, err := train.New(set.X, set.Y, train.Config{
		Hidden:     []int{4},
		Weights:    nprand.New(2),
		Iterations: Iterations,
		Every:      Every,
		Compare:    true,
		OnReport: func(r train.Report) error {
			if r.Compare == nil {
				return errors.New("a report without compare mode's numbers")
			}
			c := r.Compare
			s := Step{Iteration: r.Iteration, CostDot: c.CostDot, CostMulSum: c.CostMulSum, CostDiff: c.CostDiff, MaxGradDiff: c.MaxGradDiff}
			_, auto, err := costOf(net, set, losses.BCEMulSum)
			if err != nil {
				return err
			}
			if s.HandGrad, err = handGrads(net, set); err != nil {
				return err
			}
			s.HandDiff = maxDiff(s.HandGrad, auto)
			steps = append(steps, s)
			return nil
		},
	})
	if err != nil {
		return nil, nil, err
	}
	net = t.Model().Net
	before, err := gallery(net, set, 0)
	if err != nil {
		return nil, nil, err
	}
	res, err := t.Run(ctx)
	if err != nil {
		return nil, nil, err
	}
	after, err := gallery(net, set, res.Iterations)
	if err != nil {
		return nil, nil, err
	}
	return []Gallery{before, after}, steps, nil
}

func gallery(net *nn.MLP, set *datasets.Set, iteration int) (Gallery, error) {
	correct, grad, err := costOf(net, set, losses.BCEMulSum)
	if err != nil {
		return Gallery{}, fmt.Errorf("the correct cost: %w", err)
	}
	correct.Name = "correct"
	correct.Numpy = "-np.sum(np.multiply(Y, np.log(A2)) + np.multiply(1 - Y, np.log(1 - A2))) / m"
	correct.Diagnosis = "the exercise's cost"
	correct.GradCosine = 1
	gal := Gallery{Iteration: iteration, Rows: []Row{correct}}
	for _, m := range mistakes.All() {
		r, g, err := costOf(net, set, m.Build)
		var na *mistakes.NotAlignedError
		switch {
		case errors.As(err, &na):
			r.Error = err.Error()
		case err != nil:
			return Gallery{}, fmt.Errorf("%s: %w", m.Name, err)
		default:
			r.GradMaxDiff, r.GradRelDiff, r.GradCosine = distance(g, grad)
		}
		r.Name, r.Numpy, r.Diagnosis = m.Name, m.Numpy, m.Diagnosis
		gal.Rows = append(gal.Rows, r)
	}
	return gal, nil
}

// costOf builds cost on a pass of net over set, and returns its value and
// shapes and its gradient by the parameters, flattened in their order.
func costOf(net *nn.MLP, set *datasets.Set, cost func(a, y *gorgonia.Node) (*gorgonia.Node, error)) (Row, []float64, error) {
	m := set.Examples()
	pass, err := net.NewPass(m)
	if err != nil {
		return Row{}, nil, err
	}
	g := pass.Graph
	y, err := g.Input("Y", 1, m)
	if err != nil {
		return Row{}, nil, err
	}
	c, err := cost(pass.A, y)
	if err != nil {
		return Row{}, nil, err
	}
	r := Row{CostShape: append([]int{}, c.Shape()...), Widest: append([]int{}, mistakes.Widest(c, pass.A, y)...)}
	if c, err = graph.AsScalar(c); err != nil {
		return Row{}, nil, err
	}
	p, err := g.Compile(c)
	if err != nil {
		return Row{}, nil, err
	}
	for _, f := range []struct {
		n *gorgonia.Node
		v *tensor.Dense
	}{{pass.X, set.X}, {y, set.Y}} {
		if err := g.Feed(f.n, f.v); err != nil {
			return Row{}, nil, err
		}
	}
	if err := p.Run(); err != nil {
		return Row{}, nil, err
	}
	if r.Cost, err = p.Cost(); err != nil {
		return Row{}, nil, err
	}
	var grad []float64
	for _, param := range p.Params() {
		gv, err := p.Grad(param)
		if err != nil {
			return Row{}, nil, err
		}
		grad = append(grad, gv.Data().([]float64)...)
	}
	return r, grad, nil
}

// handGrads builds the notebook's backward_propagation (nn/backprop) on
// a pass of net over set and returns dW1, db1, dW2, db2, flattened.
func handGrads(net *nn.MLP, set *datasets.Set) ([]float64, error) {
	pass, err := net.NewPass(set.Examples())
	if err != nil {
		return nil, err
	}
	c, err := backprop.FromForward(pass.Net, pass.Output)
	if err != nil {
		return nil, err
	}
	y, err := pass.Graph.Input("Y", 1, set.Examples())
	if err != nil {
		return nil, err
	}
	g, err := backprop.Backward(c, pass.X, y)
	if err != nil {
		return nil, err
	}
	for _, f := range []struct {
		n *gorgonia.Node
		v *tensor.Dense
	}{{pass.X, set.X}, {y, set.Y}} {
		if err := pass.Graph.Feed(f.n, f.v); err != nil {
			return nil, err
		}
	}
	v, err := eval(pass.Graph, g.List()...)
	if err != nil {
		return nil, err
	}
	var out []float64
	for _, d := range v {
		out = append(out, d.Data...)
	}
	return out, nil
}

// distance returns the largest |g − want| of an element, ‖g − want‖/‖want‖
// and the cosine of the angle between g and want.
func distance(g, want []float64) (maxAbs, rel, cos float64) {
	var diff, norm, gnorm, dot float64
	for i := range g {
		d := g[i] - want[i]
		maxAbs = math.Max(maxAbs, math.Abs(d))
		diff += d * d
		norm += want[i] * want[i]
		gnorm += g[i] * g[i]
		dot += g[i] * want[i]
	}
	return maxAbs, math.Sqrt(diff / norm), dot / math.Sqrt(gnorm*norm)
}
