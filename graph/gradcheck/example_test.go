package gradcheck_test

import (
	"fmt"
	"hash"
	"math"

	"github.com/chewxy/hm"
	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/graph/gradcheck"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The exercise's network on the planar data, checked with the defaults
// and the sensitivity report, with a tighter atol, and in fast mode.
func Example() {
	data, err := datasets.Planar(400, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	g := graph.New()
	net, err := nn.NewTwoLayer(g, 2, 4, 1, nprand.New(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	x, _ := g.Input("X", 2, 400)
	y, _ := g.Input("Y", 1, 400)
	if err := g.Feed(x, data.X); err != nil {
		fmt.Println(err)
		return
	}
	if err := g.Feed(y, data.Y); err != nil {
		fmt.Println(err)
		return
	}
	out, err := net.Forward(x)
	if err != nil {
		fmt.Println(err)
		return
	}
	bce, _ := losses.ByName("mulsum")
	cost, err := bce.Cost(out.Z, out.A, y)
	if err != nil {
		fmt.Println(err)
		return
	}
	prog, err := g.Compile(cost)
	if err != nil {
		fmt.Println(err)
		return
	}

	// Every element, with PyTorch's tolerances, and the faults they
	// would miss: b1's gradient, about 1e-7, lies under their atol 1e-5.
	r, err := gradcheck.Check(prog, gradcheck.WithTolerance(gradcheck.PyTorchAtol, gradcheck.PyTorchRtol), gradcheck.WithSensitivity())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("PyTorch's: passed %v, %d elements, %d failed\n", r.Passed, r.Checked, r.FailedCount)
	for _, f := range r.Sensitivity.Faults {
		if !f.Detected {
			fmt.Printf("  would miss: %s, %s\n", f.Kind, f.Node)
		}
	}

	// The defaults, atol 1e-8 and rtol 1e-5, still far above the
	// differences' errors (at most 5e-10 here), protect it.
	r, err = gradcheck.Check(prog, gradcheck.WithSensitivity())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("defaults: passed %v, %d of %d faults missed\n", r.Passed, r.Sensitivity.Missed, len(r.Sensitivity.Faults))

	// Eight random directions per parameter instead of every element.
	r, err = gradcheck.Check(prog, gradcheck.WithMode(gradcheck.Fast))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("fast: passed %v, %d directions\n", r.Passed, r.Checked)
	// Output:
	// PyTorch's: passed true, 17 elements, 0 failed
	//   would miss: scale node, b1
	//   would miss: scale element, b1
	//   would miss: zero element, b1
	//   would miss: flip element, b1
	// defaults: passed true, 0 of 17 faults missed
	// fast: passed true, 32 directions
}

// bce is a user's op: the mean binary cross-entropy of predictions A
// against labels Y, both (1, m), −Σ(Y log A + (1−Y) log(1−A))/m, with a
// hand-written gradient by A, (A−Y)/(A(1−A))/m. With noMean the gradient
// forgets its 1/m, a classic bug.
type bce struct{ noMean bool }

func (op bce) Arity() int { return 2 }
func (op bce) Type() hm.Type {
	a := hm.TypeVariable('a')
	row := &gorgonia.TensorType{Dims: 2, Of: a}
	return hm.NewFnType(row, row, a)
}
func (op bce) InferShape(...gorgonia.DimSizer) (tensor.Shape, error) {
	return tensor.ScalarShape(), nil
}
func (op bce) ReturnsPtr() bool      { return false }
func (op bce) CallsExtern() bool     { return false }
func (op bce) OverwritesInput() int  { return -1 }
func (op bce) String() string        { return "BCE" }
func (op bce) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String(), op.noMean) }
func (op bce) Hashcode() uint32      { return 0xbce }
func (op bce) DiffWRT(int) []bool    { return []bool{true, false} }

func (op bce) Do(in ...gorgonia.Value) (gorgonia.Value, error) {
	a, y := in[0].Data().([]float64), in[1].Data().([]float64)
	var s float64
	for i := range a {
		s += y[i]*math.Log(a[i]) + (1-y[i])*math.Log(1-a[i])
	}
	return gorgonia.NewF64(-s / float64(len(a))), nil
}

func (op bce) SymDiff(in gorgonia.Nodes, out, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	da, err := gorgonia.ApplyOp(bceGrad(op), in[0], in[1], grad)
	return gorgonia.Nodes{da, nil}, err
}

// bceGrad maps (A, Y, g) to g·(A−Y)/(A(1−A))/m.
type bceGrad bce

func (op bceGrad) Arity() int { return 3 }
func (op bceGrad) Type() hm.Type {
	a := hm.TypeVariable('a')
	row := &gorgonia.TensorType{Dims: 2, Of: a}
	return hm.NewFnType(row, row, a, row)
}
func (op bceGrad) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}
func (op bceGrad) ReturnsPtr() bool      { return false }
func (op bceGrad) CallsExtern() bool     { return false }
func (op bceGrad) OverwritesInput() int  { return -1 }
func (op bceGrad) String() string        { return "∂BCE" }
func (op bceGrad) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String(), op.noMean) }
func (op bceGrad) Hashcode() uint32      { return 0xdbce }

