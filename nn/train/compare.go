package train

import (
	"errors"
	"math"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/dense"
	"github.com/gradlab/gradlab/internal/ops"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/losses/mistakes"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/backprop"
	"gorgonia.org/gorgonia"
)

// comparison is compare mode on one step's graph: the dot and the
// multiply+sum forms of BCE on the step's A2, and the gradients of each.
//
// A graph can hold only one gradient, so the program's objective is the
// mixture Σ wₖ·costₖ of the training loss and both forms, with scalar
// inputs wₖ set one-hot: 1·g + 0·g′ = g in floating point too, so each
// setting gives exactly one cost's gradient, and the training setting the
// training loss's, unchanged.
//
// With K > 1 label rows the dot form is its trace (losses.BCETrace), and
// naive is np.sum of its (K,K) matrix (mistakes.SumOfDot), a value shown
// beside the cost, never a term of the mixture.
type comparison struct {
	g                  *graph.Graph
	objective          *gorgonia.Node
	train, dot, mulsum *term          // train is dot or mulsum when the loss is one of them
	terms              []*term        // each once, the training loss first
	naive              *gorgonia.Node // K > 1 only

	// The hand-derived gradients, in the parameters' order, on a
	// forward-only program of the same graph, with A2; nil when the
	// network is not the exercise's.
	hand    []*gorgonia.Node
	a2      *gorgonia.Node
	handRun *graph.Program
}

// term is one cost of the mixture and its weight.
type term struct {
	name         string // the loss's
	cost, weight *gorgonia.Node
}

func newComparison(pass *nn.Pass, y *gorgonia.Node, loss losses.Loss, cost *gorgonia.Node) (*comparison, error) {
	if !loss.Weights.IsZero() {
		// The comparison and its hand-derived gradients are the
		// exercise's unweighted forms.
		return nil, &ConfigError{Field: "Compare", Value: true, Want: "an unweighted Loss: compare mode compares the exercise's unweighted forms"}
	}
	c := &comparison{g: pass.Graph, train: &term{name: loss.Name, cost: cost}}
	c.terms = []*term{c.train}
	dotForm := "dot"
	if y.Shape()[0] > 1 {
		dotForm = "trace"
		naive, err := mistakes.SumOfDot(pass.A, y)
		if err != nil {
			return nil, err
		}
		if c.naive, err = graph.AsScalar(naive); err != nil {
			return nil, err
		}
	}
	for _, form := range []struct {
		name string
		t    **term
	}{{dotForm, &c.dot}, {"mulsum", &c.mulsum}} {
		if loss.Name == form.name {
			*form.t = c.train
			continue
		}
		l, err := losses.ByName(form.name)
		if err != nil {
			return nil, err
		}
		fc, err := l.Cost(pass.Z, pass.A, y)
		if err != nil {
			return nil, err
		}
		*form.t = &term{name: form.name, cost: fc}
		c.terms = append(c.terms, *form.t)
	}
	if err := c.mix(); err != nil {
		return nil, err
	}
	if err := c.handDerived(pass, y); err != nil {
		return nil, err
	}
	return c, c.choose(c.train)
}

// handDerived builds the course's backward pass beside autodiff, for the
// exercise's network only, on a forward-only program of its own: it runs
// at reports alone, and leaves the training program as it was.
func (c *comparison) handDerived(pass *nn.Pass, y *gorgonia.Node) error {
	cache, err := backprop.FromForward(pass.Net, pass.Output)
	if errors.Is(err, backprop.ErrNetwork) {
		return nil
	}
	if err != nil {
		return err
	}
	grads, err := backprop.Backward(cache, pass.X, y)
	if err != nil {
		return err
	}
	c.hand, c.a2 = grads.List(), pass.A
	c.handRun, err = c.g.CompileForward(append([]*gorgonia.Node{c.a2}, c.hand...)...)
	return err
}

// mix builds the objective Σ wₖ·costₖ.
func (c *comparison) mix() error {
	for _, t := range c.terms {
		w, err := c.g.Input("weight of " + t.name)
		if err != nil {
			return err
		}
		t.weight = w
		part, err := gorgonia.HadamardProd(w, t.cost)
		if err != nil {
			return err
		}
		if c.objective == nil {
			c.objective = part
		} else if c.objective, err = gorgonia.Add(c.objective, part); err != nil {
			return err
		}
	}
	return nil
}

