package gemm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAxpyFMA holds AxpyFMA to math.FMA element by element, bit for bit,
// at lengths around the vector width, with the special values of a
// product.
func TestAxpyFMA(t *testing.T) {
	if !hasKernel {
		t.Skip("no micro-kernel on this CPU")
	}
	src := rand.New(rand.NewPCG(7, 7))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, 1e308}
	for _, n := range []int{0, 1, 3, 4, 5, 8, 9, 31, 100} {
		for _, alpha := range []float64{0, -1.5, src.NormFloat64(), 1e300} {
			x, y := make([]float64, n+1), make([]float64, n)
			for i := range x {
				x[i] = src.NormFloat64()
			}
			for i := range y {
				y[i] = src.NormFloat64()
				if i < len(special) {
					x[i], y[i] = special[i], special[(i+3)%len(special)]
				}
			}
			want := make([]float64, n)
			for i := range want {
				want[i] = math.FMA(alpha, x[i], y[i])
			}
			AxpyFMA(alpha, x, y)
			for i := range want {
				if math.Float64bits(y[i]) != math.Float64bits(want[i]) && !(math.IsNaN(y[i]) && math.IsNaN(want[i])) {
					t.Fatalf("n %d, α %v: y[%d] = %v, math.FMA %v", n, alpha, i, y[i], want[i])
				}
			}
		}
	}
}
