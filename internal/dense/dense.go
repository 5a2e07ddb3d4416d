// Package dense holds the few conversions between Go slices and
// gorgonia's dense tensors that several gradlab packages need: the
// elements of a float64 tensor, view or not; a tensor of either float
// dtype from float64 data; a tensor's shape for an error message.
package dense

import (
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Floats returns the elements of the float64 tensor t in row-major order:
// its backing slice, or a materialized copy when t is a view. It returns
// nil for nil or a tensor of another dtype.
func Floats(t *tensor.Dense) []float64 {
	if t == nil || t.Dtype() != tensor.Float64 {
		return nil
	}
	if t.IsView() {
		t = t.Materialize().(*tensor.Dense)
	}
	return t.Float64s()
}

// New returns a tensor of the given shape and dtype, float64 or float32,
// holding data: data itself as the backing of a float64 tensor, a rounded
// copy for float32.
func New(dt tensor.Dtype, data []float64, shape ...int) *tensor.Dense {
	if dt == tensor.Float32 {
		d32 := make([]float32, len(data))
		for i, x := range data {
			d32[i] = float32(x)
		}
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(d32))
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(data))
}

// ShapeOf returns t's shape, or "nil" for nil, for error messages.
func ShapeOf(t *tensor.Dense) any {
	if t == nil {
		return "nil"
	}
	return t.Shape()
}

// Values returns a copy of the elements of a float64 or float32 value,
// tensor or scalar, as float64s, in row-major order; nil for any other.
func Values(v gorgonia.Value) []float64 {
	if v == nil {
		return nil
	}
	switch d := v.Data().(type) {
	case []float64:
		return append([]float64(nil), d...)
	case []float32:
		out := make([]float64, len(d))
		for i, x := range d {
			out[i] = float64(x)
		}
		return out
	case float64:
		return []float64{d}
	case float32:
		return []float64{float64(d)}
	}
	return nil
}
