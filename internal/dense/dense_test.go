package dense_test

import (
	"fmt"
	"testing"

	"github.com/gradlab/gradlab/internal/dense"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestFloats(t *testing.T) {
	m := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float64{1, 2, 3, 4, 5, 6}))
	col, err := m.Slice(nil, tensor.S(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		t    *tensor.Dense
		want string
	}{
		{"matrix", m, "[1 2 3 4 5 6]"},
		{"view of column 1", col.(*tensor.Dense), "[2 5]"},
		{"float32", tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{1, 2})), "[]"},
		{"nil", nil, "[]"},
	} {
		if got := fmt.Sprint(dense.Floats(c.t)); got != c.want {
			t.Errorf("%s: Floats = %s, want %s", c.name, got, c.want)
		}
	}
	if &dense.Floats(m)[0] != &m.Float64s()[0] {
		t.Error("Floats copied a tensor that is not a view")
	}
}

func TestNew(t *testing.T) {
	data := []float64{0.1, 2, 3}
	d64 := dense.New(tensor.Float64, data, 1, 3)
	d32 := dense.New(tensor.Float32, data, 3, 1)
	if fmt.Sprint(d64.Shape(), d64.Dtype(), d32.Shape(), d32.Dtype()) != "(1, 3) float64 (3, 1) float32" {
		t.Errorf("shapes and dtypes %v %v %v %v", d64.Shape(), d64.Dtype(), d32.Shape(), d32.Dtype())
	}
	if &d64.Float64s()[0] != &data[0] || d32.Float32s()[0] != float32(0.1) {
		t.Errorf("float64 data not shared or float32 data not rounded: %v", d32.Float32s())
	}
}

func TestShapeOf(t *testing.T) {
	if got := fmt.Sprintf("%v %v", dense.ShapeOf(nil), dense.ShapeOf(tensor.New(tensor.WithShape(2, 4), tensor.Of(tensor.Float64)))); got != "nil (2, 4)" {
		t.Errorf("ShapeOf = %s", got)
	}
}

func TestValues(t *testing.T) {
	for _, c := range []struct {
		name string
		v    gorgonia.Value
		want string
	}{
		{"float64 tensor", tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{1, 2})), "[1 2]"},
		{"float32 tensor", tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{0.5, 3})), "[0.5 3]"},
		{"float64 scalar", gorgonia.NewF64(4), "[4]"},
		{"float32 scalar", gorgonia.NewF32(5), "[5]"},
		{"int tensor", tensor.New(tensor.WithShape(1), tensor.WithBacking([]int{1})), "[]"},
		{"nil", nil, "[]"},
	} {
		if got := fmt.Sprint(dense.Values(c.v)); got != c.want {
			t.Errorf("%s: Values = %s, want %s", c.name, got, c.want)
		}
	}
	d := tensor.New(tensor.WithShape(1), tensor.WithBacking([]float64{1}))
	if dense.Values(d)[0] = 9; d.Float64s()[0] != 1 {
		t.Error("Values did not copy")
	}
}
