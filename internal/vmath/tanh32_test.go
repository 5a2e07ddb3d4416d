package vmath

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/chewxy/math32"

	"github.com/gradlab/gradlab/internal/longtest"
)

// Tanh32 is math32.Tanh bit for bit: on every float32 around the branch
// points (0, 0.625, MAXLOG/2) and the edges (subnormals, the largest
// float, infinities, NaN), and on millions of random bit patterns and
// random values of the range that matters.
func TestTanh32IsMath32s(t *testing.T) {
	var xs []float32
	around := func(v float32, n int) {
		for _, s := range []float32{1, -1} {
			x := s * v
			for range n {
				x = math32.Nextafter(x, float32(math.Inf(-1)))
			}
			for range 2 * n {
				xs = append(xs, x)
				x = math32.Nextafter(x, float32(math.Inf(1)))
			}
		}
	}
	for _, v := range []float32{0, 0.625, 44.014847, 1, 0.5, 20, math.MaxFloat32, math.SmallestNonzeroFloat32} {
		around(v, 2000)
	}
	xs = append(xs, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), math.Float32frombits(0x7fc00001))
	src := rand.New(rand.NewPCG(5, 6))
	n := longtest.Size(1<<20, 4<<20)
	if testing.Short() {
		n = 1 << 18
	}
	for range n {
		xs = append(xs, math.Float32frombits(src.Uint32()), float32(src.NormFloat64()*4))
	}
	got := make([]float32, len(xs))
	Tanh32(got, xs)
	bad := 0
	for i, x := range xs {
		want := math32.Tanh(x)
		if math.Float32bits(got[i]) != math.Float32bits(want) && !(want != want && got[i] != got[i]) {
			if bad++; bad <= 10 {
				t.Errorf("Tanh32(%v [%#08x]) = %v [%#08x], math32.Tanh %v [%#08x]", x, math.Float32bits(x), got[i], math.Float32bits(got[i]), want, math.Float32bits(want))
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d differ", bad, len(xs))
	}
}