func (op bceGrad) Do(in ...gorgonia.Value) (gorgonia.Value, error) {
	a, y := in[0].Data().([]float64), in[1].Data().([]float64)
	g, err := graph.Scalar(in[2])
	if err != nil {
		return nil, err
	}
	m := float64(len(a))
	if op.noMean {
		m = 1 // the bug
	}
	d := make([]float64, len(a))
	for i := range a {
		d[i] = g * (a[i] - y[i]) / (a[i] * (1 - a[i])) / m
	}
	return tensor.New(tensor.WithShape(in[0].Shape().Clone()...), tensor.WithBacking(d)), nil
}

// A custom op with a hand-written gradient, checked in one line by the
// input it differentiates: the correct op passes, the one without its 1/m
// fails, and the report names the op and every element. With m = 4 the
// wrong gradient is 4 times the numeric one: at A = 0.5, Y = 1 it is
// −2 where −0.5 is right.
func Example_customOp() {
	for _, op := range []bce{{}, {noMean: true}} {
		g := graph.New()
		a, _ := g.Input("A", 1, 4)
		y, _ := g.Input("Y", 1, 4)
		_ = g.Feed(a, tensor.New(tensor.WithShape(1, 4), tensor.WithBacking([]float64{0.5, 0.5, 0.25, 0.75})))
		_ = g.Feed(y, tensor.New(tensor.WithShape(1, 4), tensor.WithBacking([]float64{1, 0, 1, 0})))
		cost, err := gorgonia.ApplyOp(op, a, y)
		if err != nil {
			fmt.Println(err)
			return
		}
		prog, err := g.CompileWRT(cost, []*gorgonia.Node{a})
		if err != nil {
			fmt.Println(err)
			return
		}

		r, err := gradcheck.Check(prog, gradcheck.WithWRT(a))
		if err != nil {
			fmt.Println(err)
			return
		}

		fmt.Printf("noMean %v: passed %v, %d of %d failed\n", op.noMean, r.Passed, r.FailedCount, r.Checked)
		for _, e := range r.Failed {
			fmt.Printf("  %s%v in %s: analytic %.4f, numeric %.4f\n", e.Node, e.Index, r.Nodes[0].UsedBy[0], e.Analytic, e.Numeric)
		}
	}
	// Output:
	// noMean false: passed true, 0 of 4 failed
	// noMean true: passed false, 4 of 4 failed
	//   A[0 0] in BCE(%0, %1): analytic -2.0000, numeric -0.5000
	//   A[0 1] in BCE(%0, %1): analytic 2.0000, numeric 0.5000
	//   A[0 2] in BCE(%0, %1): analytic -4.0000, numeric -1.0000
	//   A[0 3] in BCE(%0, %1): analytic 4.0000, numeric 1.0000
}
