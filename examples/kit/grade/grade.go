// Package grade grades the exercise kit's functions (package kit) against
// the course's published test cases, the inputs and numpy outputs of
// internal/exercise's testcases.json, with feedback a learner can act on:
// a wrong shape, a wrong value, or — for the cost — the known mistake of
// package losses/mistakes that the answer equals.
//
// Each grading function takes a function of the kit's signature and
// returns a Verdict; Report turns a Verdict into a test result, skipping
// a function that is not done yet. A panic in the graded function is
// reported as feedback, not as a crash of the test binary.
package grade

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/examples/kit"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/exercise"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// A Verdict is the grade of one function.
type Verdict struct {
	Function string // the kit's name for it: "ComputeCostDot"
	Done     bool   // false while it returns kit.ErrNotDone
	Passed   bool
	// Mistake is the name of the known mistake (package losses/mistakes)
	// that the answer equals, if it equals one.
	Mistake  string
	Feedback []string // what to put right, a line each
}

func (v Verdict) String() string {
	switch {
	case !v.Done:
		return v.Function + ": not done yet (it returns kit.ErrNotDone)"
	case v.Passed:
		return v.Function + ": passed"
	}
	return v.Function + ":\n\t" + strings.Join(v.Feedback, "\n\t")
}

// Report reports v on t: skipped while the function is not done, failed
// with the feedback when it is wrong.
func Report(t testing.TB, v Verdict) {
	t.Helper()
	switch {
	case !v.Done:
		t.Skip(v.String())
	case !v.Passed:
		t.Error(v.String())
	default:
		t.Log(v.String())
	}
}

// verdict collects feedback as a function is graded.
type verdict struct{ Verdict }

func newVerdict(fn string) *verdict { return &verdict{Verdict{Function: fn, Done: true}} }

func (v *verdict) say(format string, args ...any) {
	v.Feedback = append(v.Feedback, fmt.Sprintf(format, args...))
}

// done records the function's error; it reports whether grading goes on.
func (v *verdict) done(err error) bool {
	switch {
	case errors.Is(err, kit.ErrNotDone):
		v.Done = false
		return false
	case err != nil:
		v.say("it returned an error: %v", err)
		return false
	}
	return true
}

// fail ends grading on an error of the grader's own, not of the graded
// function: reading the test cases or declaring its inputs.
func (v *verdict) fail(err error) Verdict {
	v.say("the grader failed, not the function: %v", err)
	return v.result()
}

// result is the verdict, passed when nothing was said against it.
func (v *verdict) result() Verdict {
	v.Passed = v.Done && len(v.Feedback) == 0
	return v.Verdict
}

// call runs f and turns a panic into an error: a learner's nil node
// reaching gorgonia should fail one test, not the test binary.
func call(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("it panicked: %v", r)
		}
	}()
	return f()
}

func load() (*exercise.Cases, error) {
	var c exercise.Cases
	if err := exercise.Load("testcases.json", &c); err != nil {
		return nil, err
	}
	if len(c.Inputs.Cost.A2) != 1 || len(c.Outputs.Backward.DW1) == 0 || len(c.Inputs.Backward.Cache.A1) == 0 {
		return nil, errors.New("grade: testcases.json lacks the cost's inputs, the cache or the gradients")
	}
	return &c, nil
}

func flat(rows [][]float64) []float64 {
	var v []float64
	for _, r := range rows {
		v = append(v, r...)
	}
	return v
}

func dense(rows [][]float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(len(rows), len(rows[0])), tensor.WithBacking(flat(rows)))
}

// input declares the data input name on g with the value rows.
func input(g *graph.Graph, name string, rows [][]float64) (*gorgonia.Node, error) {
	n, err := g.Input(name, len(rows), len(rows[0]))
	if err != nil {
		return nil, err
	}
	return n, g.Feed(n, dense(rows))
}

// params declares the parameters p on g as data inputs.
func params(g *graph.Graph, p exercise.Params) (kit.Params, error) {
	var out kit.Params
	var err error
	for _, q := range []struct {
		dst  **gorgonia.Node
		name string
		v    [][]float64
	}{{&out.W1, "W1", p.W1}, {&out.B1, "b1", p.B1}, {&out.W2, "W2", p.W2}, {&out.B2, "b2", p.B2}} {
		if *q.dst, err = input(g, q.name, q.v); err != nil {
			return kit.Params{}, err
		}
	}
	return out, nil
}

// named is a node the function returned, the name the notebook gives it,
// and the numpy value it should have.
type named struct {
	name string
	node *gorgonia.Node
	want [][]float64
}

// check evaluates the nodes on g and holds each to its value within tol,
// relative to the largest |element|; it says what is wrong, shape first,
// and whether anything is.
func (v *verdict) check(g *graph.Graph, tol float64, hint func(name string, got tensor.Shape) string, nodes ...named) bool {
	var outs []*gorgonia.Node
	for _, n := range nodes {
		if n.node == nil {
			v.say("%s is nil: build it and return it", n.name)
			continue
		}
		want := tensor.Shape{len(n.want), len(n.want[0])}
		if !n.node.Shape().Eq(want) {
			msg := fmt.Sprintf("%s has shape %v, want %v", n.name, n.node.Shape(), want)
			if h := hint(n.name, n.node.Shape()); h != "" {
				msg += ": " + h
			}
			v.say("%s", msg)
			continue
		}
		outs = append(outs, n.node)
	}
	if len(v.Feedback) > 0 {
		return false
	}
	vals, err := evaluate(g, outs...)
	if err != nil {
		v.say("running it failed: %v", err)
		return false
	}
	for i, n := range nodes {
		if at, got, want := differs(vals[i], flat(n.want), tol); at >= 0 {
			v.say("%s is wrong: element %d is %.10g, the course's test case gives %.10g", n.name, at, got, want)
		}
	}
	return len(v.Feedback) == 0
}

// evaluate runs a forward program of g for outs and returns their values.
func evaluate(g *graph.Graph, outs ...*gorgonia.Node) ([][]float64, error) {
	p, err := g.CompileForward(outs...)
	if err != nil {
		return nil, err
	}
	if err := p.Run(); err != nil {
		return nil, err
	}
	vals := make([][]float64, len(outs))
	for i, n := range outs {
		val, err := p.Value(n)
		if err != nil {
			return nil, err
		}
		switch d := val.Data().(type) {
		case []float64:
			vals[i] = append([]float64(nil), d...)
		case float64:
			vals[i] = []float64{d}
		default:
			return nil, fmt.Errorf("%s holds %T, not float64", n.Name(), d)
		}
	}
	return vals, nil
}

// differs returns the first element of got farther than tol·max|want|
// from want, or −1.
func differs(got, want []float64, tol float64) (at int, g, w float64) {
	scale := 0.0
	for _, x := range want {
		scale = math.Max(scale, math.Abs(x))
	}
	if len(got) != len(want) {
		return 0, math.NaN(), math.NaN()
	}
	for i := range want {
		if d := math.Abs(got[i] - want[i]); !(d <= tol*math.Max(scale, 1e-300)) {
			return i, got[i], want[i]
		}
	}
	return -1, 0, 0
}

func noHint(string, tensor.Shape) string { return "" }
