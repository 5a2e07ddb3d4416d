package graph

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Defaults of GradCheck, the values the exercise uses.
const (
	DefaultEpsilon   = 1e-7
	DefaultThreshold = 2e-7
)

// GradCheck compares a program's autodiff gradients with central
// differences, (J(θ+ε) − J(θ−ε)) / 2ε, on every element of every parameter.
// The zero value uses DefaultEpsilon and DefaultThreshold.
type GradCheck struct {
	Epsilon   float64 // step of the central differences
	Threshold float64 // largest relative difference that passes
}

// GradReport is the outcome of a gradient check.
type GradReport struct {
	// Difference is the exercise's relative difference over all
	// parameters, ‖g−g̃‖₂ / (‖g‖₂+‖g̃‖₂), g analytic and g̃ numeric.
	Difference float64
	Threshold  float64
	Passed     bool
	Params     []ParamReport
}

// ParamReport is the part of a gradient check about one parameter.
type ParamReport struct {
	Name       string
	Shape      tensor.Shape
	Difference float64 // relative difference of this parameter alone
	MaxAbs     float64 // largest |g−g̃| of an element
	MaxRel     float64 // largest |g−g̃| / max(|g|,|g̃|) of an element
	Worst      Element // the element with the largest |g−g̃|
}

// Element is one element of a parameter in a gradient check.
type Element struct {
	Index    []int   // coordinates in the parameter's shape
	Analytic float64 // the autodiff gradient
	Numeric  float64 // the central difference
}

// CheckGradients checks p's gradients with the default settings.
func CheckGradients(p *Program) (*GradReport, error) { return GradCheck{}.Check(p) }

// Check runs p once for its analytic gradients, then evaluates the cost
// twice per parameter element with that element moved by ±Epsilon. The
// parameters are restored afterwards. p must have been compiled with Compile
// and its inputs fed; the values must be float64, since Epsilon is far below
// float32's resolution.
func (c GradCheck) Check(p *Program) (*GradReport, error) {
	c = c.withDefaults()
	if p == nil || p.gradOf == nil {
		return nil, errors.New("graph: gradient check of a program without gradients: compile it with Compile")
	}
	if p.g.dtype != tensor.Float64 {
		return nil, fmt.Errorf("graph: gradient check needs float64 values, the graph is %v: %w", p.g.dtype, ErrDtype)
	}
	analytic, err := analyticGrads(p)
	if err != nil {
		return nil, err
	}
	fwd, err := p.g.CompileForward(p.cost)
	if err != nil {
		return nil, err
	}
	r := &GradReport{Threshold: c.Threshold}
	var diff, sumG, sumN float64
	for i, param := range p.params {
		pr, d, g, n, err := c.checkParam(fwd, param, analytic[i])
		if err != nil {
			return nil, err
		}
		r.Params = append(r.Params, pr)
		diff, sumG, sumN = diff+d, sumG+g, sumN+n
	}
	r.Difference = relDiff(diff, sumG, sumN)
	r.Passed = r.Difference <= c.Threshold
	return r, nil
}

func (c GradCheck) withDefaults() GradCheck {
	if c.Epsilon == 0 {
		c.Epsilon = DefaultEpsilon
	}
	if c.Threshold == 0 {
		c.Threshold = DefaultThreshold
	}
	return c
}

// analyticGrads runs p and copies out its gradients.
func analyticGrads(p *Program) ([][]float64, error) {
	if err := p.Run(); err != nil {
		return nil, err
	}
	out := make([][]float64, len(p.params))
	for i, param := range p.params {
		g, err := p.Grad(param)
		if err != nil {
			return nil, err
		}
		out[i] = append([]float64(nil), g.Data().([]float64)...)
	}
	return out, nil
}

// checkParam compares one parameter's gradient g with central differences.
// It returns the squared sums behind the relative difference too, so that
// the overall one can be formed.
func (c GradCheck) checkParam(fwd *Program, param *gorgonia.Node, g []float64) (r ParamReport, diff2, g2, n2 float64, err error) {
	w := param.Value().Data().([]float64)
	r = ParamReport{Name: param.Name(), Shape: param.Shape()}
	for i := range w {
		num, err := c.centralDiff(fwd, w, i)
		if err != nil {
			return r, 0, 0, 0, fmt.Errorf("graph: gradient check of %s[%d]: %w", param.Name(), i, err)
		}
		d := math.Abs(g[i] - num)
		diff2 += d * d
		g2 += g[i] * g[i]
		n2 += num * num
		if d > r.MaxAbs || i == 0 {
			r.MaxAbs = d
			r.Worst = Element{Index: unravel(i, param.Shape()), Analytic: g[i], Numeric: num}
		}
		if m := math.Max(math.Abs(g[i]), math.Abs(num)); m > 0 {
			r.MaxRel = math.Max(r.MaxRel, d/m)
		}
	}
	r.Difference = relDiff(diff2, g2, n2)
	return r, diff2, g2, n2, nil
}

// centralDiff estimates ∂J/∂w[i], restoring w[i] afterwards.
func (c GradCheck) centralDiff(fwd *Program, w []float64, i int) (float64, error) {
	orig := w[i]
	defer func() { w[i] = orig }()
	w[i] = orig + c.Epsilon
	plus, err := runCost(fwd)
	if err != nil {
		return 0, err
	}
	w[i] = orig - c.Epsilon
	minus, err := runCost(fwd)
	if err != nil {
		return 0, err
	}
	return (plus - minus) / (2 * c.Epsilon), nil
}

func runCost(p *Program) (float64, error) {
	if err := p.Run(); err != nil {
		return 0, err
	}
	return p.Cost()
}

// relDiff is ‖g−g̃‖₂ / (‖g‖₂+‖g̃‖₂) from the squared norms; two zero
// gradients agree perfectly.
func relDiff(diff2, g2, n2 float64) float64 {
	den := math.Sqrt(g2) + math.Sqrt(n2)
	if den == 0 {
		return 0
	}
	return math.Sqrt(diff2) / den
}

// unravel turns a flat row-major index into coordinates of shape.
func unravel(i int, shape tensor.Shape) []int {
	idx := make([]int, len(shape))
	for d := len(shape) - 1; d >= 0; d-- {
		idx[d] = i % shape[d]
		i /= shape[d]
	}
	return idx
}

// String formats the report as a short table: the verdict, then one line
// per parameter.
func (r *GradReport) String() string {
	var b strings.Builder
	verdict := "passed"
	if !r.Passed {
		verdict = "FAILED"
	}
	fmt.Fprintf(&b, "gradient check %s: difference %.3g (threshold %.3g)\n", verdict, r.Difference, r.Threshold)
	for _, p := range r.Params {
		fmt.Fprintf(&b, "  %-8s %-8v difference %.3g, max abs %.3g, max rel %.3g, worst %v: analytic %.9g numeric %.9g\n",
			p.Name, p.Shape, p.Difference, p.MaxAbs, p.MaxRel, p.Worst.Index, p.Worst.Analytic, p.Worst.Numeric)
	}
	return b.String()
}
