// Package ops holds the few elementwise gorgonia operations that gradlab
// needs and gorgonia lacks or gets wrong at the edges: a logarithm clamped
// from below, so that BCE stays finite at probabilities of exactly 0 and 1,
// and binary cross-entropy from logits written in its stable form.
//
// Each op computes in float64 (a float32 input is widened and narrowed
// back) and has a symbolic gradient, so gorgonia.Grad differentiates
// through it.
package ops

import (
	"fmt"
	"hash"
	"hash/fnv"
	"math"

	"github.com/chewxy/hm"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// ClampedLog returns max(log(x), floor) elementwise. Its gradient is 1/x
// where log(x) > floor and 0 where the floor holds, which keeps it finite
// at x = 0. PyTorch's BCELoss clamps its logarithms at −100 in the same way.
func ClampedLog(x *gorgonia.Node, floor float64) (*gorgonia.Node, error) {
	return gorgonia.ApplyOp(clampedLog{floor: floor}, x)
}

// LogitBCE returns the binary cross-entropy of the logits z against the
// labels y elementwise, as max(z,0) − z·y + log1p(exp(−|z|)): finite and
// accurate for any z, with the gradient sigmoid(z) − y with respect to z.
func LogitBCE(z, y *gorgonia.Node) (*gorgonia.Node, error) {
	return gorgonia.ApplyOp(logitBCE{}, z, y)
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

// clampedLog is max(log(x), floor).
type clampedLog struct {
	elementwise
	floor float64
}

func (op clampedLog) Arity() int            { return 1 }
func (op clampedLog) Type() hm.Type         { a := hm.TypeVariable('a'); return hm.NewFnType(a, a) }
func (op clampedLog) String() string        { return fmt.Sprintf("ClampedLog{%g}", op.floor) }
func (op clampedLog) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op clampedLog) Hashcode() uint32      { return hashOf(op) }
func (op clampedLog) DiffWRT(int) []bool    { return []bool{true} }

func (op clampedLog) Do(in ...gorgonia.Value) (gorgonia.Value, error) {
	return apply(op.String(), in, op.f)
}

// UsePreallocDo writes into prealloc, so that a machine that keeps its
// buffers between runs does not allocate.
func (op clampedLog) UsePreallocDo(prealloc gorgonia.Value, in ...gorgonia.Value) (gorgonia.Value, error) {
	out, args, ok := into(prealloc, in, 1)
	if !ok {
		return op.Do(in...)
	}
	for i, v := range args[0][:len(out)] {
		out[i] = op.f1(v)
	}
	return prealloc, nil
}

func (op clampedLog) f(v []float64) float64 { return op.f1(v[0]) }
func (op clampedLog) f1(x float64) float64  { return math.Max(math.Log(x), op.floor) }

func (op clampedLog) SymDiff(in gorgonia.Nodes, out, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	// The gradient takes the op's output too, so that it need not take
	// the logarithm again to know where the floor holds.
	dx, err := gorgonia.ApplyOp(clampedLogGradOut(op), in[0], out, grad)
	if err != nil {
		return nil, err
	}
	return gorgonia.Nodes{dx}, nil
}

// clampedLogGradOut maps (x, y, g), with y = max(log(x), floor) the
// clamped log's output, to g/x where log(x) > floor, else 0, without
// taking the logarithm again: y ≤ floor exactly where log(x) ≤ floor;
// where log(x) is NaN so is y, and neither is ≤ floor.
type clampedLogGradOut struct {
	elementwise
	floor float64
}

func (op clampedLogGradOut) Arity() int { return 3 }
func (op clampedLogGradOut) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(a, a, a, a)
}
func (op clampedLogGradOut) String() string        { return fmt.Sprintf("ClampedLogGradOut{%g}", op.floor) }
func (op clampedLogGradOut) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op clampedLogGradOut) Hashcode() uint32      { return hashOf(op) }

func (op clampedLogGradOut) Do(in ...gorgonia.Value) (gorgonia.Value, error) {
	return apply(op.String(), in, func(v []float64) float64 { return op.f3(v[0], v[1], v[2]) })
}

// UsePreallocDo writes into prealloc.
func (op clampedLogGradOut) UsePreallocDo(prealloc gorgonia.Value, in ...gorgonia.Value) (gorgonia.Value, error) {
	out, args, ok := into(prealloc, in, 3)
	if !ok {
		return op.Do(in...)
	}
	x, y, g := args[0][:len(out)], args[1][:len(out)], args[2][:len(out)]
	for i := range out {
		out[i] = op.f3(x[i], y[i], g[i])
	}
	return prealloc, nil
}

func (op clampedLogGradOut) f3(x, y, g float64) float64 {
	if y <= op.floor {
		return 0
	}
	return g / x
}

