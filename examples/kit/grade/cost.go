package grade

import (
	"errors"
	"fmt"
	"math"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/losses/mistakes"
	"gorgonia.org/gorgonia"
)

// CostFunc is the signature of the kit's two cost functions.
type CostFunc = func(a2, y *gorgonia.Node) (*gorgonia.Node, error)

// matchTol is how close a cost and its gradient must be to a mistake's to
// be called that mistake: far tighter than any two mistakes are apart on
// the test case, far looser than rounding.
const matchTol = 1e-9

// ComputeCost grades kit.ComputeCost, the multiply+sum form, on
// compute_cost_test_case.
func ComputeCost(fn CostFunc) Verdict { return cost("ComputeCost", fn) }

// ComputeCostDot grades kit.ComputeCostDot, the dot form, on
// compute_cost_test_case. A (1,1) cost is wrong: gradients need a scalar.
func ComputeCostDot(fn CostFunc) Verdict { return cost("ComputeCostDot", fn) }

// evaluation is a cost and its gradient by A2 on the test case.
type evaluation struct {
	cost float64
	grad []float64
}

func cost(name string, fn CostFunc) Verdict {
	v := newVerdict(name)
	c, err := load()
	if err != nil {
		return v.fail(err)
	}
	in := c.Inputs.Cost
	g, a2, y, err := costGraph(in.A2, in.Y)
	if err != nil {
		return v.fail(err)
	}
	var out *gorgonia.Node
	err = call(func() (err error) { out, err = fn(a2, y); return err })
	var na *mistakes.NotAlignedError
	switch {
	case errors.As(err, &na):
		return v.known("no-transpose", fmt.Sprintf("it returned numpy's error, %v", err))
	case !v.done(err):
		if v.Done && name == "ComputeCostDot" {
			v.say("if the error came from Mul: a (1,m) row times a (1,m) row has no inner dimension; transpose the second factor, Y·log(A2)ᵀ")
		}
		return v.result()
	case out == nil:
		v.say("it returned a nil cost: return the node it built")
		return v.result()
	}
	if !out.IsScalar() {
		if out.Shape().TotalSize() != 1 {
			v.say("the cost has shape %v: a cost is one number; sum the logprobs and divide by −m", out.Shape())
			return v.result()
		}
		v.say("the cost is %v, not a scalar: take graph.AsScalar, the notebook's np.squeeze, which gradients need", out.Shape())
		if out, err = graph.AsScalar(out); err != nil {
			v.say("%v", err)
			return v.result()
		}
	}
	got, err := evaluateCost(g, out, a2)
	if err != nil {
		v.say("running it failed: %v (does the cost depend on A2?)", err)
		return v.result()
	}
	right, err := reference(in.A2, in.Y, losses.BCEMulSum)
	if err != nil {
		return v.fail(err)
	}
	want := c.Outputs.Cost.MulSum
	if math.Abs(got.cost-want) <= matchTol*want && same(got.grad, right.grad) {
		return v.result()
	}
	if m := v.match(got, in.A2, in.Y, out, a2, y); m != "" {
		return v.result()
	}
	v.say("the cost is %.12g, the course's test case gives %.12g (numpy: %.17g); it is none of the known mistakes", got.cost, c.Outputs.Cost.MulSum, want)
	return v.result()
}

// known records that the answer is the mistake called name.
func (v *verdict) known(name, what string) Verdict {
	m, err := mistakes.ByName(name)
	if err != nil {
		v.say("%v", err)
		return v.result()
	}
	v.Mistake = name
	if name == "no-transpose" {
		v.say("%s: your cost is %s (the %q mistake): %s", what, m.Formula, m.Name, m.Diagnosis)
	} else {
		v.say("%s: your cost equals %s (the %q mistake): %s", what, m.Formula, m.Name, m.Diagnosis)
	}
	return v.result()
}

// match compares the evaluation e with every mistake of the gallery on
// the same inputs and reports the one it equals, by name. The two
// spellings of the outer product are one function; the graph of the
// answer tells them apart.
func (v *verdict) match(e evaluation, a2, y [][]float64, out, an, yn *gorgonia.Node) string {
	var found []string
	for _, m := range mistakes.All() {
		r, err := reference(a2, y, m.Build)
		if err != nil {
			continue // the mistake that cannot be built: no-transpose
		}
		if math.Abs(e.cost-r.cost) <= matchTol*math.Abs(r.cost) && same(e.grad, r.grad) {
			found = append(found, m.Name)
		}
	}
	if len(found) == 0 {
		return ""
	}
	name := found[0]
	if len(found) > 1 && found[0] == "wrong-transpose" && found[1] == "broadcast" && mistakes.Broadcasts(out, an, yn) {
		name = "broadcast"
	}
	v.known(name, fmt.Sprintf("the cost is %.12g", e.cost))
	return name
}

// same reports whether two gradients agree within matchTol of the
// largest element.
func same(a, b []float64) bool {
	at, _, _ := differs(a, b, matchTol)
	return at < 0
}

// costGraph declares A2 as a parameter, so that a cost's gradient by it
// can be read, and Y as an input.
func costGraph(a2, y [][]float64) (*graph.Graph, *gorgonia.Node, *gorgonia.Node, error) {
	g := graph.New()
	an, err := g.Param("A2", dense(a2))
	if err != nil {
		return nil, nil, nil, err
	}
	yn, err := input(g, "Y", y)
	if err != nil {
		return nil, nil, nil, err
	}
	return g, an, yn, nil
}

// evaluateCost computes the scalar cost out and its gradient by the parameter
// a2 of g.
func evaluateCost(g *graph.Graph, out, a2 *gorgonia.Node) (evaluation, error) {
	p, err := g.Compile(out)
	if err != nil {
		return evaluation{}, err
	}
	if err := p.Run(); err != nil {
		return evaluation{}, err
	}
	c, err := p.Cost()
	if err != nil {
		return evaluation{}, err
	}
	gv, err := p.Grad(a2)
	if err != nil {
		return evaluation{}, err
	}
	d, ok := gv.Data().([]float64)
	if !ok {
		return evaluation{}, fmt.Errorf("the gradient by A2 holds %T", gv.Data())
	}
	return evaluation{cost: c, grad: append([]float64(nil), d...)}, nil
}

// reference evaluates the cost that build makes on the inputs.
func reference(a2, y [][]float64, build CostFunc) (evaluation, error) {
	g, an, yn, err := costGraph(a2, y)
	if err != nil {
		return evaluation{}, err
	}
	c, err := build(an, yn)
	if err != nil {
		return evaluation{}, err
	}
	if c, err = graph.AsScalar(c); err != nil {
		return evaluation{}, err
	}
	return evaluateCost(g, c, an)
}
