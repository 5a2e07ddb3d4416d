package lesson

import (
	"errors"
	"math"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Products is part 1: np.dot(A, B) and np.multiply(A, B), and their sums.
type Products struct {
	A           Value `json:"a"`
	B           Value `json:"b"`
	Dot         Value `json:"dot"`
	Multiply    Value `json:"multiply"`
	SumDot      Value `json:"sum_dot"`
	SumMultiply Value `json:"sum_multiply"`
}

func products() (Products, error) {
	b := &builder{g: graph.New()}
	a := b.input("A", []float64{1, 2, 3, 4}, 2, 2)
	c := b.input("B", []float64{1, 2, 2, 3}, 2, 2)
	dot := b.mul(a, c)
	mul := b.times(a, c)
	v, err := b.eval(a, c, dot, mul, b.sum(dot), b.sum(mul))
	if err != nil {
		return Products{}, err
	}
	return Products{A: v[0], B: v[1], Dot: v[2], Multiply: v[3], SumDot: v[4], SumMultiply: v[5]}, nil
}

// The BCE example of parts 2 and 3.
var (
	exampleY  = []float64{1, 0, 1, 1, 0, 1, 0, 0}
	exampleA2 = []float64{0.8, 0.2, 0.95, 0.92, 0.01, 0.93, 0.1, 0.02}
)

// Example is part 2: the example's logprobs in both forms, the cost, the
// asscalar step, squeeze against asscalar, and the 1-D dot product.
type Example struct {
	Y  Value `json:"y"`
	A2 Value `json:"a2"`
	M  int   `json:"m"`
	// Dot is Y·log(A2)ᵀ + (1−Y)·log(1−A2)ᵀ, a (1,1) matrix, as np.dot and
	// np.matmul give it; MulSum is Σ(Y⊙log(A2) + (1−Y)⊙log(1−A2)), a scalar.
	Dot    Value `json:"dot"`
	MulSum Value `json:"mulsum"`
	// CostDot is −Dot/m, still (1,1); Cost is graph.AsScalar of it, the
	// scalar that gradients start from; Item is graph.Scalar of CostDot's
	// value, the same step on a value (numpy's asscalar, now item).
	CostDot Value   `json:"cost_dot"`
	Cost    Value   `json:"cost"`
	Item    float64 `json:"item"`
	// CompileError is what graph.Compile says of the (1,1) cost.
	CompileError string `json:"compile_error"`
	// Grad is ∂cost/∂A2 through AsScalar(dot form); GradDiff, its largest
	// distance from the multiply+sum form's.
	Grad     Value   `json:"grad"`
	GradDiff float64 `json:"grad_diff"`
	// SqueezeCost is np.squeeze of the (1,1) cost, SqueezeA2 of the (1,m)
	// A2: squeeze drops axes of length 1, so only the first is a scalar.
	// ItemError is what AsScalar says of the (1,m) A2.
	SqueezeCost Value  `json:"squeeze_cost"`
	SqueezeA2   Value  `json:"squeeze_a2"`
	ItemError   string `json:"item_error"`
	// VectorDot is the dot product of Y and log(A2) as 1-D vectors of
	// shape (m): a scalar already.
	VectorDot Value `json:"vector_dot"`
}

func example() (Example, error) {
	m := len(exampleY)
	ex := Example{M: m}
	b := &builder{g: graph.New()}
	y := b.input("Y", exampleY, 1, m)
	a := b.input("A2", exampleA2, 1, m)
	dot := b.dotForm(y, a)
	mulsum := b.sum(b.elementwise(y, a))
	costDot := b.scale(dot, -1/float64(m))
	cost := b.op(func() (*gorgonia.Node, error) { return graph.AsScalar(costDot) })
	yv := b.input("y", exampleY, m)
	av := b.input("a2", exampleA2, m)
	vdot := b.mul(yv, b.log(av))
	v, err := b.eval(y, a, dot, mulsum, costDot, cost, b.squeeze(costDot), b.squeeze(a), vdot)
	if err != nil {
		return ex, err
	}
	ex.Y, ex.A2, ex.Dot, ex.MulSum, ex.CostDot, ex.Cost, ex.SqueezeCost, ex.SqueezeA2, ex.VectorDot = v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]
	if ex.Item, err = graph.Scalar(tensor.New(tensor.WithShape(ex.CostDot.Shape...), tensor.WithBacking(ex.CostDot.Data))); err != nil {
		return ex, err
	}
	if _, err := graph.AsScalar(a); err != nil {
		ex.ItemError = err.Error()
	} else {
		return ex, errors.New("AsScalar took one element of A2")
	}
	if ex.CompileError, err = compileError(); err != nil {
		return ex, err
	}
	ex.Grad, ex.GradDiff, err = exampleGrads()
	return ex, err
}

// compileError returns what graph.Compile says of the dot form's cost
// left as a (1,1) matrix.
func compileError() (string, error) {
	g := graph.New()
	a, err := g.Param("A2", tensor.New(tensor.WithShape(1, len(exampleA2)), tensor.WithBacking(append([]float64(nil), exampleA2...))))
	if err != nil {
		return "", err
	}
	y, err := input(g, "Y", exampleY, 1, len(exampleY))
	if err != nil {
		return "", err
	}
	c, err := losses.BCEDot(a, y)
	if err != nil {
		return "", err
	}
	if _, err := g.Compile(c); err != nil {
		return err.Error(), nil
	}
	return "", errors.New("a (1,1) cost compiled")
}

