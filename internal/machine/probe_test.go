package machine

import (
	"slices"
	"testing"

	"github.com/gradlab/gradlab/internal/ops"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The probes of probe.go read gorgonia v0.9.18's internals. Each test
// below builds the real op with gorgonia's public API and checks that the
// probe recognises it and reads the right value, so that a gorgonia which
// changes what a probe reads fails here, naming the probe, instead of
// silently running every such op on the generic kernel.

// probeGraph returns a graph with a (2,3) matrix x, a (3,4) matrix y, a
// (2,1) column and a (1,3) row.
func probeGraph() (g *gorgonia.ExprGraph, x, y, col, row *gorgonia.Node) {
	g = gorgonia.NewGraph()
	m := func(name string, r, c int) *gorgonia.Node {
		return gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(r, c), gorgonia.WithName(name))
	}
	return g, m("x", 2, 3), m("y", 3, 4), m("col", 2, 1), m("row", 1, 3)
}

// mustOf returns a function that fails t on an error building a node.
func mustOf(t *testing.T) func(*gorgonia.Node, error) *gorgonia.Node {
	return func(n *gorgonia.Node, err error) *gorgonia.Node {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
}

func TestProbeOpTypes(t *testing.T) {
	must := mustOf(t)
	if opTypesErr != nil {
		t.Fatalf("probe opTypes: %v", opTypesErr)
	}
	for k := constantOp; k <= transposeOp; k++ {
		found := false
		for _, v := range opTypes {
			found = found || v == k
		}
		if !found {
			t.Errorf("probe opTypes: no op type of kind %v", k)
		}
	}
	g, x, y, col, row := probeGraph()
	bcCol := must(gorgonia.BroadcastAdd(x, col, nil, []byte{1}))
	bcRow := must(gorgonia.BroadcastAdd(x, row, nil, []byte{0}))
	// Ops of a fresh graph and of other shapes than the samples', so that
	// the kind is a property of the op's type, not of one node.
	cases := []struct {
		name string
		n    *gorgonia.Node
		want opKind
	}{
		{"NewConstant(2.5)", gorgonia.NewConstant(2.5), constantOp},
		{"NewConstant(tensor)", gorgonia.NewConstant(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 2, 3, 4}))), constantOp},
		{"Sub", must(gorgonia.Sub(x, x)), elemBinaryOp},
		{"HadamardDiv", must(gorgonia.HadamardDiv(y, y)), elemBinaryOp},
		{"Sigmoid", must(gorgonia.Sigmoid(y)), elemUnaryOp},
		{"Log", must(gorgonia.Log(x)), elemUnaryOp},
		{"Mul", must(gorgonia.Mul(x, y)), linAlgOp},
		{"Sum(x)", must(gorgonia.Sum(x)), sumOp},
		{"Sum(y, 0)", must(gorgonia.Sum(y, 0)), sumOp},
		{"Reshape", must(gorgonia.Reshape(y, tensor.Shape{12})), reshapeOp},
		{"SizeOf", must(gorgonia.SizeOf(1, y)), sizeOp},
		{"Transpose", must(gorgonia.Transpose(y)), transposeOp},
		{"BroadcastAdd column repeat", repeatOf(g, bcCol), repeatOp},
		{"BroadcastAdd row repeat", repeatOf(g, bcRow), repeatOp},
		{"ClampedLog", must(ops.ClampedLog(x, -100)), otherOp},
	}
	for _, c := range cases {
		if c.n == nil {
			t.Errorf("probe opTypes: %s has no node", c.name)
			continue
		}
		if got := kindOf(c.n.Op()); got != c.want {
			t.Errorf("probe opTypes: %s (op %v, %T) is recognised as %v, want %v", c.name, c.n.Op(), c.n.Op(), got, c.want)
		}
	}
}

// repeatOf returns the child of a BroadcastAdd node that has an op: the
// repeat of the broadcast operand.
func repeatOf(g *gorgonia.ExprGraph, bc *gorgonia.Node) *gorgonia.Node {
	for it := g.From(bc.ID()); it.Next(); {
		if n := it.Node().(*gorgonia.Node); n.Op() != nil {
			return n
		}
	}
	return nil
}

