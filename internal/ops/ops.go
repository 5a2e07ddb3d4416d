// Package ops holds the few elementwise gorgonia operations that gradlab
// needs and gorgonia lacks or gets wrong at the edges: a sigmoid accurate
// over the whole floating-point range, a logarithm clamped from below, so
// that BCE stays finite at probabilities of exactly 0 and 1, and binary
// cross-entropy from logits written in its stable form.
//
// Each op computes in float64 (a float32 input is widened and the result
// narrowed back) and has a symbolic gradient, so gorgonia.Grad
// differentiates through it. Each writes into a preallocated float64 or
// float32 output (UsePreallocDo), so a machine that keeps its buffers
// between runs allocates nothing for it.
package ops

import (
	"fmt"
	"hash"
	"hash/fnv"
	"math"

	"github.com/chewxy/hm"
	"github.com/gradlab/gradlab/internal/dense"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Sigmoid returns σ(x) = 1/(1+e^−x) elementwise, accurate to a few ulps
// over the whole float64 and float32 ranges. Its gradient σ(x)·σ(−x) is
// nonzero wherever σ(−x) is representable, far beyond the point where σ(x)
// rounds to 1.
//
// gorgonia's Sigmoid returns exactly 1 above 19 (float32: above 15) and 0
// below −709 (float32: −88), so its gradient vanishes there. Inside those
// bounds the two agree bit for bit, values and gradients, in float64 and
// float32: gorgonia differentiates σ as σ(x)⊙σ(−x)⊙g (its graph rewrite
// turns 1−σ(x) into σ(−x)), and so does this op.
func Sigmoid(x *gorgonia.Node) (*gorgonia.Node, error) {
	return gorgonia.ApplyOp(sigmoid{}, x)
}

// ClampedLog returns max(log(x), floor) elementwise: finite at x = 0.
// PyTorch's BCELoss clamps its logarithms at −100 in the same way.
//
// Its gradient is g/max(x, GradEpsilon) for x ≥ 0, g/x otherwise: the
// derivative of log wherever x ≥ 1e-12, and below it at most 1e12, large
// and finite, so that a prediction of exactly 0 still tells a learner
// which way to move. The bound is PyTorch's (its BCELoss gradient divides
// by max(a(1−a), 1e-12)), applied to each logarithm's argument rather than
// to the product, so a term whose label is 0 cannot silence the other. It
// is not e^floor: through a sigmoid, whose 1 − σ(z) rounds to 0 beyond
// z ≈ 36.7 while σ'(z) = e^−z stays exact, 1/e^−100 would make the
// gradient jump from about 1 to e^(100−z) ≈ 1e27 there.
func ClampedLog(x *gorgonia.Node, floor float64) (*gorgonia.Node, error) {
	return gorgonia.ApplyOp(clampedLog{floor: floor}, x)
}

// LogitBCE returns the binary cross-entropy of the logits z against the
// labels y elementwise, as max(z,0) − z·y + log1p(exp(−|z|)): finite and
// accurate for any z, with the gradient σ(z) − y with respect to z,
// computed without cancellation (as −σ(−z) for y = 1 and z ≥ 0).
func LogitBCE(z, y *gorgonia.Node) (*gorgonia.Node, error) {
	return gorgonia.ApplyOp(logitBCE{}, z, y)
}

// σ is the sigmoid in float64: 1/(1+e^−x), gorgonia's and numpy's formula,
// which is accurate wherever e^−x does not overflow; below −709, where it
// would, e^x/(1+e^x).
func σ(x float64) float64 {
	if x < -709 {
		e := math.Exp(x)
		return e / (1 + e)
	}
	return 1 / (1 + math.Exp(-x))
}

// elem is an elementwise function of up to three arguments. at computes
// one element; f32 asks for the result that float32 arithmetic would give
// where that matters (the caller narrows the result in any case).
type elem interface {
	fmt.Stringer
	Arity() int
	at(v [3]float64, f32 bool) float64
}

// elementwise is the part that every op here shares: the same shape in and
// out, no pointers returned, no inputs overwritten, no cgo.
type elementwise struct{}

func (elementwise) ReturnsPtr() bool     { return false }
func (elementwise) CallsExtern() bool    { return false }
func (elementwise) OverwritesInput() int { return -1 }

func (elementwise) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	if len(in) == 0 {
		return nil, fmt.Errorf("ops: no input shape")
	}
	s, ok := in[0].(tensor.Shape)
	if !ok {
		return nil, fmt.Errorf("ops: input shape is a %T, not a tensor.Shape", in[0])
	}
	return s.Clone(), nil
}

func hashOf(s fmt.Stringer) uint32 {
	h := fnv.New32a()
	fmt.Fprint(h, s.String())
	return h.Sum32()
}