// exampleGrads returns ∂cost/∂A2 of the dot form made scalar by AsScalar,
// and its largest distance from the multiply+sum form's.
func exampleGrads() (Value, float64, error) {
	var grads [2]Value
	for i, form := range []string{"dot", "mulsum"} {
		l, err := losses.ByName(form)
		if err != nil {
			return Value{}, 0, err
		}
		g := graph.New()
		a, err := g.Param("A2", tensor.New(tensor.WithShape(1, len(exampleA2)), tensor.WithBacking(append([]float64(nil), exampleA2...))))
		if err != nil {
			return Value{}, 0, err
		}
		y, err := input(g, "Y", exampleY, 1, len(exampleY))
		if err != nil {
			return Value{}, 0, err
		}
		c, err := l.Cost(nil, a, y) // AsScalar for the dot form
		if err != nil {
			return Value{}, 0, err
		}
		p, err := g.Compile(c)
		if err != nil {
			return Value{}, 0, err
		}
		if err := p.Run(); err != nil {
			return Value{}, 0, err
		}
		gv, err := p.Grad(a)
		if err != nil {
			return Value{}, 0, err
		}
		if grads[i], err = valueOf(gv); err != nil {
			return Value{}, 0, err
		}
	}
	return grads[0], maxDiff(grads[0].Data, grads[1].Data), nil
}

func maxDiff(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// The second label row of part 3, and its predictions.
var (
	secondY = []float64{0, 1, 1, 0, 0, 1, 1, 0}
	secondA = []float64{0.3, 0.7, 0.6, 0.2, 0.1, 0.9, 0.8, 0.4}
)

// Agreement is part 3: a (1,m)·(m,1) product is the sum of the elementwise
// products; with K = 2 label rows, sum(dot(Y, log(A)ᵀ) + …) adds all K²
// pairings of a row of labels with a row of predictions, and only the
// trace, the K pairings of a row with its own, is the cost's.
type Agreement struct {
	// Elementwise is Y⊙log(A2) + (1−Y)⊙log(1−A2) for the example, (1,m);
	// ElementwiseSum, its sum, which is Example.Dot's one element.
	Elementwise    Value `json:"elementwise"`
	ElementwiseSum Value `json:"elementwise_sum"`
	Y              Value `json:"y"` // (K, m)
	A              Value `json:"a"` // (K, m)
	// Dot is Y·log(A)ᵀ + (1−Y)·log(1−A)ᵀ, (K,K); SumDot its sum, Trace its
	// trace, MulSum the multiply+sum form on the K rows.
	Dot    Value `json:"dot"`
	SumDot Value `json:"sum_dot"`
	Trace  Value `json:"trace"`
	MulSum Value `json:"mulsum"`
	// Cost is −Trace/m, the sum over labels of each label's cost; NaiveCost
	// is −SumDot/m.
	Cost      Value `json:"cost"`
	NaiveCost Value `json:"naive_cost"`
}

func agreement() (Agreement, error) {
	m := len(exampleY)
	b := &builder{g: graph.New()}
	y1 := b.input("Y", exampleY, 1, m)
	a1 := b.input("A2", exampleA2, 1, m)
	elem := b.elementwise(y1, a1)
	const k = 2
	y := b.input("Y2", append(append([]float64(nil), exampleY...), secondY...), k, m)
	a := b.input("A", append(append([]float64(nil), exampleA2...), secondA...), k, m)
	eye := b.input("I", []float64{1, 0, 0, 1}, k, k)
	dot := b.dotForm(y, a)
	sumDot := b.sum(dot)
	trace := b.sum(b.times(dot, eye))
	mulsum := b.sum(b.elementwise(y, a))
	v, err := b.eval(elem, b.sum(elem), y, a, dot, sumDot, trace, mulsum, b.scale(trace, -1/float64(m)), b.scale(sumDot, -1/float64(m)))
	if err != nil {
		return Agreement{}, err
	}
	return Agreement{
		Elementwise: v[0], ElementwiseSum: v[1], Y: v[2], A: v[3],
		Dot: v[4], SumDot: v[5], Trace: v[6], MulSum: v[7], Cost: v[8], NaiveCost: v[9],
	}, nil
}

// dotForm is Y·log(A)ᵀ + (1−Y)·log(1−A)ᵀ, the logprobs as np.dot makes
// them: (1,1) for rows, (K,K) for K of them.
func (b *builder) dotForm(y, a *gorgonia.Node) *gorgonia.Node {
	return b.add(b.mul(y, b.t(b.log(a))), b.mul(b.oneMinus(y), b.t(b.log(b.oneMinus(a)))))
}

// elementwise is Y⊙log(A) + (1−Y)⊙log(1−A), whose sum is the logprobs as
// np.multiply and np.sum make them.
func (b *builder) elementwise(y, a *gorgonia.Node) *gorgonia.Node {
	return b.add(b.times(y, b.log(a)), b.times(b.oneMinus(y), b.log(b.oneMinus(a))))
}
