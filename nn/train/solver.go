package train

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// gradientDescent is the default optimizer: w ← w − rate·g, computed as
// gorgonia's VanillaSolver computes it (g scaled by −rate, then added, each
// rounded), so that the exercise's numbers are the same, but without the
// VanillaSolver's dozen allocations per parameter and step. Like every
// gorgonia solver it zeroes the gradients it used.
type gradientDescent struct{ rate float64 }

func (s gradientDescent) Step(model []gorgonia.ValueGrad) error {
	neg := -s.rate
	for _, vg := range model {
		w, g, err := denseParam(vg)
		if err != nil {
			return err
		}
		for i, d := range g {
			// The conversion rounds the product before the sum, as the
			// VanillaSolver's two passes do, whatever the compiler fuses.
			w[i] += float64(d * neg)
		}
		clear(g)
	}
	return nil
}

// denseParam returns the elements of a float64 parameter and its gradient.
func denseParam(vg gorgonia.ValueGrad) (w, g []float64, err error) {
	grad, err := vg.Grad()
	if err != nil {
		return nil, nil, err
	}
	wd, ok1 := vg.Value().(*tensor.Dense)
	gd, ok2 := grad.(*tensor.Dense)
	if !ok1 || !ok2 || wd.IsView() || gd.IsView() || wd.Dtype() != tensor.Float64 || gd.Dtype() != tensor.Float64 || wd.Size() != gd.Size() {
		return nil, nil, fmt.Errorf("gradient descent on a %T with a %T gradient: want float64 tensors of one size", vg.Value(), grad)
	}
	return wd.Float64s(), gd.Float64s(), nil
}