// fnType is a → a → … → a with n arguments.
func fnType(n int) hm.Type {
	a := hm.TypeVariable('a')
	ts := make([]hm.Type, n+1)
	for i := range ts {
		ts[i] = a
	}
	return hm.NewFnType(ts...)
}

// sigmoid is σ(x).
type sigmoid struct{ elementwise }

func (op sigmoid) Arity() int            { return 1 }
func (op sigmoid) Type() hm.Type         { return fnType(1) }
func (op sigmoid) String() string        { return "Sigmoid" }
func (op sigmoid) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op sigmoid) Hashcode() uint32      { return hashOf(op) }
func (op sigmoid) DiffWRT(int) []bool    { return []bool{true} }

func (op sigmoid) at(v [3]float64, _ bool) float64 { return σ(v[0]) }

func (op sigmoid) Do(in ...gorgonia.Value) (gorgonia.Value, error) { return do(op, in) }

// UsePreallocDo writes into prealloc.
func (op sigmoid) UsePreallocDo(prealloc gorgonia.Value, in ...gorgonia.Value) (gorgonia.Value, error) {
	if out, a, ok := float64s(prealloc, in, 1); ok {
		for i, x := range a[0][:len(out)] {
			out[i] = σ(x)
		}
		return prealloc, nil
	}
	return doInto(op, prealloc, in)
}

// SymDiff gives g⊙σ(x)⊙σ(−x), reading σ(x) from the op's output.
func (op sigmoid) SymDiff(in gorgonia.Nodes, out, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	dx, err := gorgonia.ApplyOp(sigmoidGrad{}, in[0], out, grad)
	if err != nil {
		return nil, err
	}
	return gorgonia.Nodes{dx}, nil
}

// sigmoidGrad maps (x, y, g), with y = σ(x), to (y·σ(−x))·g, in that order
// and, for float32, with float32 products, as gorgonia computes its
// sigmoid's gradient.
type sigmoidGrad struct{ elementwise }

func (op sigmoidGrad) Arity() int            { return 3 }
func (op sigmoidGrad) Type() hm.Type         { return fnType(3) }
func (op sigmoidGrad) String() string        { return "SigmoidGrad" }
func (op sigmoidGrad) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op sigmoidGrad) Hashcode() uint32      { return hashOf(op) }

func (op sigmoidGrad) at(v [3]float64, f32 bool) float64 {
	x, y, g := v[0], v[1], v[2]
	s := σ(-x)
	if f32 {
		// Products of float32s are exact in float64, so rounding each
		// to float32 gives float32 arithmetic.
		s = float64(float32(s))
		return float64(float32(y*s)) * g
	}
	return y * s * g
}

func (op sigmoidGrad) Do(in ...gorgonia.Value) (gorgonia.Value, error) { return do(op, in) }

// UsePreallocDo writes into prealloc.
func (op sigmoidGrad) UsePreallocDo(prealloc gorgonia.Value, in ...gorgonia.Value) (gorgonia.Value, error) {
	if out, a, ok := float64s(prealloc, in, 3); ok {
		x, y, g := a[0][:len(out)], a[1][:len(out)], a[2][:len(out)]
		for i := range out {
			out[i] = y[i] * σ(-x[i]) * g[i]
		}
		return prealloc, nil
	}
	return doInto(op, prealloc, in)
}

// clampedLog is max(log(x), floor).
type clampedLog struct {
	elementwise
	floor float64
}

func (op clampedLog) Arity() int            { return 1 }
func (op clampedLog) Type() hm.Type         { return fnType(1) }
func (op clampedLog) String() string        { return fmt.Sprintf("ClampedLog{%g}", op.floor) }
func (op clampedLog) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op clampedLog) Hashcode() uint32      { return hashOf(op) }
func (op clampedLog) DiffWRT(int) []bool    { return []bool{true} }

func (op clampedLog) at(v [3]float64, _ bool) float64 { return math.Max(math.Log(v[0]), op.floor) }

func (op clampedLog) Do(in ...gorgonia.Value) (gorgonia.Value, error) { return do(op, in) }

// UsePreallocDo writes into prealloc, so that a machine that keeps its
// buffers between runs does not allocate.
func (op clampedLog) UsePreallocDo(prealloc gorgonia.Value, in ...gorgonia.Value) (gorgonia.Value, error) {
	if out, a, ok := float64s(prealloc, in, 1); ok {
		for i, x := range a[0][:len(out)] {
			out[i] = math.Max(math.Log(x), op.floor)
		}
		return prealloc, nil
	}
	return doInto(op, prealloc, in)
}

func (op clampedLog) SymDiff(in gorgonia.Nodes, out, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	dx, err := gorgonia.ApplyOp(clampedLogGrad{}, in[0], grad)
	if err != nil {
		return nil, err
	}
	return gorgonia.Nodes{dx}, nil
}

