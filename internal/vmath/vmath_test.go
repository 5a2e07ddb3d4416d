package vmath

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gradlab/gradlab/internal/longtest"
)

// edges are the arguments where the functions change behaviour: zeros,
// subnormals, the ends of the normal range, exp's overflow and underflow
// thresholds, tanh's branch points, 1 for log and the non-finite values.
var edges = []float64{
	0, math.Copysign(0, -1), 5e-324, -5e-324, 1e-310, 0x1p-1022, -0x1p-1022, 0x1.fffffffffffffp-1023,
	math.SmallestNonzeroFloat64, math.MaxFloat64, -math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(),
	1, -1, math.Nextafter(1, 0), math.Nextafter(1, 2), 1 + 0x1p-30, 1 - 0x1p-30, 0.5, 2,
	708, -708, math.Nextafter(708, 0), math.Nextafter(708, 1000), 709.782712893384, 709.7827128933841, 710,
	-745.1332191019411, -745.1332191019412, -746, -744, -709, -1e300, 1e300,
	0.625, -0.625, math.Nextafter(0.625, 0), math.Nextafter(-0.625, 0), 44.014845965556525, -44.014845965556525,
	math.Nextafter(44.014845965556525, 50), 1e-8, -1e-8, 1e-200, 20, -20,
}

// points returns n arguments for a function: the edges, then values spread
// over the whole float64 range by their bit patterns, then normal values
// near the range that the function mostly sees, then values near 1.
func points(n int, seed uint64) []float64 {
	src := rand.New(rand.NewPCG(seed, 7))
	xs := append([]float64(nil), edges...)
	for len(xs) < n {
		switch len(xs) % 4 {
		case 0:
			xs = append(xs, math.Float64frombits(src.Uint64()))
		case 1:
			xs = append(xs, src.NormFloat64()*4)
		case 2:
			xs = append(xs, (src.Float64()-0.5)*1500)
		default:
			xs = append(xs, 1+(src.Float64()-0.5)*0x1p-20)
		}
	}
	return xs[:n]
}

func same(a, b float64) bool {
	return a == b && math.Signbit(a) == math.Signbit(b) || math.IsNaN(a) && math.IsNaN(b)
}

// TestSameAsMath checks every function against package math, one element
// at a time, over two million points, and the first points at every
// offset that the vector code splits differently.
func TestSameAsMath(t *testing.T) {
	n := longtest.Size(1<<19, 1<<21)
	if testing.Short() {
		n = 1 << 16
	}
	sameAsMath(t, n)
}

func sameAsMath(t *testing.T, n int) {
	const floor = -100.0
	for _, c := range []struct {
		name string
		vec  func(dst, x []float64)
		want func(float64) float64
	}{
		{"Exp", Exp, math.Exp},
		{"Log", Log, math.Log},
		{"ClampedLog", func(dst, x []float64) { ClampedLog(dst, x, floor) }, func(x float64) float64 { return math.Max(math.Log(x), floor) }},
		{"Tanh", Tanh, math.Tanh},
	} {
		t.Run(c.name, func(t *testing.T) {
			all := points(n, 1)
			for _, lo := range []int{0, 1, 2, 3} {
				// Every point at offset 0; the others shift the blocks
				// against the edges at the start.
				xs := all
				if lo > 0 {
					xs = all[:1<<12]
				}
				got := make([]float64, len(xs)-lo)
				c.vec(got, xs[lo:])
				bad := 0
				for i, g := range got {
					x := xs[lo+i]
					if w := c.want(x); !same(g, w) {
						if bad++; bad <= 5 {
							t.Errorf("%s(%v) at offset %d = %v (%#x), want %v (%#x)", c.name, x, lo, g, math.Float64bits(g), w, math.Float64bits(w))
						}
					}
				}
				if bad > 0 {
					t.Fatalf("%d of %d differ", bad, len(got))
				}
			}
		})
	}
}

// TestShortSlices covers every length below two vectors, where the scalar
// tail does all or part of the work, with an edge in every position.
func TestShortSlices(t *testing.T) {
	shortSlices(t)
}

func shortSlices(t *testing.T) {
	for n := 0; n <= 2*lanes+1; n++ {
		for pos := 0; pos < max(n, 1); pos++ {
			for _, e := range edges {
				x := make([]float64, n)
				for i := range x {
					x[i] = 0.3 * float64(i+1)
				}
				if n > 0 {
					x[pos] = e
				}
				dst := make([]float64, n)
				Exp(dst, x)
				for i := range x {
					if !same(dst[i], math.Exp(x[i])) {
						t.Errorf("Exp of %v at %d of %d = %v, want %v", x[i], i, n, dst[i], math.Exp(x[i]))
					}
				}
				Log(dst, x)
				for i := range x {
					if !same(dst[i], math.Log(x[i])) {
						t.Errorf("Log of %v at %d of %d = %v, want %v", x[i], i, n, dst[i], math.Log(x[i]))
					}
				}
				Tanh(dst, x)
				for i := range x {
					if !same(dst[i], math.Tanh(x[i])) {
						t.Errorf("Tanh of %v at %d of %d = %v, want %v", x[i], i, n, dst[i], math.Tanh(x[i]))
					}
				}
			}
		}
	}
}

// TestTanhBlocks covers the vector blocks whose lanes all take one form of
// tanh (|x| < 0.625, or ≥ 0.625), which the vector code computes that way
// only, next to mixed ones.
func TestTanhBlocks(t *testing.T) {
	src := rand.New(rand.NewPCG(3, 4))
	small := []float64{0, math.Copysign(0, -1), 5e-324, math.NaN(), math.Nextafter(0.625, 0), -0.3, 1e-200}
	large := []float64{0.625, -0.625, 1, -3, 44.014845965556525, 45, math.Inf(1), math.Inf(-1), 1e300}
	var x []float64
	for range 4096 {
		switch src.IntN(3) {
		case 0:
			for range 8 {
				x = append(x, small[src.IntN(len(small))])
			}
		case 1:
			for range 8 {
				x = append(x, large[src.IntN(len(large))])
			}
		default:
			x = append(x, small[src.IntN(len(small))], large[src.IntN(len(large))], 0.5, 0.7, -0.6, -0.7, 0.1, 2)
		}
	}
	for _, lo := range []int{0, 4} { // AVX-512 blocks, and AVX2 blocks offset by four
		got := make([]float64, len(x)-lo)
		Tanh(got, x[lo:])
		for i, g := range got {
			if w := math.Tanh(x[lo+i]); !same(g, w) {
				t.Fatalf("Tanh(%v) = %v, want %v", x[lo+i], g, w)
			}
		}
	}
}
