package train

import (
	"fmt"
	"math"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/dense"
	"github.com/gradlab/gradlab/losses"
	"gorgonia.org/tensor"
)

// A run computes in one dtype, float64 or float32: its parameters, its
// batches, its validation and its saved best weights all hold that dtype,
// and the data are converted to it once, in New. Costs are reported as the
// float64 of the value the run computed: a float32 run's costs are
// float32 numbers, widened exactly.

// runDtype returns the dtype a run of c on X computes in: c.Dtype, or X's
// when c.Dtype is the zero Dtype.
func runDtype(c Config, x *tensor.Dense) (tensor.Dtype, error) {
	dt := c.Dtype
	if dt.Type == nil {
		dt = x.Dtype()
	}
	if dt != tensor.Float64 && dt != tensor.Float32 {
		return dt, fail(-1, &ConfigError{Field: "Dtype", Value: dt, Want: "float64 or float32 (the zero Dtype: X's)"})
	}
	return dt, nil
}

// floats64 returns the elements of the float64 or float32 tensor t as
// float64s, row-major: its own backing for float64, a widened copy for
// float32; nil for other dtypes.
func floats64(t *tensor.Dense) []float64 {
	if t.Dtype() != tensor.Float32 {
		return dense.Floats(t)
	}
	if t.IsView() {
		t = t.Materialize().(*tensor.Dense)
	}
	f := t.Float32s()
	out := make([]float64, len(f))
	for i, v := range f {
		out[i] = float64(v)
	}
	return out
}

// inDtype returns a new tensor header of t's shape holding its elements in
// dtype dt: over t's own backing when t holds dt already (the data are
// bound, never copied, and programs never write their inputs), over a
// converted copy otherwise. Narrowing to float32 can overflow: the error,
// wrapping ErrData, names the first element that does; what names t.
func inDtype(t *tensor.Dense, dt tensor.Dtype, what string) (*tensor.Dense, error) {
	shape := t.Shape().Clone()
	if t.Dtype() == dt && dt == tensor.Float32 {
		if t.IsView() {
			t = t.Materialize().(*tensor.Dense)
		}
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(t.Float32s())), nil
	}
	v := floats64(t)
	if dt == tensor.Float64 {
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(v)), nil
	}
	f := make([]float32, len(v))
	for i, x := range v {
		f[i] = float32(x)
		if math.IsInf(float64(f[i]), 0) {
			return nil, fmt.Errorf("%w: %s[%d][%d] = %v does not fit float32 (largest %v)", ErrData, what, i/shape[1], i%shape[1], x, math.MaxFloat32)
		}
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(f)), nil
}

// alias returns a new tensor header over d's backing.
func alias(d *tensor.Dense) *tensor.Dense {
	if d.Dtype() == tensor.Float32 {
		return tensor.New(tensor.WithShape(d.Shape().Clone()...), tensor.WithBacking(d.Float32s()))
	}
	return tensor.New(tensor.WithShape(d.Shape().Clone()...), tensor.WithBacking(d.Float64s()))
}

// nonFinite returns the index and value of the first element of the float64
// or float32 tensor d that is NaN or infinite, reading it in place.
func nonFinite(d *tensor.Dense) (int, float64, bool) {
	if d.Dtype() == tensor.Float32 {
		for i, v := range d.Float32s() {
			if w := float64(v); math.IsNaN(w) || math.IsInf(w, 0) {
				return i, w, true
			}
		}
		return 0, 0, false
	}
	for i, v := range d.Float64s() {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return i, v, true
		}
	}
	return 0, 0, false
}

// copyDense copies src's elements into dst, of the same dtype and size.
func copyDense(dst, src *tensor.Dense) {
	if dst.Dtype() == tensor.Float32 {
		copy(dst.Float32s(), src.Float32s())
		return
	}
	copy(dst.Float64s(), src.Float64s())
}

// checkDtype refuses data of a dtype other than float64 and float32.
func checkDtype(x, y *tensor.Dense) error {
	ok := func(t *tensor.Dense) bool { return t.Dtype() == tensor.Float64 || t.Dtype() == tensor.Float32 }
	if !ok(x) || !ok(y) {
		return failf(-1, "X is %s and Y is %s; each must be float64 or float32: %w", dtypeName(x), dtypeName(y), graph.ErrDtype)
	}
	return nil
}

// errCompareDtype is compare mode in float32.
func errCompareDtype(dt tensor.Dtype) error {
	return fail(-1, &ConfigError{Field: "Compare", Value: true,
		Want: fmt.Sprintf("float64 training, not %v: compare mode measures the BCE forms' differences, of order float64's rounding, against nn/backprop's float64 gradients", dt)})
}

// dtypeField is a run's dtype as a checkpoint records it: "float32", or
// "" for float64, which checkpoints made before float32 runs leave out.
func dtypeField(dt tensor.Dtype) string {
	if dt == tensor.Float32 {
		return "float32"
	}
	return ""
}

// weightsInDtype is inDtype for sample weights, which may be nil; a weight
// that narrowing to float32 rounds to 0 is an error too, wrapping ErrData.
func weightsInDtype(w *tensor.Dense, dt tensor.Dtype, what string) (*tensor.Dense, error) {
	if w == nil {
		return nil, nil
	}
	out, err := inDtype(w, dt, what)
	if err != nil {
		return nil, err
	}
	if err := losses.CheckSample(floats64(out)); err != nil {
		return nil, fmt.Errorf("%w: %s in %v: %w", ErrData, what, dt, err)
	}
	return out, nil
}
