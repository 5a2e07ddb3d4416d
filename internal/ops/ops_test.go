package ops

import (
	"math"
	"testing"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestClampedLog(t *testing.T) {
	op := clampedLog{floor: -100}
	for _, tc := range []struct {
		in   gorgonia.Value
		want []float64
	}{
		{tensor.New(tensor.WithShape(1, 4), tensor.WithBacking([]float64{1, math.E, 0, 1e-300})), []float64{0, 1, -100, -100}},
		{tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{1, 0})), []float64{0, -100}},
		{gorgonia.NewF64(math.E), []float64{1}},
		{gorgonia.NewF32(1), []float64{0}},
	} {
		out, err := op.Do(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if out.Dtype() != tc.in.Dtype() || !out.Shape().Eq(tc.in.Shape()) {
			t.Errorf("ClampedLog of %v %v gave %v %v", tc.in.Dtype(), tc.in.Shape(), out.Dtype(), out.Shape())
		}
		got, _ := floats(out)
		for i := range tc.want {
			if math.Abs(got[i]-tc.want[i]) > 1e-15 {
				t.Errorf("ClampedLog(%v) = %v, want %v", tc.in, got, tc.want)
				break
			}
		}
	}
}

// TestClampedLogGrad holds the clamped log's gradient to its definition,
// g/max(x, 1e-12) for x ≥ 0, g/x otherwise, in float64 and float32.
func TestClampedLogGrad(t *testing.T) {
	const eps = 1e-12
	for _, f32 := range []bool{false, true} {
		x := []float64{0.5, 2, 0, math.Copysign(0, -1), 1e-50, 5e-324, math.Exp(-100), eps, math.Nextafter(eps, 0), 2e-12, -1, math.Inf(1)}
		g := []float64{1, 3, 5, 7, -1, 1, 1, 1, 1, 1, 2, 1}
		want := []float64{2, 1.5, 5 / eps, 7 / eps, -1 / eps, 1 / eps, 1 / eps, 1 / eps, 1 / eps, 1 / 2e-12, -2, 0}
		got := both(t, clampedLogGrad{}, row(x, f32), row(g, f32))
		for i, w := range want {
			if f32 {
				// float32(x) moves the edge cases a little: the definition
				// at the point the graph holds, rounded once.
				xi := float64(float32(x[i]))
				if xi >= 0 && xi < eps {
					xi = eps
				}
				w = float64(float32(float64(float32(g[i])) / xi))
			}
			if got[i] != w {
				t.Errorf("f32 %v: gradient at x = %v, g = %v: %v, want %v", f32, x[i], g[i], got[i], w)
			}
		}
	}
	x := row([]float64{math.NaN()}, false)
	if got := both(t, clampedLogGrad{}, x, row([]float64{1}, false)); !math.IsNaN(got[0]) {
		t.Errorf("gradient at NaN: %v", got[0])
	}
}

// TestOpsAllocateNothing checks that every op computes into a kept buffer
// without allocating, float64 and float32.
func TestOpsAllocateNothing(t *testing.T) {
	for _, f32 := range []bool{false, true} {
		x := row([]float64{0.25, 0.5, 0.75}, f32)
		pre := tensor.New(tensor.WithShape(1, 3), tensor.Of(x.Dtype()))
		for _, c := range []struct {
			op interface {
				UsePreallocDo(gorgonia.Value, ...gorgonia.Value) (gorgonia.Value, error)
			}
			n int
		}{{sigmoid{}, 1}, {sigmoidGrad{}, 3}, {clampedLog{floor: -100}, 1}, {clampedLogGrad{}, 2}, {logitBCE{}, 2}, {logitBCEGrad{}, 3}} {
			in := []gorgonia.Value{x, x, x}[:c.n]
			if n := testing.AllocsPerRun(100, func() { _, _ = c.op.UsePreallocDo(pre, in...) }); n != 0 {
				t.Errorf("f32 %v: %v allocates %v times", f32, c.op, n)
			}
		}
	}
}

func TestLogitBCE(t *testing.T) {
	z := tensor.New(tensor.WithShape(5), tensor.WithBacking([]float64{0, 40, 40, -1e4, 1e4}))
	y := tensor.New(tensor.WithShape(5), tensor.WithBacking([]float64{1, 1, 0, 0, 0}))
	out, err := logitBCE{}.Do(z, y)
	if err != nil {
		t.Fatal(err)
	}
	// ln 2; log1p(e^−40) kept, not lost to 40 − 40; 40 + log1p(e^−40); 0; 1e4.
	want := []float64{math.Ln2, math.Log1p(math.Exp(-40)), 40 + math.Log1p(math.Exp(-40)), 0, 1e4}
	for i, v := range out.Data().([]float64) {
		if math.Abs(v-want[i]) > 1e-15*math.Max(1, want[i]) || (want[i] != 0 && v == 0) {
			t.Errorf("LogitBCE[%d] = %v, want %v", i, v, want[i])
		}
	}
}

func TestApplyErrors(t *testing.T) {
	a := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{1, 2}))
	for _, in := range [][]gorgonia.Value{
		{a, tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{1, 2, 3}))},
		{a, tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{1, 2}))},
		{tensor.New(tensor.WithShape(2), tensor.WithBacking([]int{1, 2})), a},
		{},
	} {
		if _, err := (logitBCE{}).Do(in...); err == nil {
			t.Errorf("LogitBCE of %v: no error", in)
		}
	}
}

func TestInferShape(t *testing.T) {
	s, err := clampedLog{}.InferShape(tensor.Shape{1, 7})
	if err != nil || !s.Eq(tensor.Shape{1, 7}) {
		t.Errorf("InferShape = %v, %v", s, err)
	}
	if _, err := (clampedLog{}).InferShape(); err == nil {
		t.Error("InferShape of nothing: no error")
	}
}