func TestProbeOwnOp(t *testing.T) {
	must := mustOf(t)
	_, x, _, _, _ := probeGraph()
	if n := must(gorgonia.Tanh(x)); !isOwnOp(n.Op()) {
		t.Errorf("probe isOwnOp: gorgonia's tanh (%T) is not recognised as gorgonia's", n.Op())
	}
	if n := must(ops.ClampedLog(x, -100)); isOwnOp(n.Op()) {
		t.Errorf("probe isOwnOp: internal/ops' %v (%T) is recognised as gorgonia's", n.Op(), n.Op())
	}
}

func TestProbeBinary(t *testing.T) {
	must := mustOf(t)
	_, x, _, _, _ := probeGraph()
	s := gorgonia.NewScalar(x.Graph(), tensor.Float64, gorgonia.WithName("s"))
	for _, c := range []struct {
		name string
		f    func(a, b *gorgonia.Node) (*gorgonia.Node, error)
		want byte
	}{
		{"Add", gorgonia.Add, '+'},
		{"Sub", gorgonia.Sub, '-'},
		{"HadamardProd", gorgonia.HadamardProd, '*'},
		{"HadamardDiv", gorgonia.HadamardDiv, '/'},
	} {
		for _, pair := range [][2]*gorgonia.Node{{x, x}, {x, s}, {s, x}, {s, s}} {
			n := must(c.f(pair[0], pair[1]))
			if got, ok := binaryOf(n.Op()); !ok || got != c.want {
				t.Errorf("probe binaryOf: %s of shapes %v and %v (op %q) reads %q, %v; want %q, true",
					c.name, pair[0].Shape(), pair[1].Shape(), n.Op(), got, ok, c.want)
			}
		}
	}
	// A comparison is elementwise binary too, but has no kernel.
	if n := must(gorgonia.Gt(x, x, false)); func() bool { _, ok := binaryOf(n.Op()); return ok }() {
		t.Errorf("probe binaryOf: comparison %q is recognised as arithmetic", n.Op())
	}
}

func TestProbeUnary(t *testing.T) {
	must := mustOf(t)
	_, x, _, _, _ := probeGraph()
	for _, c := range []struct {
		f    func(*gorgonia.Node) (*gorgonia.Node, error)
		want string
	}{
		{gorgonia.Tanh, "tanh"}, {gorgonia.Sigmoid, "sigmoid"}, {gorgonia.Neg, "neg"}, {gorgonia.Square, "square"},
		{gorgonia.Cube, "cube"}, {gorgonia.Exp, "exp"}, {gorgonia.Log, "ln"}, {gorgonia.Log1p, "log1p"},
		{gorgonia.Expm1, "expm1"}, {gorgonia.Softplus, "softplus"}, {gorgonia.Sqrt, "sqrt"}, {gorgonia.Inverse, "inv"},
		{gorgonia.Abs, "abs"},
	} {
		n := must(c.f(x))
		if got := unaryName(n.Op()); got != c.want {
			t.Errorf("probe unaryName: gorgonia's %s op reads %q", c.want, got)
		}
		if unaryFuncs[c.want] == nil {
			t.Errorf("no unary kernel for %q", c.want)
		}
	}
	if len(unaryFuncs) != 13 {
		t.Errorf("%d unary kernels, %d probed: probe the new ones", len(unaryFuncs), 13)
	}
}

// TestProbeMatMul builds the products that gorgonia makes: A × B by Mul,
// and A × Bᵀ and Aᵀ × B by the derivative of a product. gorgonia's public
// API builds no Aᵀ × Bᵀ (only the derivative of one would), so that case
// of the probe is untested.
func TestProbeMatMul(t *testing.T) {
	must := mustOf(t)
	g, x, y, _, _ := probeGraph()
	prod := must(gorgonia.Mul(x, y))
	cost := must(gorgonia.Sum(prod))
	if _, err := gorgonia.Grad(cost, x, y); err != nil {
		t.Fatal(err)
	}
	var got [][2]bool
	for _, n := range g.AllNodes() {
		if kindOf(n.Op()) != linAlgOp {
			continue
		}
		tA, tB, ok := matMulOf(n.Op())
		if !ok {
			t.Errorf("probe matMulOf: product %q of shape %v is not recognised", n.Op(), n.Shape())
			continue
		}
		got = append(got, [2]bool{tA, tB})
	}
	for _, want := range []struct {
		name   string
		tA, tB bool
	}{{"A × B", false, false}, {"A × Bᵀ", false, true}, {"Aᵀ × B", true, false}} {
		if !slices.Contains(got, [2]bool{want.tA, want.tB}) {
			t.Errorf("probe matMulOf: no product of Mul and its derivative is read as %s; read %v", want.name, got)
		}
	}
	if tA, tB, ok := matMulOf(prod.Op()); !ok || tA || tB {
		t.Errorf("probe matMulOf: Mul(x, y) (op %q) reads %v, %v, %v; want false, false, true", prod.Op(), tA, tB, ok)
	}
}

