package ops

import (
	"math"
	"testing"

	"gorgonia.org/tensor"
)

// clampedLogGradRef is the clamped log's gradient from its definition:
// g/x where log(x) > floor, else 0.
func clampedLogGradRef(x, g, floor float64) float64 {
	if math.Log(x) <= floor {
		return 0
	}
	return g / x
}

// TestClampedLogGradOut holds the gradient that reads the clamped log's
// output to the one that takes the logarithm again, bit for bit, at the
// floor's edge and at every special value.
func TestClampedLogGradOut(t *testing.T) {
	const floor = -100
	edge := math.Exp(floor)
	xs := []float64{0, math.Copysign(0, -1), -1, 1, 0.5, 1e-300, 5e-324, math.Inf(1), math.Inf(-1), math.NaN(), edge,
		math.Nextafter(edge, 0), math.Nextafter(edge, 1), math.Nextafter(math.Nextafter(edge, 1), 1), 1e-43, 4e-44, 3e-44}
	for i := 0; i < 200; i++ { // the floating-point numbers around e^−100
		xs = append(xs, math.Float64frombits(math.Float64bits(edge)-100+uint64(i)))
	}
	gs := make([]float64, len(xs))
	for i := range gs {
		gs[i] = float64(i%7) - 3.5
	}
	x := tensor.New(tensor.WithShape(len(xs)), tensor.WithBacking(xs))
	g := tensor.New(tensor.WithShape(len(xs)), tensor.WithBacking(gs))
	y, err := clampedLog{floor: floor}.Do(x)
	if err != nil {
		t.Fatal(err)
	}
	w := make([]float64, len(xs))
	for i := range w {
		w[i] = clampedLogGradRef(xs[i], gs[i], floor)
	}
	got, err := clampedLogGradOut{floor: floor}.Do(x, y, g)
	if err != nil {
		t.Fatal(err)
	}
	pre := tensor.New(tensor.WithShape(len(xs)), tensor.Of(tensor.Float64))
	into, err := clampedLogGradOut{floor: floor}.UsePreallocDo(pre, x, y, g)
	if err != nil || into != pre {
		t.Fatalf("UsePreallocDo = %v, %v; want the preallocated value", into, err)
	}
	for _, out := range [][]float64{got.Data().([]float64), pre.Float64s()} {
		for i := range w {
			if math.Float64bits(out[i]) != math.Float64bits(w[i]) && !(math.IsNaN(out[i]) && math.IsNaN(w[i])) {
				t.Errorf("x = %v: gradient %v, want %v", xs[i], out[i], w[i])
			}
		}
	}
}
