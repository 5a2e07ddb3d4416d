package graph

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gradlab/gradlab/internal/gemm"
	"github.com/gradlab/gradlab/internal/ops"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The machine must compute what gorgonia's TapeMachine computes, bit for
// bit: these tests build graphs with every op the machine has a kernel of
// its own for, in every shape case the kernel takes, run them on both, and
// compare every output's bits.

// randMatrix returns a (r, c) input of g fed with normal numbers.
func randMatrix(t *testing.T, g *Graph, name string, src *rand.Rand, shape ...int) *gorgonia.Node {
	t.Helper()
	n, err := g.Input(name, shape...)
	if err != nil {
		t.Fatal(err)
	}
	if len(shape) == 0 {
		if err := g.FeedScalar(n, src.NormFloat64()); err != nil {
			t.Fatal(err)
		}
		return n
	}
	v := tensor.New(tensor.WithShape(shape...), tensor.Of(g.dtype))
	switch d := v.Data().(type) {
	case []float64:
		for i := range d {
			d[i] = src.NormFloat64()
		}
	case []float32:
		for i := range d {
			d[i] = float32(src.NormFloat64())
		}
	}
	if err := g.Feed(n, v); err != nil {
		t.Fatal(err)
	}
	return n
}

// sameAsTape runs outs on the machine (twice, so that kept buffers are
// reused) and on a TapeMachine, and fails unless every value agrees in
// every bit.
func sameAsTape(t *testing.T, g *Graph, outs ...*gorgonia.Node) {
	t.Helper()
	p, err := g.CompileForward(outs...)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := p.Run(); err != nil {
			t.Fatal(err)
		}
	}
	want := tapeValues(t, g.g, outs)
	for i, n := range outs {
		got, err := p.Value(n)
		if err != nil {
			t.Fatal(err)
		}
		k := kernelOf(p, n)
		if mm, ok := k.(*matMul); ok && !gemm.Exact(mm.m, mm.n, mm.k) {
			// Large products go to a faster kernel that rounds
			// differently: each element is a sum of k products.
			if d := maxDiff(got, want[i]); d > 1e-14*float64(mm.k) {
				t.Errorf("%v: machine and TapeMachine differ by %g", n, d)
			}
		} else if !sameBits(got, want[i]) {
			t.Errorf("%v (kernel %T): machine %v, TapeMachine %v", n, k, got, want[i])
		}
		if _, generic := kernelOf(p, n).(*generic); generic && g.dtype == tensor.Float64 {
			t.Errorf("%v of shape %v runs gorgonia's op, not a kernel of the machine", n, n.Shape())
		}
	}
}

func tapeValues(t *testing.T, g *gorgonia.ExprGraph, outs []*gorgonia.Node) []gorgonia.Value {
	t.Helper()
	vals := make([]gorgonia.Value, len(outs))
	var reads gorgonia.Nodes
	for i, n := range outs {
		reads = append(reads, gorgonia.Read(n, &vals[i]))
	}
	prog, locs, err := gorgonia.CompileFunction(g, g.ExactSubgraphRoots(reads...).Inputs(), reads)
	if err != nil {
		t.Fatal(err)
	}
	vm := gorgonia.NewTapeMachine(g, gorgonia.WithPrecompiled(prog, locs))
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	return vals
}

func kernelOf(p *Program, n *gorgonia.Node) kernel {
	for _, in := range p.m.instrs {
		if p.m.nodes[in.out] == n {
			return in.k
		}
	}
	return nil
}

func sameBits(a, b gorgonia.Value) bool {
	x, y := bitsOf(a), bitsOf(b)
	if x == nil || y == nil || len(x) != len(y) || !a.Shape().Eq(b.Shape()) {
		return false
	}
	for i := range x {
		if x[i] != y[i] && !(math.IsNaN(x[i]) && math.IsNaN(y[i])) {
			return false
		}
		if math.Float64bits(x[i]) != math.Float64bits(y[i]) && !math.IsNaN(x[i]) {
			return false
		}
	}
	return true
}

func maxDiff(a, b gorgonia.Value) float64 {
	x, y := bitsOf(a), bitsOf(b)
	if len(x) != len(y) {
		return math.Inf(1)
	}
	var d float64
	for i := range x {
		d = math.Max(d, math.Abs(x[i]-y[i]))
	}
	return d
}

func bitsOf(v gorgonia.Value) []float64 {
	switch d := v.Data().(type) {
	case float64:
		return []float64{d}
	case float32:
		return []float64{float64(d)}
	case []float64:
		return d
	case []float32:
		out := make([]float64, len(d))
		for i, x := range d {
			out[i] = float64(x)
		}
		return out
	}
	return nil
}

