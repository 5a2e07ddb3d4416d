package machine

import (
	"math"

	"github.com/gradlab/gradlab/internal/par"
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
	var k kernel
	switch {
	case allOf(tensor.Float64, n, kids):
		if k = sigmoidFor(op, n, kids, fallback); k == nil {
			k = typedKernel[float64, f64](op, kind, n, kids, fallback)
		}
	case allOf(tensor.Float32, n, kids):
		k = typedKernel[float32, f32](op, kind, n, kids, fallback)
	}
	if k == nil {
		return fallback
	}
	return k
}

// typedKernel returns the machine's kernel for op on elements of type T, or
// nil if it has none.
func typedKernel[T float, D dtype[T]](op gorgonia.Op, kind opKind, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
	if floor, ok := clampedLogFloor(op); ok {
		return newClampedLog[T, D](floor, n, kids, fallback)
	}
	if isClampedLogGrad(op) {
		return newClampedLogGrad[T, D](n, kids, fallback)
	}
	if k := opsFloat32[T, D](op, n, kids, fallback); k != nil { // float32.go
		return k
	}
	switch kind {
	case elemBinaryOp:
		return newBinary[T, D](op, n, kids, fallback)
	case elemUnaryOp:
		return newUnary[T, D](unaryName(op), n, kids, fallback)
	case linAlgOp:
		return newMatMul[T, D](op, n, kids, fallback)
	case sumOp:
		return newSum[T, D](op, n, kids, fallback)
	case transposeOp:
		return newTranspose[T, D](op, n, kids, fallback)
	case repeatOp:
		return newRepeat[T, D](op, n, kids, fallback)
	}
	return nil
}

