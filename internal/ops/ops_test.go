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

func TestClampedLogGrad(t *testing.T) {
	x := tensor.New(tensor.WithShape(4), tensor.WithBacking([]float64{0.5, 2, 0, 1e-50}))
	g := tensor.New(tensor.WithShape(4), tensor.WithBacking([]float64{1, 3, 5, 7}))
	y, err := clampedLog{floor: -100}.Do(x)
	if err != nil {
		t.Fatal(err)
	}
	out, err := clampedLogGrad{floor: -100}.Do(x, y, g)
	if err != nil {
		t.Fatal(err)
	}
	// g/x above the floor (log 1e-50 ≈ −115 is below it), 0 on it.
	want := []float64{2, 1.5, 0, 0}
	for i, v := range out.Data().([]float64) {
		if v != want[i] {
			t.Errorf("gradient %v, want %v", out.Data(), want)
			break
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
