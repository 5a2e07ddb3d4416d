package train

import (
	"math"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
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
type comparison struct {
	g                  *graph.Graph
	objective          *gorgonia.Node
	train, dot, mulsum *term   // train is dot or mulsum when the loss is one of them
	terms              []*term // each once, the training loss first
}

// term is one cost of the mixture and its weight.
type term struct {
	name         string // the loss's
	cost, weight *gorgonia.Node
}

func newComparison(pass *nn.Pass, y *gorgonia.Node, loss losses.Loss, cost *gorgonia.Node) (*comparison, error) {
	c := &comparison{g: pass.Graph, train: &term{name: loss.Name, cost: cost}}
	c.terms = []*term{c.train}
	for _, form := range []struct {
		name string
		t    **term
	}{{"dot", &c.dot}, {"mulsum", &c.mulsum}} {
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
	return c, c.choose(c.train)
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
func (c *comparison) watched() []*gorgonia.Node { return []*gorgonia.Node{c.dot.cost, c.mulsum.cost} }

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
	cmp := &Comparison{}
	for i, param := range p.Params() {
		d := ParamDiff{Name: param.Name()}
		for k := range dot[i] {
			d.MaxDiff = math.Max(d.MaxDiff, math.Abs(dot[i][k]-mulsum[i][k]))
		}
		cmp.Params = append(cmp.Params, d)
		cmp.MaxGradDiff = math.Max(cmp.MaxGradDiff, d.MaxDiff)
	}
	return cmp, nil
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
		out = append(out, append([]float64(nil), g.Data().([]float64)...))
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
	return nil
}