// allOf reports whether n and its children kids are all of dtype dt.
func allOf(dt tensor.Dtype, n *gorgonia.Node, kids []*gorgonia.Node) bool {
	if n.Dtype() != dt {
		return false
	}
	for _, k := range kids {
		if k.Dtype() != dt {
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
			if k.one == nil || k.one.Dtype() != tensor.Float64 {
				k.one = tensor.New(tensor.WithShape(k.shape...), tensor.Of(tensor.Float64))
			}
			k.one.Float64s()[0] = float64(*x)
			return k.one, nil
		}
	case *gorgonia.F32:
		if k.shape.TotalSize() == 1 {
			if k.one == nil || k.one.Dtype() != tensor.Float32 {
				k.one = tensor.New(tensor.WithShape(k.shape...), tensor.Of(tensor.Float32))
			}
			k.one.Float32s()[0] = float32(*x)
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

// operand is an argument of type T: a scalar or the elements of a dense
// tensor that is not a view.
func operand[T float, D dtype[T]](v gorgonia.Value) (s T, xs []T, ok bool) {
	var d D
	if x, isDense := v.(*tensor.Dense); isDense {
		if x.IsView() || x.Dtype() != d.dtype() {
			return 0, nil, false
		}
		return 0, d.elems(x), true
	}
	s, ok = d.scalar(v)
	return s, nil, ok
}

// output is a kept result of type T: a scalar, or a dense tensor.
type output[T float] struct {
	scalar gorgonia.Value // nil for a tensor
	num    *T             // the scalar's number
	dense  *tensor.Dense
	data   []T
}

func newOutput[T float, D dtype[T]](n *gorgonia.Node) output[T] {
	var d D
	if n.IsScalar() {
		v, p := d.newScalar()
		return output[T]{scalar: v, num: p}
	}
	t := tensor.New(tensor.WithShape(n.Shape()...), tensor.Of(d.dtype()))
	return output[T]{dense: t, data: d.elems(t)}
}

// binary is elementwise +, −, ⊙ or ÷ of two tensors of one shape, a tensor
// and a scalar, or two scalars.
type binary[T float, D dtype[T]] struct {
	op       byte
	out      output[T]
	size     int
	fallback kernel
	// bound by bind: a tensor or the scalar as, and b or bs
	a, b   []T
	as, bs T
}

func newBinary[T float, D dtype[T]](o gorgonia.Op, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
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
	return &binary[T, D]{op: op, out: newOutput[T, D](n), size: n.Shape().TotalSize(), fallback: fallback}
}

func (k *binary[T, D]) do(args []gorgonia.Value) (gorgonia.Value, error) {
	if k.out.scalar != nil {
		as, a, aok := operand[T, D](args[0])
		bs, b, bok := operand[T, D](args[1])
		if !aok || !bok || a != nil || b != nil {
			return k.fallback.do(args)
		}
		*k.out.num = apply2(k.op, as, bs)
		return k.out.scalar, nil
	}
	v, ok := k.bind(args)
	if !ok {
		return k.fallback.do(args)
	}
	spanAll(k)
	return v, nil
}

func (k *binary[T, D]) elems() int {
	if k.out.dense == nil {
		return 0
	}
	return k.size
}

func (k *binary[T, D]) bind(args []gorgonia.Value) (gorgonia.Value, bool) {
	var aok, bok bool
	k.as, k.a, aok = operand[T, D](args[0])
	k.bs, k.b, bok = operand[T, D](args[1])
	if k.out.dense == nil || !aok || !bok || (k.a != nil && len(k.a) != k.size) || (k.b != nil && len(k.b) != k.size) {
		return nil, false
	}
	return k.out.dense, true
}

func (k *binary[T, D]) span(lo, hi int) {
	binaryLoop(k.op, k.out.data[lo:hi], sub(k.a, lo, hi), k.as, sub(k.b, lo, hi), k.bs)
}

// spanAll computes all of k's elements, split over the cores when they are
// many.
func spanAll(k ranged) {
	if n := k.elems(); n >= par.Grain {
		par.For(n, k.span)
	} else {
		k.span(0, n)
	}
}

func sub[T float](x []T, lo, hi int) []T {
	if x == nil {
		return nil
	}
	return x[lo:hi]
}

func apply2[T float](op byte, a, b T) T {
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
func binaryLoop[T float](op byte, c, a []T, as T, b []T, bs T) {
	if vecBinary(op, c, a, as, b, bs) { // float32 (float32.go)
		return
	}
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

type unary[T float, D dtype[T]] struct {
	name     string
	f        func(T) T
	vec      func(dst, x []T) // f over a slice, nil if f has no vector version
	out      output[T]
	size     int
	fallback kernel
	a        []T // bound by bind
}

func newUnary[T float, D dtype[T]](name string, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
	var d D
	f, vec, ok := d.unary(name)
	if !ok || len(kids) != 1 || !kids[0].Shape().Eq(n.Shape()) || kids[0].IsScalar() != n.IsScalar() {
		return nil
	}
	if n.IsScalar() && d.dtype() != tensor.Float64 {
		// gorgonia computes float32 scalars with other functions than
		// float32 tensors (float32(math.Tanh(float64(x))), not
		// math32.Tanh): those stay on the generic kernel.
		return nil
	}
	return &unary[T, D]{name: name, f: f, vec: vec, out: newOutput[T, D](n), size: n.Shape().TotalSize(), fallback: fallback}
}

func (k *unary[T, D]) do(args []gorgonia.Value) (gorgonia.Value, error) {
	if k.out.scalar != nil {
		as, a, ok := operand[T, D](args[0])
		if !ok || a != nil {
			return k.fallback.do(args)
		}
		*k.out.num = k.f(as)
		return k.out.scalar, nil
	}
	v, ok := k.bind(args)
	if !ok {
		return k.fallback.do(args)
	}
	spanAll(k)
	return v, nil
}

func (k *unary[T, D]) elems() int {
	if k.out.dense == nil {
		return 0
	}
	return k.size
}

func (k *unary[T, D]) bind(args []gorgonia.Value) (gorgonia.Value, bool) {
	_, a, ok := operand[T, D](args[0])
	if k.out.dense == nil || !ok || a == nil || len(a) != k.size {
		return nil, false
	}
	k.a = a
	return k.out.dense, true
}

func (k *unary[T, D]) span(lo, hi int) { k.loop(k.out.data[lo:hi], k.a[lo:hi]) }

// loop applies the function; the cheap ones are written out so that the
// compiler inlines them.
func (k *unary[T, D]) loop(c, a []T) {
	a = a[:len(c)]
	if k.vec != nil {
		k.vec(c, a)
		return
	}
	switch k.name {
	case "neg":
		for i := range c {
			c[i] = -a[i]
		}
	case "square":
		for i := range c {
			c[i] = a[i] * a[i]
		}
	default:
		for i := range c {
			c[i] = k.f(a[i])
		}
	}
}

// matMul is a product of two matrices, either transposed, through the
// BLAS that gorgonia's tensor package would call, with the same arguments.
type matMul[T float, D dtype[T]] struct {
	tA, tB   bool
	m, n, k  int
	out      output[T]
	fallback kernel
}

func newMatMul[T float, D dtype[T]](op gorgonia.Op, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
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
	return shallowFor(&matMul[T, D]{tA: tA, tB: tB, m: m, n: nn, k: k, out: newOutput[T, D](n), fallback: fallback})
}

func (k *matMul[T, D]) do(args []gorgonia.Value) (gorgonia.Value, error) {
	_, a, aok := operand[T, D](args[0])
	_, b, bok := operand[T, D](args[1])
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
	var d D
	d.gemm(k.tA, k.tB, k.m, k.n, k.k, a, lda, b, ldb, k.out.data, k.n)
	return k.out.dense, nil
}

// sum adds up all elements, or those along one axis of a matrix, in the
// order gorgonia's tensor package does: sequentially.
type sum[T float, D dtype[T]] struct {
	axis     int // −1 for all
	rows     int
	cols     int
	out      output[T]
	fallback kernel
}

func newSum[T float, D dtype[T]](op gorgonia.Op, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
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
		return &sum[T, D]{axis: -1, rows: 1, cols: s.TotalSize(), out: newOutput[T, D](n), fallback: fallback}
	case len(s) == 2 && len(along) == 1 && n.Shape().Eq(tensor.Shape{s[1-along[0]]}):
		return &sum[T, D]{axis: along[0], rows: s[0], cols: s[1], out: newOutput[T, D](n), fallback: fallback}
	}
	return nil
}

func (k *sum[T, D]) do(args []gorgonia.Value) (gorgonia.Value, error) {
	_, a, ok := operand[T, D](args[0])
	if !ok || a == nil || len(a) != k.rows*k.cols {
		return k.fallback.do(args)
	}
	switch k.axis {
	case -1:
		var d D
		*k.out.num = d.sum(a)
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
		// Each row is summed in order, by one goroutine: long rows (the
		// bias gradient of a layer over many examples) are split
		// between the cores row by row.
		if k.rows > 1 && k.rows*k.cols >= 2*par.Grain {
			par.Split(k.rows, func(lo, hi int) { k.sumRows(a, lo, hi) })
		} else {
			k.sumRows(a, 0, k.rows)
		}
	}
	return k.out.dense, nil
}

// sumRows sets the sums of rows [lo, hi) of a, each added up in order.
func (k *sum[T, D]) sumRows(a []T, lo, hi int) {
	c := k.out.data
	var d D
	for r := lo; r < hi; r++ {
		c[r] = d.sum(a[r*k.cols : (r+1)*k.cols])
	}
}

// transpose swaps the axes of a matrix into a kept buffer.
type transpose[T float, D dtype[T]] struct {
	rows, cols int
	out        output[T]
	fallback   kernel
}

func newTranspose[T float, D dtype[T]](op gorgonia.Op, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
	if len(kids) != 1 || kids[0].Dims() != 2 || !isMatrixTranspose(op) {
		return nil
	}
	s := kids[0].Shape()
	if !n.Shape().Eq(tensor.Shape{s[1], s[0]}) {
		return nil
	}
	return &transpose[T, D]{rows: s[0], cols: s[1], out: newOutput[T, D](n), fallback: fallback}
}

func (k *transpose[T, D]) do(args []gorgonia.Value) (gorgonia.Value, error) {
	_, a, ok := operand[T, D](args[0])
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
type repeat[T float, D dtype[T]] struct {
	column     bool // a column repeated along axis 1, else a row along axis 0
	rows, cols int
	size       int // of the argument
	out        output[T]
	fallback   kernel
	a          []T // bound by bind
}

func newRepeat[T float, D dtype[T]](op gorgonia.Op, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
	along, ok := repeatAlong(op)
	if len(kids) != 2 || !ok || n.Dims() != 2 || kids[0].Dims() != 2 {
		return nil
	}
	in, out := kids[0].Shape(), n.Shape()
	if along < 0 || along > 1 || in[along] != 1 || in[1-along] != out[1-along] {
		return nil
	}
	return &repeat[T, D]{column: along == 1, rows: out[0], cols: out[1], size: in.TotalSize(), out: newOutput[T, D](n), fallback: fallback}
}

func (k *repeat[T, D]) do(args []gorgonia.Value) (gorgonia.Value, error) {
	v, ok := k.bind(args)
	if !ok {
		return k.fallback.do(args)
	}
	k.span(0, k.rows*k.cols)
	return v, nil
}

func (k *repeat[T, D]) elems() int { return k.rows * k.cols }

func (k *repeat[T, D]) bind(args []gorgonia.Value) (gorgonia.Value, bool) {
	_, a, ok := operand[T, D](args[0])
	if !ok || a == nil || len(a) != k.size {
		return nil, false
	}
	k.a = a
	return k.out.dense, true
}

// span copies the elements [lo, hi) of the output, row by row.
func (k *repeat[T, D]) span(lo, hi int) {
	c, cols := k.out.data, k.cols
	for i := lo / cols; i*cols < hi; i++ {
		j0, j1 := max(lo, i*cols), min(hi, (i+1)*cols)
		row := c[j0:j1]
		if k.column {
			v := k.a[i]
			for j := range row {
				row[j] = v
			}
		} else {
			copy(row, k.a[j0-i*cols:j1-i*cols])
		}
	}
}

// clampedLog is internal/ops' math.Max(math.Log(x), floor), bit for bit:
// for float64 on vmath's vector logarithm; for float32 in float64 and
// narrowed, as the op computes it.
type clampedLog[T float, D dtype[T]] struct {
	floor    float64
	out      output[T]
	size     int
	fallback kernel
	a        []T // bound by bind
}

func newClampedLog[T float, D dtype[T]](floor float64, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
	if len(kids) != 1 || n.IsScalar() || !kids[0].Shape().Eq(n.Shape()) {
		return nil
	}
	return &clampedLog[T, D]{floor: floor, out: newOutput[T, D](n), size: n.Shape().TotalSize(), fallback: fallback}
}

func (k *clampedLog[T, D]) do(args []gorgonia.Value) (gorgonia.Value, error) {
	v, ok := k.bind(args)
	if !ok {
		return k.fallback.do(args)
	}
	spanAll(k)
	return v, nil
}

func (k *clampedLog[T, D]) elems() int { return k.size }

func (k *clampedLog[T, D]) bind(args []gorgonia.Value) (gorgonia.Value, bool) {
	_, a, ok := operand[T, D](args[0])
	if !ok || a == nil || len(a) != k.size {
		return nil, false
	}
	k.a = a
	return k.out.dense, true
}

func (k *clampedLog[T, D]) span(lo, hi int) {
	var d D
	d.clampedLog(k.out.data[lo:hi], k.a[lo:hi], k.floor)
}

// clampedLogGrad is internal/ops' gradient of the clamped log: (x, g) ↦
// g/max(x, gradEpsilon) for x ≥ 0, g/x otherwise, computed in float64 as
// the op computes it (a float32 widened and narrowed back).
type clampedLogGrad[T float, D dtype[T]] struct {
	out      output[T]
	size     int
	fallback kernel
	x, g     []T // bound by bind
}

func newClampedLogGrad[T float, D dtype[T]](n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
	if len(kids) != 2 || n.IsScalar() {
		return nil
	}
	for _, c := range kids {
		if !c.Shape().Eq(n.Shape()) {
			return nil
		}
	}
	return &clampedLogGrad[T, D]{out: newOutput[T, D](n), size: n.Shape().TotalSize(), fallback: fallback}
}

func (k *clampedLogGrad[T, D]) do(args []gorgonia.Value) (gorgonia.Value, error) {
	v, ok := k.bind(args)
	if !ok {
		return k.fallback.do(args)
	}
	spanAll(k)
	return v, nil
}

func (k *clampedLogGrad[T, D]) elems() int { return k.size }

func (k *clampedLogGrad[T, D]) bind(args []gorgonia.Value) (gorgonia.Value, bool) {
	_, x, xok := operand[T, D](args[0])
	_, g, gok := operand[T, D](args[1])
	if !xok || !gok || len(x) != k.size || len(g) != k.size {
		return nil, false
	}
	k.x, k.g = x, g
	return k.out.dense, true
}

func (k *clampedLogGrad[T, D]) span(lo, hi int) {
	c, x, g := k.out.data[lo:hi], k.x[lo:hi], k.g[lo:hi]
	for i := range c {
		d := float64(x[i])
		if d >= 0 && d < gradEpsilon {
			d = gradEpsilon
		}
		c[i] = T(float64(g[i]) / d)
	}
}
