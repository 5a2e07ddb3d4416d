package ops

import (
	"testing"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestTmpAlloc(t *testing.T) {
	x := tensor.New(tensor.WithShape(1, 4), tensor.WithBacking([]float64{1, 2, 3, 4}))
	p := tensor.New(tensor.WithShape(1, 4), tensor.Of(tensor.Float64))
	for _, op := range []interface{ UsePreallocDo(gorgonia.Value, ...gorgonia.Value) (gorgonia.Value, error) }{sigmoid{}, clampedLog{floor: -100}} {
		n := testing.AllocsPerRun(100, func() { op.UsePreallocDo(p, x) })
		t.Log(n)
	}
	n := testing.AllocsPerRun(100, func() { sigmoidGrad{}.UsePreallocDo(p, x, x, x) })
	t.Log(n)
	n = testing.AllocsPerRun(100, func() { clampedLogGrad{floor: -100}.UsePreallocDo(p, x, x) })
	t.Log(n)
}
