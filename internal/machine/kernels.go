package machine

import (
	"math"

	"github.com/gradlab/gradlab/internal/gemm"
	"github.com/gradlab/gradlab/internal/par"
	"github.com/gradlab/gradlab/internal/vmath"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// kernelFor picks how the machine computes n from its children kids: a
// float64 kernel of the machine's own when it knows the op and the shapes
// fit, else the op itself.
func kernelFor(n *gorgonia.Node, kids []*gorgonia.Node) kernel {
	fallback := genericKernel(n)
	op := n.Op()
	kind := kindOf(op)
	switch kind {
	case reshapeOp:
		return &reshapeKernel{op: op, shape: n.Shape()}
	case sizeOp:
		return &onceKernel{op: op}
	}
	if !allFloat64(n, kids) {
		return fallback
	}
	var k kernel
	if floor, ok := clampedLogFloor(op); ok {
		k = newClampedLog(floor, n, kids, fallback)
	}
	switch kind {
	case elemBinaryOp:
		k = newBinary(op, n, kids, fallback)
	case elemUnaryOp:
		k = newUnary(unaryName(op), n, kids, fallback)
	case linAlgOp:
		k = newMatMul(op, n, kids, fallback)
	case sumOp:
		k = newSum(op, n, kids, fallback)
	case transposeOp:
		k = newTranspose(op, n, kids, fallback)
	case repeatOp:
		k = newRepeat(op, n, kids, fallback)
	}
	if k == nil {
		return fallback
	}
	return k
}

func allFloat64(n *gorgonia.Node, kids []*gorgonia.Node) bool {
	if n.Dtype() != tensor.Float64 {
		return false
	}
	for _, k := range kids {
		if k.Dtype() != tensor.Float64 {
			return false
		}
	}
	return true
}

// genericKernel runs the op itself. gorgonia's own ops run with Do, as the
// TapeMachine runs them, except repeat, which the TapeMachine always gives a
// preallocated output; ops of other packages that can write into a kept
// buffer do.
func genericKernel(n *gorgonia.Node) kernel {
	op := n.Op()
	k := &generic{op: op}
	pd, ok := op.(gorgonia.UsePreallocDoer)
	if ok && (!isOwnOp(op) || kindOf(op) == repeatOp) && !n.IsScalar() {
		k.pd = pd
		k.buf = tensor.New(tensor.WithShape(n.Shape()...), tensor.Of(n.Dtype()))
	}
	return k
}

type generic struct {
	op  gorgonia.Op
	pd  gorgonia.UsePreallocDoer
	buf gorgonia.Value
}

func (k *generic) do(args []gorgonia.Value) (gorgonia.Value, error) {
	if k.pd != nil {
		if v, err := k.pd.UsePreallocDo(k.buf, args...); err == nil {
			return v, nil
		}
		// As the TapeMachine does, an op that cannot use the buffer this
		// time computes a new value.
	}
	return k.op.Do(args...)
}

// onceKernel computes its node on the first run and keeps the value: for
// ops whose result depends only on shapes, which a graph fixes.
type onceKernel struct {
	op gorgonia.Op
	v  gorgonia.Value
}

func (k *onceKernel) do(args []gorgonia.Value) (gorgonia.Value, error) {
	if k.v == nil {
		v, err := k.op.Do(args...)
		if err != nil {
			return nil, err
		}
		k.v = v
	}
	return k.v, nil
}

// reshapeKernel gives the same view of the same argument on every run, so
// that reshaping allocates nothing once the argument's buffer is kept. A
// scalar is copied into a kept tensor.
type reshapeKernel struct {
	op    gorgonia.Op
	shape tensor.Shape
	in    gorgonia.Value
	out   gorgonia.Value
	one   *tensor.Dense // the reshaped scalar
}

func (k *reshapeKernel) do(args []gorgonia.Value) (gorgonia.Value, error) {
	a := args[0]
	switch x := a.(type) {
	case *gorgonia.F64:
		if k.shape.TotalSize() == 1 {
			if k.one == nil {
				k.one = tensor.New(tensor.WithShape(k.shape...), tensor.Of(tensor.Float64))
			}
			k.one.Float64s()[0] = float64(*x)
			return k.one, nil
		}
	case *tensor.Dense:
		if x == k.in && !x.IsView() && k.out != nil {
			return k.out, nil
		}
		v, err := k.op.Do(args...)
		if err != nil {
			return nil, err
		}
		k.in, k.out = nil, nil
		if !x.IsView() { // a view's reshape is a copy, stale on the next run
			k.in, k.out = x, v
		}
		return v, nil
	}
	return k.op.Do(args...)
}

// operand is a float64 argument: a scalar or the elements of a dense
// tensor.
func operand(v gorgonia.Value) (s float64, xs []float64, ok bool) {
	switch x := v.(type) {
	case *gorgonia.F64:
		return float64(*x), nil, true
	case *tensor.Dense:
		if x.IsView() || x.Dtype() != tensor.Float64 {
			return 0, nil, false
		}
		return 0, x.Float64s(), true
	}
	return 0, nil, false
}

// output is a kept float64 result: a scalar, or a dense tensor.
type output struct {
	scalar *gorgonia.F64
	dense  *tensor.Dense
	data   []float64
}

func newOutput(n *gorgonia.Node) output {
	if n.IsScalar() {
		return output{scalar: new(gorgonia.F64)}
	}
	d := tensor.New(tensor.WithShape(n.Shape()...), tensor.Of(tensor.Float64))
	return output{dense: d, data: d.Float64s()}
}

// binary is elementwise +, −, ⊙ or ÷ of two tensors of one shape, a tensor
// and a scalar, or two scalars.
type binary struct {
	op       byte
	out      output
	size     int
	fallback kernel
}

func newBinary(o gorgonia.Op, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
	op, ok := binaryOf(o)
	if !ok || len(kids) != 2 {
		return nil
	}
	for _, c := range kids {
		if !c.IsScalar() && !c.Shape().Eq(n.Shape()) {
			return nil
		}
	}
	if n.IsScalar() != (kids[0].IsScalar() && kids[1].IsScalar()) {
		return nil
	}
	return &binary{op: op, out: newOutput(n), size: n.Shape().TotalSize(), fallback: fallback}
}

func (k *binary) do(args []gorgonia.Value) (gorgonia.Value, error) {
	as, a, aok := operand(args[0])
	bs, b, bok := operand(args[1])
	if !aok || !bok || (a != nil && len(a) != k.size) || (b != nil && len(b) != k.size) {
		return k.fallback.do(args)
	}
	if k.out.scalar != nil {
		if a != nil || b != nil {
			return k.fallback.do(args)
		}
		*k.out.scalar = gorgonia.F64(apply2(k.op, as, bs))
		return k.out.scalar, nil
	}
	c := k.out.data
	if len(c) >= par.Grain {
		par.For(len(c), func(lo, hi int) { binaryLoop(k.op, c[lo:hi], sub(a, lo, hi), as, sub(b, lo, hi), bs) })
	} else {
		binaryLoop(k.op, c, a, as, b, bs)
	}
	return k.out.dense, nil
}

func sub(x []float64, lo, hi int) []float64 {
	if x == nil {
		return nil
	}
	return x[lo:hi]
}

func apply2(op byte, a, b float64) float64 {
	switch op {
	case '+':
		return a + b
	case '-':
		return a - b
	case '*':
		return a * b
	}
	return a / b
}

// binaryLoop sets c = a op b, where a nil a or b stands for the scalar as
// or bs.
func binaryLoop(op byte, c, a []float64, as float64, b []float64, bs float64) {
	switch {
	case a != nil && b != nil:
		a, b = a[:len(c)], b[:len(c)]
		switch op {
		case '+':
			for i := range c {
				c[i] = a[i] + b[i]
			}
		case '-':
			for i := range c {
				c[i] = a[i] - b[i]
			}
		case '*':
			for i := range c {
				c[i] = a[i] * b[i]
			}
		case '/':
			for i := range c {
				c[i] = a[i] / b[i]
			}
		}
	case a != nil:
		a = a[:len(c)]
		switch op {
		case '+':
			for i := range c {
				c[i] = a[i] + bs
			}
		case '-':
			for i := range c {
				c[i] = a[i] - bs
			}
		case '*':
			for i := range c {
				c[i] = a[i] * bs
			}
		case '/':
			for i := range c {
				c[i] = a[i] / bs
			}
		}
	case b != nil:
		b = b[:len(c)]
		switch op {
		case '+':
			for i := range c {
				c[i] = as + b[i]
			}
		case '-':
			for i := range c {
				c[i] = as - b[i]
			}
		case '*':
			for i := range c {
				c[i] = as * b[i]
			}
		case '/':
			for i := range c {
				c[i] = as / b[i]
			}
		}
	default:
		v := apply2(op, as, bs)
		for i := range c {
			c[i] = v
		}
	}
}

// unaryFuncs are gorgonia's float64 elementwise functions, by op name,
// written as gorgonia and the tensor package compute them.
var unaryFuncs = map[string]func(float64) float64{
	"tanh":     math.Tanh,
	"sigmoid":  sigmoid,
	"neg":      func(x float64) float64 { return -x },
	"square":   func(x float64) float64 { return x * x },
	"cube":     func(x float64) float64 { return x * x * x },
	"exp":      math.Exp,
	"ln":       math.Log,
	"log1p":    math.Log1p,
	"expm1":    math.Expm1,
	"softplus": softplus,
	"sqrt":     math.Sqrt,
	"inv":      func(x float64) float64 { return 1 / x },
	"abs":      math.Abs,
}

// sigmoid is gorgonia's: exactly 0 below −709 and 1 above 19.
func sigmoid(x float64) float64 {
	if x < -709 {
		return 0
	}
	if x > 19 {
		return 1
	}
	return 1.0 / (1.0 + math.Exp(-x))
}

// softplus is gorgonia's: 0 below −708 and x above 16.
func softplus(x float64) float64 {
	if x < -708 {
		return 0
	}
	if x > 16 {
		return x
	}
	return math.Log1p(math.Exp(x))
}

type unary struct {
	name     string
	f        func(float64) float64
	out      output
	size     int
	fallback kernel
}

func newUnary(name string, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
	f, ok := unaryFuncs[name]
	if !ok || len(kids) != 1 || !kids[0].Shape().Eq(n.Shape()) || kids[0].IsScalar() != n.IsScalar() {
		return nil
	}
	return &unary{name: name, f: f, out: newOutput(n), size: n.Shape().TotalSize(), fallback: fallback}
}

func (k *unary) do(args []gorgonia.Value) (gorgonia.Value, error) {
	as, a, ok := operand(args[0])
	if !ok || (a == nil) != (k.out.scalar != nil) || (a != nil && len(a) != k.size) {
		return k.fallback.do(args)
	}
	if k.out.scalar != nil {
		*k.out.scalar = gorgonia.F64(k.f(as))
		return k.out.scalar, nil
	}
	c := k.out.data
	if len(c) >= par.Grain {
		par.For(len(c), func(lo, hi int) { k.loop(c[lo:hi], a[lo:hi]) })
	} else {
		k.loop(c, a)
	}
	return k.out.dense, nil
}

// loop applies the function; the cheap ones are written out so that the
// compiler inlines them.
func (k *unary) loop(c, a []float64) {
	a = a[:len(c)]
	switch k.name {
	case "neg":
		for i := range c {
			c[i] = -a[i]
		}
	case "square":
		for i := range c {
			c[i] = a[i] * a[i]
		}
	case "tanh":
		vmath.Tanh(c, a)
	case "exp":
		vmath.Exp(c, a)
	case "ln":
		vmath.Log(c, a)
	case "sigmoid":
		for i := range c {
			c[i] = sigmoid(a[i])
		}
	default:
		for i := range c {
			c[i] = k.f(a[i])
		}
	}
}

// matMul is a product of two matrices, either transposed, through the
// BLAS that gorgonia's tensor package would call, with the same arguments.
type matMul struct {
	tA, tB   bool
	m, n, k  int
	out      output
	fallback kernel
}

func newMatMul(op gorgonia.Op, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
	tA, tB, ok := matMulOf(op)
	if !ok || len(kids) != 2 || kids[0].Dims() != 2 || kids[1].Dims() != 2 || n.Dims() != 2 {
		return nil
	}
	as, bs := kids[0].Shape(), kids[1].Shape()
	m, k := as[0], as[1]
	if tA {
		m, k = k, m
	}
	kb, nn := bs[0], bs[1]
	if tB {
		kb, nn = nn, kb
	}
	if k != kb || !n.Shape().Eq(tensor.Shape{m, nn}) {
		return nil
	}
	return &matMul{tA: tA, tB: tB, m: m, n: nn, k: k, out: newOutput(n), fallback: fallback}
}

func (k *matMul) do(args []gorgonia.Value) (gorgonia.Value, error) {
	_, a, aok := operand(args[0])
	_, b, bok := operand(args[1])
	if !aok || !bok || len(a) != k.m*k.k || len(b) != k.k*k.n {
		return k.fallback.do(args)
	}
	lda, ldb := k.k, k.n
	if k.tA {
		lda = k.m
	}
	if k.tB {
		ldb = k.k
	}
	gemm.Dgemm(k.tA, k.tB, k.m, k.n, k.k, a, lda, b, ldb, k.out.data, k.n)
	return k.out.dense, nil
}

// sum adds up all elements, or those along one axis of a matrix, in the
// order gorgonia's tensor package does: sequentially.
type sum struct {
	axis     int // −1 for all
	rows     int
	cols     int
	out      output
	fallback kernel
}

func newSum(op gorgonia.Op, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
	if len(kids) != 1 {
		return nil
	}
	along, ok := sumAlong(op)
	if !ok {
		return nil
	}
	s := kids[0].Shape()
	all := len(along) == len(s)
	for i, a := range along {
		all = all && a == i
	}
	switch {
	case all && n.IsScalar() && !kids[0].IsScalar():
		return &sum{axis: -1, rows: 1, cols: s.TotalSize(), out: newOutput(n), fallback: fallback}
	case len(s) == 2 && len(along) == 1 && n.Shape().Eq(tensor.Shape{s[1-along[0]]}):
		return &sum{axis: along[0], rows: s[0], cols: s[1], out: newOutput(n), fallback: fallback}
	}
	return nil
}

func (k *sum) do(args []gorgonia.Value) (gorgonia.Value, error) {
	_, a, ok := operand(args[0])
	if !ok || a == nil || len(a) != k.rows*k.cols {
		return k.fallback.do(args)
	}
	switch k.axis {
	case -1:
		var s float64
		for _, v := range a {
			s += v
		}
		*k.out.scalar = gorgonia.F64(s)
		return k.out.scalar, nil
	case 0:
		c := k.out.data
		clear(c)
		for r := 0; r < k.rows; r++ {
			row := a[r*k.cols : (r+1)*k.cols]
			for j, v := range row {
				c[j] += v
			}
		}
	default:
		c := k.out.data
		for r := range c {
			var s float64
			for _, v := range a[r*k.cols : (r+1)*k.cols] {
				s += v
			}
			c[r] = s
		}
	}
	return k.out.dense, nil
}

// transpose swaps the axes of a matrix into a kept buffer.
type transpose struct {
	rows, cols int
	out        output
	fallback   kernel
}

func newTranspose(op gorgonia.Op, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
	if len(kids) != 1 || kids[0].Dims() != 2 || !isMatrixTranspose(op) {
		return nil
	}
	s := kids[0].Shape()
	if !n.Shape().Eq(tensor.Shape{s[1], s[0]}) {
		return nil
	}
	return &transpose{rows: s[0], cols: s[1], out: newOutput(n), fallback: fallback}
}

func (k *transpose) do(args []gorgonia.Value) (gorgonia.Value, error) {
	_, a, ok := operand(args[0])
	if !ok || a == nil || len(a) != k.rows*k.cols {
		return k.fallback.do(args)
	}
	c := k.out.data
	for i := 0; i < k.rows; i++ {
		for j, v := range a[i*k.cols : (i+1)*k.cols] {
			c[j*k.rows+i] = v
		}
	}
	return k.out.dense, nil
}

// repeat copies a row or a column of a matrix along the other axis: the
// broadcast of a bias.
type repeat struct {
	column     bool // a column repeated along axis 1, else a row along axis 0
	rows, cols int
	size       int // of the argument
	out        output
	fallback   kernel
}

func newRepeat(op gorgonia.Op, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
	along, ok := repeatAlong(op)
	if len(kids) != 2 || !ok || n.Dims() != 2 || kids[0].Dims() != 2 {
		return nil
	}
	in, out := kids[0].Shape(), n.Shape()
	if along < 0 || along > 1 || in[along] != 1 || in[1-along] != out[1-along] {
		return nil
	}
	return &repeat{column: along == 1, rows: out[0], cols: out[1], size: in.TotalSize(), out: newOutput(n), fallback: fallback}
}

func (k *repeat) do(args []gorgonia.Value) (gorgonia.Value, error) {
	_, a, ok := operand(args[0])
	if !ok || a == nil || len(a) != k.size {
		return k.fallback.do(args)
	}
	c := k.out.data
	for i := 0; i < k.rows; i++ {
		row := c[i*k.cols : (i+1)*k.cols]
		if k.column {
			v := a[i]
			for j := range row {
				row[j] = v
			}
		} else {
			copy(row, a)
		}
	}
	return k.out.dense, nil
}

// clampedLog is internal/ops' math.Max(math.Log(x), floor), bit for bit,
// with vmath's vector logarithm.
type clampedLog struct {
	floor    float64
	out      output
	size     int
	fallback kernel
}

func newClampedLog(floor float64, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
	if len(kids) != 1 || n.IsScalar() || !kids[0].Shape().Eq(n.Shape()) {
		return nil
	}
	return &clampedLog{floor: floor, out: newOutput(n), size: n.Shape().TotalSize(), fallback: fallback}
}

func (k *clampedLog) do(args []gorgonia.Value) (gorgonia.Value, error) {
	_, a, ok := operand(args[0])
	if !ok || a == nil || len(a) != k.size {
		return k.fallback.do(args)
	}
	c := k.out.data
	if len(c) >= par.Grain {
		par.For(len(c), func(lo, hi int) { vmath.ClampedLog(c[lo:hi], a[lo:hi], k.floor) })
	} else {
		vmath.ClampedLog(c, a, k.floor)
	}
	return k.out.dense, nil
}