// GradEpsilon is the least denominator of ClampedLog's gradient.
const GradEpsilon = 1e-12

// clampedLogGrad maps (x, g) to g/max(x, GradEpsilon) for x ≥ 0 (and −0),
// g/x otherwise: see ClampedLog.
type clampedLogGrad struct{ elementwise }

func (op clampedLogGrad) Arity() int            { return 2 }
func (op clampedLogGrad) Type() hm.Type         { return fnType(2) }
func (op clampedLogGrad) String() string        { return "ClampedLogGrad" }
func (op clampedLogGrad) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op clampedLogGrad) Hashcode() uint32      { return hashOf(op) }

func (op clampedLogGrad) at(v [3]float64, _ bool) float64 {
	x, g := v[0], v[1]
	if x >= 0 && x < GradEpsilon {
		x = GradEpsilon
	}
	return g / x
}

func (op clampedLogGrad) Do(in ...gorgonia.Value) (gorgonia.Value, error) { return do(op, in) }

// UsePreallocDo writes into prealloc.
func (op clampedLogGrad) UsePreallocDo(prealloc gorgonia.Value, in ...gorgonia.Value) (gorgonia.Value, error) {
	if out, a, ok := float64s(prealloc, in, 2); ok {
		x, g := a[0][:len(out)], a[1][:len(out)]
		for i := range out {
			out[i] = op.at([3]float64{x[i], g[i]}, false)
		}
		return prealloc, nil
	}
	return doInto(op, prealloc, in)
}

// logitBCE is max(z,0) − z·y + log1p(exp(−|z|)).
type logitBCE struct{ elementwise }

func (op logitBCE) Arity() int            { return 2 }
func (op logitBCE) Type() hm.Type         { return fnType(2) }
func (op logitBCE) String() string        { return "LogitBCE" }
func (op logitBCE) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op logitBCE) Hashcode() uint32      { return hashOf(op) }
func (op logitBCE) DiffWRT(int) []bool    { return []bool{true, true} }

func (op logitBCE) at(v [3]float64, _ bool) float64 {
	z, y := v[0], v[1]
	// max(z,0) − z·y first: for y = 1 and z > 0 it is exactly 0, so
	// the small log1p term is not lost to cancellation.
	return (math.Max(z, 0) - z*y) + math.Log1p(math.Exp(-math.Abs(z)))
}

func (op logitBCE) Do(in ...gorgonia.Value) (gorgonia.Value, error) { return do(op, in) }

// UsePreallocDo writes into prealloc.
func (op logitBCE) UsePreallocDo(prealloc gorgonia.Value, in ...gorgonia.Value) (gorgonia.Value, error) {
	if out, a, ok := float64s(prealloc, in, 2); ok {
		z, y := a[0][:len(out)], a[1][:len(out)]
		for i := range out {
			out[i] = op.at([3]float64{z[i], y[i]}, false)
		}
		return prealloc, nil
	}
	return doInto(op, prealloc, in)
}

// SymDiff gives ∂/∂z = g⊙(σ(z) − y) and ∂/∂y = −g⊙z.
func (op logitBCE) SymDiff(in gorgonia.Nodes, out, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	z, y := in[0], in[1]
	dz, err := gorgonia.ApplyOp(logitBCEGrad{}, z, y, grad)
	if err != nil {
		return nil, err
	}
	gz, err := gorgonia.HadamardProd(grad, z)
	if err != nil {
		return nil, err
	}
	dy, err := gorgonia.Neg(gz)
	if err != nil {
		return nil, err
	}
	return gorgonia.Nodes{dz, dy}, nil
}

// logitBCEGrad maps (z, y, g) to g·(σ(z) − y), with σ(z) − y written as
// (1 − y) − σ(−z) for z ≥ 0: for y = 1 that is −σ(−z), exact to rounding
// where σ(z) − 1 would keep only the few bits of σ(z) below 1.
type logitBCEGrad struct{ elementwise }

func (op logitBCEGrad) Arity() int            { return 3 }
func (op logitBCEGrad) Type() hm.Type         { return fnType(3) }
func (op logitBCEGrad) String() string        { return "LogitBCEGrad" }
func (op logitBCEGrad) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op logitBCEGrad) Hashcode() uint32      { return hashOf(op) }

func (op logitBCEGrad) at(v [3]float64, _ bool) float64 {
	z, y, g := v[0], v[1], v[2]
	if z >= 0 {
		return g * ((1 - y) - σ(-z))
	}
	return g * (σ(z) - y)
}

func (op logitBCEGrad) Do(in ...gorgonia.Value) (gorgonia.Value, error) { return do(op, in) }