func TestMachineElementwise(t *testing.T) {
	src := rand.New(rand.NewPCG(1, 2))
	g := New()
	a := randMatrix(t, g, "a", src, 3, 70)
	b := randMatrix(t, g, "b", src, 3, 70)
	s := randMatrix(t, g, "s", src)
	r := randMatrix(t, g, "r", src)
	var outs []*gorgonia.Node
	for _, f := range []func(x, y *gorgonia.Node) (*gorgonia.Node, error){gorgonia.Add, gorgonia.Sub, gorgonia.HadamardProd, gorgonia.HadamardDiv} {
		for _, pair := range [][2]*gorgonia.Node{{a, b}, {a, s}, {s, a}, {s, r}} {
			outs = append(outs, gorgonia.Must(f(pair[0], pair[1])))
		}
	}
	for _, f := range []func(*gorgonia.Node) (*gorgonia.Node, error){
		gorgonia.Tanh, gorgonia.Sigmoid, gorgonia.Neg, gorgonia.Square, gorgonia.Cube, gorgonia.Exp, gorgonia.Log,
		gorgonia.Log1p, gorgonia.Expm1, gorgonia.Softplus, gorgonia.Sqrt, gorgonia.Inverse, gorgonia.Abs,
	} {
		outs = append(outs, gorgonia.Must(f(a)), gorgonia.Must(f(s)))
	}
	sameAsTape(t, g, outs...)
}

// TestMachineSpecialValues holds the unary kernels to gorgonia's at the
// edges: zeros, infinities, NaN, and the points where gorgonia's sigmoid
// and softplus switch branches.
func TestMachineSpecialValues(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 1e-300, -1e-300, 5e-324, math.Inf(1), math.Inf(-1), math.NaN(),
		16, 16.000000001, 19, 19.000000001, -708, -708.0000001, -709, -709.0000001, 710, -710, 1e308, -1e308, 0.625, -0.625, 22, -22}
	g := New()
	x, _ := g.Input("x", 1, len(vals))
	if err := g.Feed(x, tensor.New(tensor.WithShape(1, len(vals)), tensor.WithBacking(vals))); err != nil {
		t.Fatal(err)
	}
	var outs []*gorgonia.Node
	for name := range unaryFuncs {
		var n *gorgonia.Node
		switch name {
		case "tanh":
			n = gorgonia.Must(gorgonia.Tanh(x))
		case "sigmoid":
			n = gorgonia.Must(gorgonia.Sigmoid(x))
		case "neg":
			n = gorgonia.Must(gorgonia.Neg(x))
		case "square":
			n = gorgonia.Must(gorgonia.Square(x))
		case "cube":
			n = gorgonia.Must(gorgonia.Cube(x))
		case "exp":
			n = gorgonia.Must(gorgonia.Exp(x))
		case "ln":
			n = gorgonia.Must(gorgonia.Log(x))
		case "log1p":
			n = gorgonia.Must(gorgonia.Log1p(x))
		case "expm1":
			n = gorgonia.Must(gorgonia.Expm1(x))
		case "softplus":
			n = gorgonia.Must(gorgonia.Softplus(x))
		case "sqrt":
			n = gorgonia.Must(gorgonia.Sqrt(x))
		case "inv":
			n = gorgonia.Must(gorgonia.Inverse(x))
		case "abs":
			n = gorgonia.Must(gorgonia.Abs(x))
		default:
			t.Fatalf("no test of unary kernel %q", name)
		}
		if n.Op().String() != name {
			t.Fatalf("kernel %q is built for op %q", name, n.Op())
		}
		outs = append(outs, n)
	}
	sameAsTape(t, g, outs...)
}

func TestMachineLinearAlgebra(t *testing.T) {
	src := rand.New(rand.NewPCG(3, 4))
	g := New()
	var outs []*gorgonia.Node
	// Small products, ones of more than four 64×64 blocks of C with k
	// over 64, where gonum's Dgemm goes parallel and accumulates by blocks,
	// and one large enough for the packed kernel.
	for i, s := range [][3]int{{4, 2, 400}, {1, 4, 400}, {70, 130, 90}, {70, 60, 200}, {130, 200, 140}} {
		m, k, n := s[0], s[1], s[2]
		name := string(rune('a' + i))
		a := randMatrix(t, g, name+"A", src, m, k)
		at := randMatrix(t, g, name+"At", src, k, m)
		b := randMatrix(t, g, name+"B", src, k, n)
		bt := randMatrix(t, g, name+"Bt", src, n, k)
		tr := func(x *gorgonia.Node) *gorgonia.Node { return gorgonia.Must(gorgonia.Transpose(x)) }
		outs = append(outs,
			gorgonia.Must(gorgonia.Mul(a, b)), gorgonia.Must(gorgonia.Mul(tr(at), b)),
			gorgonia.Must(gorgonia.Mul(a, tr(bt))), gorgonia.Must(gorgonia.Mul(tr(at), tr(bt))),
			tr(a), gorgonia.Must(gorgonia.Sum(a, 0)), gorgonia.Must(gorgonia.Sum(a, 1)), gorgonia.Must(gorgonia.Sum(a)))
	}
	v := randMatrix(t, g, "v", src, 300)
	col := randMatrix(t, g, "col", src, 5, 1)
	row := randMatrix(t, g, "row", src, 1, 7)
	wide := randMatrix(t, g, "wide", src, 5, 7)
	outs = append(outs, gorgonia.Must(gorgonia.Sum(v)),
		gorgonia.Must(gorgonia.BroadcastAdd(wide, col, nil, []byte{1})),
		gorgonia.Must(gorgonia.BroadcastAdd(wide, row, nil, []byte{0})),
		gorgonia.Must(gorgonia.Reshape(wide, tensor.Shape{7, 5})))
	sameAsTape(t, g, outs...)
}

