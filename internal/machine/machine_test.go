package machine

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

// randInput returns an input of g of the given shape (none for a scalar)
// whose value is normal numbers from src.
func randInput(g *gorgonia.ExprGraph, dt tensor.Dtype, name string, src *rand.Rand, shape ...int) *gorgonia.Node {
	if len(shape) == 0 {
		return gorgonia.NewScalar(g, dt, gorgonia.WithName(name), gorgonia.WithValue(scalarOf(dt, src.NormFloat64())))
	}
	v := tensor.New(tensor.WithShape(shape...), tensor.Of(dt))
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
	return gorgonia.NewTensor(g, dt, len(shape), gorgonia.WithShape(shape...), gorgonia.WithName(name), gorgonia.WithValue(v))
}

func scalarOf(dt tensor.Dtype, x float64) gorgonia.Value {
	if dt == tensor.Float32 {
		return gorgonia.NewF32(float32(x))
	}
	return gorgonia.NewF64(x)
}

// newMachine is New for a test.
func newMachine(t *testing.T, g *gorgonia.ExprGraph, outs []*gorgonia.Node) *Machine {
	t.Helper()
	m, err := New(g, outs)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sameAsTape runs outs on the machine (twice, so that kept buffers are
// reused) and on a TapeMachine, and fails unless every value agrees in
// every bit.
func sameAsTape(t *testing.T, g *gorgonia.ExprGraph, outs ...*gorgonia.Node) {
	t.Helper()
	m := newMachine(t, g, outs)
	for range 2 {
		if err := m.Run(); err != nil {
			t.Fatal(err)
		}
	}
	want := tapeValues(t, g, outs)
	for i, n := range outs {
		got := m.Value(n)
		k := kernelOf(m, n)
		mm, ok := k.(*matMul[float64, f64])
		if s, shallow := k.(*shallow); shallow {
			mm, ok = s.matMul, true
		}
		if ok && !gemm.Exact(mm.m, mm.n, mm.k) {
			// Large products go to a faster kernel that rounds
			// differently: each element is a sum of k products.
			if d := maxDiff(got, want[i]); d > 1e-14*float64(mm.k) {
				t.Errorf("%v: machine and TapeMachine differ by %g", n, d)
			}
		} else if afterSum32(m, g, n) {
			// The machine's float32 sums are accurate where gorgonia's
			// add in float32 (sum32): what depends on one differs in
			// its last bits, by a sum's rounding errors.
			if d := maxDiff(got, want[i]); d > 1e-5*math.Max(1, maxAbs(want[i])) {
				t.Errorf("%v (after a float32 sum): machine %v, TapeMachine %v", n, got, want[i])
			}
		} else if !sameBits(got, want[i]) {
			t.Errorf("%v (kernel %T): machine %v, TapeMachine %v", n, k, got, want[i])
		}
		if _, generic := k.(*generic); generic && n.Dtype() == tensor.Float64 {
			t.Errorf("%v of shape %v runs gorgonia's op, not a kernel of the machine", n, n.Shape())
		}
	}
}

// afterSum32 reports whether n is, or depends on, a float32 sum on the
// machine's sum kernel.
func afterSum32(m *Machine, g *gorgonia.ExprGraph, n *gorgonia.Node) bool {
	seen := map[*gorgonia.Node]bool{}
	var walk func(n *gorgonia.Node) bool
	walk = func(n *gorgonia.Node) bool {
		if seen[n] {
			return false
		}
		seen[n] = true
		if _, ok := kernelOf(m, n).(*sum[float32, f32]); ok {
			return true
		}
		for _, k := range children(g, n) {
			if walk(k) {
				return true
			}
		}
		return false
	}
	return walk(n)
}

// maxAbs is the largest magnitude of v's elements.
func maxAbs(v gorgonia.Value) float64 {
	var a float64
	for _, x := range bitsOf(v) {
		a = math.Max(a, math.Abs(x))
	}
	return a
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

func kernelOf(m *Machine, n *gorgonia.Node) kernel {
	for _, in := range m.instrs {
		if m.nodes[in.out] == n {
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
	g := gorgonia.NewGraph()
	a := randInput(g, tensor.Float64, "a", src, 3, 70)
	b := randInput(g, tensor.Float64, "b", src, 3, 70)
	s := randInput(g, tensor.Float64, "s", src)
	r := randInput(g, tensor.Float64, "r", src)
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
	g := gorgonia.NewGraph()
	x := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(1, len(vals)), gorgonia.WithName("x"),
		gorgonia.WithValue(tensor.New(tensor.WithShape(1, len(vals)), tensor.WithBacking(vals))))
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
	g := gorgonia.NewGraph()
	var outs []*gorgonia.Node
	// Small products, ones of more than four 64×64 blocks of C with k
	// over 64, where gonum's Dgemm goes parallel and accumulates by blocks,
	// and one large enough for the packed kernel.
	for i, s := range [][3]int{{4, 2, 400}, {1, 4, 400}, {70, 130, 90}, {70, 60, 200}, {130, 200, 140}} {
		m, k, n := s[0], s[1], s[2]
		name := string(rune('a' + i))
		a := randInput(g, tensor.Float64, name+"A", src, m, k)
		at := randInput(g, tensor.Float64, name+"At", src, k, m)
		b := randInput(g, tensor.Float64, name+"B", src, k, n)
		bt := randInput(g, tensor.Float64, name+"Bt", src, n, k)
		tr := func(x *gorgonia.Node) *gorgonia.Node { return gorgonia.Must(gorgonia.Transpose(x)) }
		outs = append(outs,
			gorgonia.Must(gorgonia.Mul(a, b)), gorgonia.Must(gorgonia.Mul(tr(at), b)),
			gorgonia.Must(gorgonia.Mul(a, tr(bt))), gorgonia.Must(gorgonia.Mul(tr(at), tr(bt))),
			tr(a), gorgonia.Must(gorgonia.Sum(a, 0)), gorgonia.Must(gorgonia.Sum(a, 1)), gorgonia.Must(gorgonia.Sum(a)))
	}
	v := randInput(g, tensor.Float64, "v", src, 300)
	col := randInput(g, tensor.Float64, "col", src, 5, 1)
	row := randInput(g, tensor.Float64, "row", src, 1, 7)
	wide := randInput(g, tensor.Float64, "wide", src, 5, 7)
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
	g := gorgonia.NewGraph()
	w1 := valued(g, "W1", randDense(src, 4, 2))
	b1 := valued(g, "b1", randDense(src, 4, 1))
	w2 := valued(g, "W2", randDense(src, 1, 4))
	b2 := valued(g, "b2", randDense(src, 1, 1))
	x := randInput(g, tensor.Float64, "X", src, 2, 150)
	labels := make([]float64, 150)
	for i := range labels {
		labels[i] = float64(src.IntN(2))
	}
	y := valued(g, "Y", tensor.New(tensor.WithShape(1, 150), tensor.WithBacking(labels)))
	must := gorgonia.Must
	a1 := must(gorgonia.Tanh(must(gorgonia.BroadcastAdd(must(gorgonia.Mul(w1, x)), b1, nil, []byte{1}))))
	a2 := must(gorgonia.Sigmoid(must(gorgonia.BroadcastAdd(must(gorgonia.Mul(w2, a1)), b2, nil, []byte{1}))))
	one := gorgonia.NewConstant(1.0)
	logA := must(ops.ClampedLog(a2, -100))
	log1mA := must(ops.ClampedLog(must(gorgonia.Sub(one, a2)), -100))
	both := must(gorgonia.Add(must(gorgonia.HadamardProd(y, logA)), must(gorgonia.HadamardProd(must(gorgonia.Sub(one, y)), log1mA))))
	cost := must(gorgonia.HadamardProd(must(gorgonia.Sum(both)), gorgonia.NewConstant(-1.0/150)))
	grads := backprop(t, g, cost, w1, b1, w2, b2)
	outs := append([]*gorgonia.Node{cost, a2}, grads...)
	m := newMachine(t, g, outs)
	for range 2 {
		if err := m.Run(); err != nil {
			t.Fatal(err)
		}
	}
	want := tapeValues(t, g, outs)
	var got []gorgonia.Value
	for _, n := range outs {
		got = append(got, m.Value(n))
	}
	for i := range want {
		if !sameBits(got[i], want[i]) {
			t.Errorf("output %d: machine %v, TapeMachine %v", i, got[i], want[i])
		}
	}
}

// valued returns a float64 node of g whose value is v.
func valued(g *gorgonia.ExprGraph, name string, v *tensor.Dense) *gorgonia.Node {
	return gorgonia.NewTensor(g, tensor.Float64, v.Dims(), gorgonia.WithShape(v.Shape()...), gorgonia.WithName(name), gorgonia.WithValue(v))
}

// backprop returns the gradient nodes of the scalar cost by params, as
// graph.Compile builds them: from a seed input of its own, which no run
// can overwrite, rather than gorgonia's shared constant 1.
func backprop(t *testing.T, g *gorgonia.ExprGraph, cost *gorgonia.Node, params ...*gorgonia.Node) []*gorgonia.Node {
	t.Helper()
	seed := gorgonia.NewScalar(g, cost.Dtype(), gorgonia.WithName("seed"), gorgonia.WithValue(scalarOf(cost.Dtype(), 1)))
	grads, err := gorgonia.Backpropagate(gorgonia.Nodes{cost}, gorgonia.Nodes{seed}, params)
	if err != nil {
		t.Fatal(err)
	}
	return grads
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
	g := gorgonia.NewGraph()
	a := randInput(g, tensor.Float32, "a", src, 3, 5)
	b := randInput(g, tensor.Float32, "b", src, 5, 2)
	sameAsTape(t, g, gorgonia.Must(gorgonia.Tanh(gorgonia.Must(gorgonia.Mul(a, b)))), gorgonia.Must(gorgonia.Sum(a, 1)))
}

// TestMachineSteadyState checks that a run of a kept program allocates
// nothing once its buffers exist.
func TestMachineSteadyState(t *testing.T) {
	src := rand.New(rand.NewPCG(9, 10))
	g := gorgonia.NewGraph()
	w := valued(g, "W", randDense(src, 4, 2))
	x := randInput(g, tensor.Float64, "X", src, 2, 400)
	cost := gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.Tanh(gorgonia.Must(gorgonia.Mul(w, x))))))
	m := newMachine(t, g, append(backprop(t, g, cost, w), cost))
	if err := m.Run(); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _ = m.Run() }); n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
}

// TestMachineLargeElementwise runs elementwise kernels on tensors large
// enough to be split between goroutines (run it with -race too).
func TestMachineLargeElementwise(t *testing.T) {
	src := rand.New(rand.NewPCG(11, 12))
	g := gorgonia.NewGraph()
	a := randInput(g, tensor.Float64, "a", src, 300, 250)
	b := randInput(g, tensor.Float64, "b", src, 300, 250)
	s := randInput(g, tensor.Float64, "s", src)
	sameAsTape(t, g, gorgonia.Must(gorgonia.Add(a, b)), gorgonia.Must(gorgonia.HadamardProd(a, s)),
		gorgonia.Must(gorgonia.Tanh(a)), gorgonia.Must(gorgonia.Sigmoid(b)), gorgonia.Must(gorgonia.Sum(a, 1)))
}