// choose sets the weights so that the objective is t's cost alone.
func (c *comparison) choose(t *term) error {
	for _, u := range c.terms {
		w := 0.0
		if u == t {
			w = 1
		}
		if err := c.g.FeedScalar(u.weight, w); err != nil {
			return err
		}
	}
	return nil
}

// watched are the nodes whose values a report needs.
func (c *comparison) watched() []*gorgonia.Node {
	if c.naive != nil {
		return []*gorgonia.Node{c.dot.cost, c.mulsum.cost, c.naive}
	}
	return []*gorgonia.Node{c.dot.cost, c.mulsum.cost}
}

// gradients runs p once for each form and compares their gradients; the
// weights are set back for training.
func (c *comparison) gradients(p *graph.Program) (*Comparison, error) {
	dot, err := c.gradsOf(p, c.dot)
	if err != nil {
		return nil, err
	}
	mulsum, err := c.gradsOf(p, c.mulsum)
	if err != nil {
		return nil, err
	}
	if err := c.choose(c.train); err != nil {
		return nil, err
	}
	hand, saturated, err := c.handGrads()
	if err != nil {
		return nil, err
	}
	cmp := &Comparison{Hand: hand != nil, Saturated: saturated}
	for i, param := range p.Params() {
		d := ParamDiff{Name: param.Name(), MaxDiff: maxDiff(dot[i], mulsum[i])}
		if hand != nil {
			d.DotHand, d.MulSumHand = maxDiff(dot[i], hand[i]), maxDiff(mulsum[i], hand[i])
		}
		cmp.Params = append(cmp.Params, d)
		cmp.MaxGradDiff = math.Max(cmp.MaxGradDiff, d.MaxDiff)
		cmp.MaxHandDiff = math.Max(cmp.MaxHandDiff, math.Max(d.DotHand, d.MulSumHand))
	}
	return cmp, nil
}

// handGrads runs the hand-derived program and returns copies of its
// gradients and how many examples' A2 are saturated; nil without one.
func (c *comparison) handGrads() ([][]float64, int, error) {
	if c.handRun == nil {
		return nil, 0, nil
	}
	if err := c.handRun.Run(); err != nil {
		return nil, 0, err
	}
	out := make([][]float64, len(c.hand))
	for i, n := range c.hand {
		v, err := c.handRun.Value(n)
		if err != nil {
			return nil, 0, err
		}
		out[i] = dense.Values(v)
	}
	a2, err := c.handRun.Value(c.a2)
	if err != nil {
		return nil, 0, err
	}
	saturated := 0
	for _, a := range dense.Values(a2) {
		if a < ops.GradEpsilon || 1-a < ops.GradEpsilon {
			saturated++
		}
	}
	return out, saturated, nil
}

func maxDiff(a, b []float64) float64 {
	d := 0.0
	for k := range a {
		d = math.Max(d, math.Abs(a[k]-b[k]))
	}
	return d
}

// gradsOf returns copies of the gradients of t's cost.
func (c *comparison) gradsOf(p *graph.Program, t *term) ([][]float64, error) {
	if err := c.choose(t); err != nil {
		return nil, err
	}
	if err := p.Run(); err != nil {
		return nil, err
	}
	var out [][]float64
	for _, param := range p.Params() {
		g, err := p.Grad(param)
		if err != nil {
			return nil, err
		}
		out = append(out, dense.Values(g))
	}
	return out, nil
}

// costs fills in the two forms' costs from p's last run, the training run.
func (c *comparison) costs(p *graph.Program, cmp *Comparison) error {
	var err error
	if cmp.CostDot, err = valueOf(p, c.dot.cost); err != nil {
		return err
	}
	if cmp.CostMulSum, err = valueOf(p, c.mulsum.cost); err != nil {
		return err
	}
	cmp.CostDiff = math.Abs(cmp.CostDot - cmp.CostMulSum)
	if c.naive != nil {
		if cmp.NaiveDot, err = valueOf(p, c.naive); err != nil {
			return err
		}
	}
	return nil
}