// TestMachineTraining compares a training graph, forward and backward
// through the exercise's network and its clamped-log BCE, with the
// TapeMachine's: the cost and every gradient.
func TestMachineTraining(t *testing.T) {
	src := rand.New(rand.NewPCG(5, 6))
	g := New()
	w1, _ := g.Param("W1", randDense(src, 4, 2))
	b1, _ := g.Param("b1", randDense(src, 4, 1))
	w2, _ := g.Param("W2", randDense(src, 1, 4))
	b2, _ := g.Param("b2", randDense(src, 1, 1))
	x := randMatrix(t, g, "X", src, 2, 150)
	y, _ := g.Input("Y", 1, 150)
	labels := make([]float64, 150)
	for i := range labels {
		labels[i] = float64(src.IntN(2))
	}
	if err := g.Feed(y, tensor.New(tensor.WithShape(1, 150), tensor.WithBacking(labels))); err != nil {
		t.Fatal(err)
	}
	must := gorgonia.Must
	a1 := must(gorgonia.Tanh(must(gorgonia.BroadcastAdd(must(gorgonia.Mul(w1, x)), b1, nil, []byte{1}))))
	a2 := must(gorgonia.Sigmoid(must(gorgonia.BroadcastAdd(must(gorgonia.Mul(w2, a1)), b2, nil, []byte{1}))))
	one := gorgonia.NewConstant(1.0)
	logA := must(ops.ClampedLog(a2, -100))
	log1mA := must(ops.ClampedLog(must(gorgonia.Sub(one, a2)), -100))
	both := must(gorgonia.Add(must(gorgonia.HadamardProd(y, logA)), must(gorgonia.HadamardProd(must(gorgonia.Sub(one, y)), log1mA))))
	cost := must(gorgonia.HadamardProd(must(gorgonia.Sum(both)), gorgonia.NewConstant(-1.0/150)))
	p, err := g.Compile(cost, a2)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := p.Run(); err != nil {
			t.Fatal(err)
		}
	}
	want := tapeValues(t, g.g, append([]*gorgonia.Node{cost, a2}, p.gradOf...))
	got := []gorgonia.Value{p.m.value(cost), p.m.value(a2)}
	for _, n := range p.gradOf {
		got = append(got, p.m.value(n))
	}
	for i := range want {
		if !sameBits(got[i], want[i]) {
			t.Errorf("output %d: machine %v, TapeMachine %v", i, got[i], want[i])
		}
	}
}

func randDense(src *rand.Rand, r, c int) *tensor.Dense {
	d := make([]float64, r*c)
	for i := range d {
		d[i] = src.NormFloat64()
	}
	return tensor.New(tensor.WithShape(r, c), tensor.WithBacking(d))
}

// TestMachineFloat32 runs a float32 graph, which takes gorgonia's own ops.
func TestMachineFloat32(t *testing.T) {
	src := rand.New(rand.NewPCG(7, 8))
	g, _ := NewOf(tensor.Float32)
	a := randMatrix(t, g, "a", src, 3, 5)
	b := randMatrix(t, g, "b", src, 5, 2)
	sameAsTape(t, g, gorgonia.Must(gorgonia.Tanh(gorgonia.Must(gorgonia.Mul(a, b)))), gorgonia.Must(gorgonia.Sum(a, 1)))
}

// TestMachineSteadyState checks that a run of a kept program allocates
// nothing once its buffers exist.
func TestMachineSteadyState(t *testing.T) {
	src := rand.New(rand.NewPCG(9, 10))
	g := New()
	w, _ := g.Param("W", randDense(src, 4, 2))
	x := randMatrix(t, g, "X", src, 2, 400)
	cost := gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.Tanh(gorgonia.Must(gorgonia.Mul(w, x))))))
	p, err := g.Compile(cost)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _ = p.Run() }); n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
}

// TestMachineLargeElementwise runs elementwise kernels on tensors large
// enough to be split between goroutines (run it with -race too).
func TestMachineLargeElementwise(t *testing.T) {
	src := rand.New(rand.NewPCG(11, 12))
	g := New()
	a := randMatrix(t, g, "a", src, 300, 250)
	b := randMatrix(t, g, "b", src, 300, 250)
	s := randMatrix(t, g, "s", src)
	sameAsTape(t, g, gorgonia.Must(gorgonia.Add(a, b)), gorgonia.Must(gorgonia.HadamardProd(a, s)),
		gorgonia.Must(gorgonia.Tanh(a)), gorgonia.Must(gorgonia.Sigmoid(b)), gorgonia.Must(gorgonia.Sum(a, 1)))
}
