package machine

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/gonum"
)

// sgemm computes gonum's Sgemm bit for bit, serial or split, in one piece
// or in blocks, for every transposition gorgonia's Mul builds.
func TestSgemmIsGonums(t *testing.T) {
	src := rand.New(rand.NewPCG(3, 4))
	for _, s := range []struct{ m, n, k int }{
		{1, 1, 1}, {4, 400, 2}, {1, 400, 4}, {4, 2, 400}, {64, 40000, 2}, {1, 40000, 64},
		{64, 2, 40000}, {1, 64, 40000}, {70, 130, 129}, {300, 5, 300}, {3, 300, 17},
	} {
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			tA, tB := tr[0], tr[1]
			a, b := make([]float32, s.m*s.k), make([]float32, s.k*s.n)
			for i := range a {
				a[i] = float32(src.NormFloat64())
				if i%7 == 3 {
					a[i] = 0 // gonum skips a zero multiplier of a row
				}
			}
			for i := range b {
				b[i] = float32(src.NormFloat64())
			}
			lda, ldb := s.k, s.n
			if tA {
				lda = s.m
			}
			if tB {
				ldb = s.k
			}
			want, got := make([]float32, s.m*s.n), make([]float32, s.m*s.n)
			for i := range got {
				got[i] = float32(math.NaN()) // sgemm must overwrite C
			}
			gonum.Implementation{}.Sgemm(trans(tA), trans(tB), s.m, s.n, s.k, 1, a, lda, b, ldb, 0, want, s.n)
			sgemm(tA, tB, s.m, s.n, s.k, a, lda, b, ldb, got, s.n)
			for i := range want {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Errorf("%v tA=%v tB=%v: C[%d] = %v, gonum's %v", s, tA, tB, i, got[i], want[i])
					break
				}
			}
		}
	}
}

// A product over k = 0 is the empty sum, as gonum's: C = 0.
func TestSgemmOfNothing(t *testing.T) {
	c := []float32{1, 2, 3, float32(math.NaN()), 5, 6}
	sgemm(false, false, 2, 3, 0, nil, 1, nil, 3, c, 3)
	for i, v := range c {
		if math.Float32bits(v) != 0 {
			t.Errorf("C[%d] = %v, want +0", i, v)
		}
	}
}

// sum32 is exact where float32 addition in sequence is not: 2²⁴ + 1
// rounds back to 2²⁴ in float32, while 2²⁴ + 4 is a float32 (vmath's
// tests hold its order).
func TestSum32(t *testing.T) {
	for _, c := range []struct {
		x    []float32
		want float32
	}{
		{nil, 0},
		{[]float32{1 << 24, 1, 1, 1, 1}, 1<<24 + 4},
		{[]float32{1, 1, 1, 1, 1 << 24}, 1<<24 + 4},
		{[]float32{0.5, -0.25, 0.125}, 0.375},
	} {
		if got := sum32(c.x); got != c.want {
			t.Errorf("sum32(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}
