package vmath_test

import (
	"fmt"
	"math"

	"github.com/gradlab/gradlab/internal/vmath"
)

// The values printed are numpy's np.tanh and np.log of the same
// arguments to 15 digits; the vector results are also math's, bit for bit.
func ExampleTanh() {
	x := []float64{-20, -0.5, 0, 0.625, 1, 3}
	got := make([]float64, len(x))
	vmath.Tanh(got, x)
	for i, v := range got {
		fmt.Printf("%.15g %v\n", v, v == math.Tanh(x[i]))
	}
	// Output:
	// -1 true
	// -0.46211715726001 true
	// 0 true
	// 0.554599722349382 true
	// 0.761594155955765 true
	// 0.99505475368673 true
}

func ExampleClampedLog() {
	p := []float64{0, 1e-50, 0.5, 1}
	logs := make([]float64, len(p))
	vmath.ClampedLog(logs, p, -100)
	for _, v := range logs {
		fmt.Printf("%.15g\n", v)
	}
	// Output:
	// -100
	// -100
	// -0.693147180559945
	// 0
}