// logitBCE is max(z,0) − z·y + log1p(exp(−|z|)).
type logitBCE struct{ elementwise }

func (op logitBCE) Arity() int            { return 2 }
func (op logitBCE) Type() hm.Type         { a := hm.TypeVariable('a'); return hm.NewFnType(a, a, a) }
func (op logitBCE) String() string        { return "LogitBCE" }
func (op logitBCE) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op logitBCE) Hashcode() uint32      { return hashOf(op) }
func (op logitBCE) DiffWRT(int) []bool    { return []bool{true, true} }

func (op logitBCE) Do(in ...gorgonia.Value) (gorgonia.Value, error) {
	return apply(op.String(), in, op.f)
}

// UsePreallocDo writes into prealloc.
func (op logitBCE) UsePreallocDo(prealloc gorgonia.Value, in ...gorgonia.Value) (gorgonia.Value, error) {
	out, args, ok := into(prealloc, in, 2)
	if !ok {
		return op.Do(in...)
	}
	z, y := args[0][:len(out)], args[1][:len(out)]
	for i := range out {
		out[i] = op.f2(z[i], y[i])
	}
	return prealloc, nil
}

func (op logitBCE) f(v []float64) float64 { return op.f2(v[0], v[1]) }

func (op logitBCE) f2(z, y float64) float64 {
	// max(z,0) − z·y first: for y = 1 and z > 0 it is exactly 0, so
	// the small log1p term is not lost to cancellation.
	return (math.Max(z, 0) - z*y) + math.Log1p(math.Exp(-math.Abs(z)))
}

// SymDiff gives ∂/∂z = g⊙(sigmoid(z) − y) and ∂/∂y = −g⊙z.
func (op logitBCE) SymDiff(in gorgonia.Nodes, out, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	z, y := in[0], in[1]
	s, err := gorgonia.Sigmoid(z)
	if err != nil {
		return nil, err
	}
	diff, err := gorgonia.Sub(s, y)
	if err != nil {
		return nil, err
	}
	dz, err := gorgonia.HadamardProd(grad, diff)
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

// apply computes f over the elements of the equally shaped inputs in, all
// float64 or all float32, and returns a new value of their shape and dtype.
func apply(name string, in []gorgonia.Value, f func([]float64) float64) (gorgonia.Value, error) {
	if len(in) == 0 {
		return nil, fmt.Errorf("ops: %s: no inputs", name)
	}
	cols := make([][]float64, len(in))
	for i, v := range in {
		if !v.Shape().Eq(in[0].Shape()) {
			return nil, fmt.Errorf("ops: %s: input %d has shape %v, input 0 has %v", name, i, v.Shape(), in[0].Shape())
		}
		if v.Dtype() != in[0].Dtype() {
			return nil, fmt.Errorf("ops: %s: input %d is %v, input 0 is %v", name, i, v.Dtype(), in[0].Dtype())
		}
		var err error
		if cols[i], err = floats(v); err != nil {
			return nil, fmt.Errorf("ops: %s: input %d: %w", name, i, err)
		}
	}
	out := make([]float64, len(cols[0]))
	args := make([]float64, len(in))
	for j := range out {
		for i := range cols {
			args[i] = cols[i][j]
		}
		out[j] = f(args)
	}
	return value(out, in[0])
}

// into returns the elements of prealloc and of the arity inputs in when
// all are float64 tensors of one shape that are not views: then an op
// computes into prealloc without allocating. Otherwise ok is false and the
// op computes a new value with Do.
func into(prealloc gorgonia.Value, in []gorgonia.Value, arity int) (out []float64, args [3][]float64, ok bool) {
	if len(in) != arity || arity > len(args) {
		return nil, args, false
	}
	if out, ok = denseFloat64s(prealloc); !ok {
		return nil, args, false
	}
	for i, v := range in {
		c, ok := denseFloat64s(v)
		if !ok || len(c) != len(out) || !v.Shape().Eq(prealloc.Shape()) {
			return nil, args, false
		}
		args[i] = c
	}
	return out, args, true
}

// denseFloat64s returns the elements of a float64 tensor that is not a
// view (whose Data would be its whole backing array).
func denseFloat64s(v gorgonia.Value) ([]float64, bool) {
	d, ok := v.(*tensor.Dense)
	if !ok || d == nil || d.IsView() || d.Dtype() != tensor.Float64 {
		return nil, false
	}
	return d.Float64s(), true
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
	if like.Dtype() == tensor.Float32 {
		d32 := make([]float32, len(data))
		for i, x := range data {
			d32[i] = float32(x)
		}
		return tensor.New(tensor.WithShape(like.Shape().Clone()...), tensor.WithBacking(d32)), nil
	}
	return tensor.New(tensor.WithShape(like.Shape().Clone()...), tensor.WithBacking(data)), nil
}