func TestProbeTranspose(t *testing.T) {
	must := mustOf(t)
	g, x, _, _, _ := probeGraph()
	if n := must(gorgonia.Transpose(x)); !isMatrixTranspose(n.Op()) {
		t.Errorf("probe isMatrixTranspose: Transpose of a matrix (op %q) is not recognised", n.Op())
	}
	cube := gorgonia.NewTensor(g, tensor.Float64, 3, gorgonia.WithShape(2, 3, 4), gorgonia.WithName("cube"))
	if n := must(gorgonia.Transpose(cube, 1, 0, 2)); isMatrixTranspose(n.Op()) {
		t.Errorf("probe isMatrixTranspose: Transpose of a 3-tensor (op %q) is recognised as a matrix's", n.Op())
	}
}

func TestProbeSumAlong(t *testing.T) {
	must := mustOf(t)
	_, x, _, _, _ := probeGraph()
	for _, c := range []struct {
		axes []int
		want []int
	}{{[]int{1}, []int{1}}, {[]int{0}, []int{0}}, {nil, []int{0, 1}}} {
		n := must(gorgonia.Sum(x, c.axes...))
		if got, ok := sumAlong(n.Op()); !ok || !slices.Equal(got, c.want) {
			t.Errorf("probe sumAlong: Sum(x, %v) (op %v) reads %v, %v; want %v, true", c.axes, n.Op(), got, ok, c.want)
		}
	}
}

func TestProbeRepeatAlong(t *testing.T) {
	must := mustOf(t)
	g, x, _, col, row := probeGraph()
	for _, c := range []struct {
		name    string
		b       *gorgonia.Node
		pattern []byte
		want    int
	}{{"column", col, []byte{1}, 1}, {"row", row, []byte{0}, 0}} {
		rep := repeatOf(g, must(gorgonia.BroadcastAdd(x, c.b, nil, c.pattern)))
		if rep == nil {
			t.Errorf("probe repeatAlong: BroadcastAdd of a %s has no repeat node", c.name)
			continue
		}
		if got, ok := repeatAlong(rep.Op()); !ok || got != c.want {
			t.Errorf("probe repeatAlong: the repeat of a broadcast %s (op %v) reads %v, %v; want %v, true", c.name, rep.Op(), got, ok, c.want)
		}
	}
}

// TestProbeOps checks the probes of internal/ops' op types against the
// real ops: the clamped log and its floor, its gradient, and the
// gradient's least denominator.
func TestProbeOps(t *testing.T) {
	must := mustOf(t)
	_, x, _, _, _ := probeGraph()
	cl := must(ops.ClampedLog(x, -37.5))
	if floor, ok := clampedLogFloor(cl.Op()); !ok || floor != -37.5 {
		t.Errorf("probe clamped log: %v (%T) reads %v, %v; want -37.5, true", cl.Op(), cl.Op(), floor, ok)
	}
	if _, ok := clampedLogFloor(must(gorgonia.Log(x)).Op()); ok {
		t.Error("probe clamped log: gorgonia's log is read as a clamped log")
	}
	cost := must(gorgonia.Sum(cl))
	if _, err := gorgonia.Grad(cost, x); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, n := range x.Graph().AllNodes() {
		if n.Op() != nil && isClampedLogGrad(n.Op()) {
			found++
		}
	}
	if found != 1 {
		t.Errorf("probe clamped log gradient: %d nodes of the clamped log's gradient recognised, want 1", found)
	}
	if gradEpsilon != ops.GradEpsilon {
		t.Errorf("gradEpsilon is %g, internal/ops' GradEpsilon %g", gradEpsilon, ops.GradEpsilon)
	}
}