// UsePreallocDo writes into prealloc.
func (op logitBCEGrad) UsePreallocDo(prealloc gorgonia.Value, in ...gorgonia.Value) (gorgonia.Value, error) {
	if out, a, ok := float64s(prealloc, in, 3); ok {
		z, y, g := a[0][:len(out)], a[1][:len(out)], a[2][:len(out)]
		for i := range out {
			out[i] = op.at([3]float64{z[i], y[i], g[i]}, false)
		}
		return prealloc, nil
	}
	return doInto(op, prealloc, in)
}

// do computes op over the elements of the equally shaped inputs in, all
// float64 or all float32, and returns a new value of their shape and dtype.
func do[O elem](op O, in []gorgonia.Value) (gorgonia.Value, error) {
	if len(in) != op.Arity() {
		return nil, fmt.Errorf("ops: %v takes %d inputs, got %d", op, op.Arity(), len(in))
	}
	cols := make([][]float64, len(in))
	for i, v := range in {
		if !v.Shape().Eq(in[0].Shape()) {
			return nil, fmt.Errorf("ops: %v: input %d has shape %v, input 0 has %v", op, i, v.Shape(), in[0].Shape())
		}
		if v.Dtype() != in[0].Dtype() {
			return nil, fmt.Errorf("ops: %v: input %d is %v, input 0 is %v", op, i, v.Dtype(), in[0].Dtype())
		}
		var err error
		if cols[i], err = floats(v); err != nil {
			return nil, fmt.Errorf("ops: %v: input %d: %w", op, i, err)
		}
	}
	f32 := in[0].Dtype() == tensor.Float32
	out := make([]float64, len(cols[0]))
	var args [3]float64
	for j := range out {
		for i := range cols {
			args[i] = cols[i][j]
		}
		out[j] = op.at(args, f32)
	}
	return value(out, in[0])
}

// float64s returns the elements of prealloc and of the arity inputs in
// when all are float64 tensors of one shape that are not views: the hot
// path, where each op runs a loop of its own rather than doInto's calls
// per element.
func float64s(prealloc gorgonia.Value, in []gorgonia.Value, arity int) (out []float64, args [3][]float64, ok bool) {
	if len(in) != arity || !same(prealloc, in) || prealloc.Dtype() != tensor.Float64 {
		return nil, args, false
	}
	for i, v := range in {
		args[i] = v.(*tensor.Dense).Float64s()
	}
	return prealloc.(*tensor.Dense).Float64s(), args, true
}

// doInto computes op into prealloc when prealloc and the inputs are all
// float32 dense tensors of one shape that are not views (float64 ones take
// each op's own loop); otherwise it computes a new value with do.
func doInto[O elem](op O, prealloc gorgonia.Value, in []gorgonia.Value) (gorgonia.Value, error) {
	n := op.Arity()
	if len(in) != n || !same(prealloc, in) || prealloc.Dtype() != tensor.Float32 {
		return do(op, in)
	}
	out := prealloc.(*tensor.Dense).Float32s()
	var cols [3][]float32
	for i, v := range in {
		cols[i] = v.(*tensor.Dense).Float32s()[:len(out)]
	}
	var args [3]float64
	for j := range out {
		for i := range n {
			args[i] = float64(cols[i][j])
		}
		out[j] = float32(op.at(args, true))
	}
	return prealloc, nil
}

// same reports whether prealloc and every input are dense float tensors
// of prealloc's dtype and shape that are not views (whose Data would be
// their whole backing array).
func same(prealloc gorgonia.Value, in []gorgonia.Value) bool {
	p, ok := prealloc.(*tensor.Dense)
	if !ok || p == nil || p.IsView() {
		return false
	}
	for _, v := range in {
		d, ok := v.(*tensor.Dense)
		if !ok || d == nil || d.IsView() || d.Dtype() != p.Dtype() || !d.Shape().Eq(p.Shape()) {
			return false
		}
	}
	return true
}

// floats returns the elements of v as float64s.
func floats(v gorgonia.Value) ([]float64, error) {
	switch d := v.Data().(type) {
	case float64:
		return []float64{d}, nil
	case float32:
		return []float64{float64(d)}, nil
	case []float64:
		return d, nil
	case []float32:
		out := make([]float64, len(d))
		for i, x := range d {
			out[i] = float64(x)
		}
		return out, nil
	}
	return nil, fmt.Errorf("dtype %v is not a float", v.Dtype())
}

// value packs data into a value of like's shape and dtype.
func value(data []float64, like gorgonia.Value) (gorgonia.Value, error) {
	if like.Shape().IsScalar() {
		if like.Dtype() == tensor.Float32 {
			return gorgonia.NewF32(float32(data[0])), nil
		}
		return gorgonia.NewF64(data[0]), nil
	}
	return dense.New(like.Dtype(), data, like.Shape().Clone()...), nil
}
