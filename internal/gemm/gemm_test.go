package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/gonum"
)

type size struct{ m, n, k int }

// operands returns op(A) m×k and op(B) k×n stored as tA and tB ask, with
// random normal elements.
func operands(src *rand.Rand, tA, tB bool, s size) (a []float64, lda int, b []float64, ldb int) {
	a, b = make([]float64, s.m*s.k), make([]float64, s.k*s.n)
	for i := range a {
		a[i] = src.NormFloat64()
	}
	for i := range b {
		b[i] = src.NormFloat64()
	}
	lda, ldb = s.k, s.n
	if tA {
		lda = s.m
	}
	if tB {
		ldb = s.k
	}
	return a, lda, b, ldb
}

// naive is C = op(A)·op(B) by the definition, summed in extended care
// (Kahan) so that it is a reference for any summation order.
func naive(tA, tB bool, s size, a []float64, lda int, b []float64, ldb int) []float64 {
	c := make([]float64, s.m*s.n)
	for i := range s.m {
		for j := range s.n {
			var sum, comp float64
			for p := range s.k {
				ai, bi := i*lda+p, p*ldb+j
				if tA {
					ai = p*lda + i
				}
				if tB {
					bi = j*ldb + p
				}
				x, y := a[ai], b[bi]
				t := x*y - comp
				u := sum + t
				comp = (u - sum) - t
				sum = u
			}
			c[i*s.n+j] = sum
		}
	}
	return c
}

// transpose returns the c×r transpose of the r×c row-major x.
func transpose(x []float64, r, c int) []float64 {
	t := make([]float64, len(x))
	for i := range r {
		for j := range c {
			t[j*r+i] = x[i*c+j]
		}
	}
	return t
}

var sizes = []size{
	{1, 1, 1}, {4, 12, 1}, {4, 12, 256}, {5, 13, 257}, {64, 128, 784}, {64, 784, 128},
	{97, 491, 300}, {3, 500, 700}, {130, 7, 900}, {64, 1000, 600}, {200, 30, 2000},
}

// TestDgemm holds every path (the packed kernel, with its edge tiles, its
// splits and blocks of k, and the gonum path) to the definition.
func TestDgemm(t *testing.T) {
	src := rand.New(rand.NewPCG(1, 1))
	for _, s := range sizes {
		// One product by the definition for the four storages of its
		// operands: the reference is most of the test's time.
		a0, lda0, b0, ldb0 := operands(src, false, false, s)
		want := naive(false, false, s, a0, lda0, b0, ldb0)
		for _, tr := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
			t.Run(fmt.Sprintf("%v×%v×%v/%v", s.m, s.n, s.k, tr), func(t *testing.T) {
				a, lda, b, ldb := a0, lda0, b0, ldb0
				if tr[0] {
					a, lda = transpose(a0, s.m, s.k), s.m
				}
				if tr[1] {
					b, ldb = transpose(b0, s.k, s.n), s.k
				}
				c := make([]float64, s.m*s.n)
				for i := range c {
					c[i] = math.NaN() // C's old contents must not matter
				}
				Dgemm(tr[0], tr[1], s.m, s.n, s.k, a, lda, b, ldb, c, s.n)
				for i := range c {
					// Each term is O(1) and there are k of them.
					if d := math.Abs(c[i] - want[i]); !(d <= 1e-13*float64(s.k)) {
						t.Fatalf("C[%d] = %v, want %v (|Δ| = %g)", i, c[i], want[i], d)
					}
				}
			})
		}
	}
}

// TestGonumExact holds Gonum to gonum's own Dgemm bit for bit, in the
// serial and the parallel-block cases.
func TestGonumExact(t *testing.T) {
	src := rand.New(rand.NewPCG(2, 2))
	// The last three are split between the cores (gonumSplit); zeros in A
	// and an infinity in B check that the split skips A's zeros as gonum
	// does (0·∞ would be NaN).
	for _, s := range []size{{4, 2, 400}, {4, 400, 2}, {1, 400, 4}, {70, 130, 90}, {130, 200, 140}, {64, 300, 1000},
		{4, 2, 40001}, {1, 70001, 4}, {3, 40000, 3}} {
		for _, tr := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
			a, lda, b, ldb := operands(src, tr[0], tr[1], s)
			if s.k > 1 {
				a[1], a[len(a)-1] = 0, 0 // op(A)[0][1] or [1][0], and the last
				if tr[0] {
					a[1], a[lda] = 0, 0 // op(A)[0][1] is at lda
				}
				b[ldb] = math.Inf(1) // op(B)[1][0] (or [0][1] when transposed)
				if tr[1] {
					b[1] = math.Inf(1) // op(B)[1][0] is at 1
				}
			}
			want := make([]float64, s.m*s.n)
			gonum.Implementation{}.Dgemm(trans(tr[0]), trans(tr[1]), s.m, s.n, s.k, 1, a, lda, b, ldb, 0, want, s.n)
			got := make([]float64, s.m*s.n)
			Gonum(tr[0], tr[1], s.m, s.n, s.k, a, lda, b, ldb, got, s.n)
			for i := range got {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("%v %v: C[%d] = %v, gonum %v", s, tr, i, got[i], want[i])
				}
			}
		}
	}
}

// TestStride multiplies blocks of larger matrices: leading dimensions
// beyond the sizes.
func TestStride(t *testing.T) {
	src := rand.New(rand.NewPCG(3, 3))
	const m, n, k, pad = 50, 70, 300, 9
	a, b := make([]float64, m*(k+pad)), make([]float64, k*(n+pad))
	for i := range a {
		a[i] = src.NormFloat64()
	}
	for i := range b {
		b[i] = src.NormFloat64()
	}
	c := make([]float64, m*(n+pad))
	Dgemm(false, false, m, n, k, a, k+pad, b, n+pad, c, n+pad)
	want := naive(false, false, size{m, n, k}, a, k+pad, b, n+pad)
	for i := range m {
		for j := range n {
			if d := math.Abs(c[i*(n+pad)+j] - want[i*n+j]); d > 1e-12 {
				t.Fatalf("C[%d][%d] off by %g", i, j, d)
			}
		}
		for j := n; j < n+pad; j++ {
			if c[i*(n+pad)+j] != 0 {
				t.Fatalf("C[%d][%d] outside the product was written", i, j)
			}
		}
	}
}

func benchmark(b *testing.B, tA, tB bool, s size, f func(tA, tB bool, m, n, k int, a []float64, lda int, bb []float64, ldb int, c []float64, ldc int)) {
	src := rand.New(rand.NewPCG(4, 4))
	a, lda, bm, ldb := operands(src, tA, tB, s)
	c := make([]float64, s.m*s.n)
	b.SetBytes(int64(2 * s.m * s.n * s.k)) // flops, read as bytes: MB/s is Mflop/s
	for b.Loop() {
		f(tA, tB, s.m, s.n, s.k, a, lda, bm, ldb, c, s.n)
	}
}

// The products of one full-batch step of the scale workload (m = 60,000
// cut to 6,000 to keep a run short): W1·X and dZ1·Xᵀ.
func BenchmarkScaleNN(b *testing.B) { benchmark(b, false, false, size{64, 6000, 784}, Dgemm) }
func BenchmarkScaleNT(b *testing.B) { benchmark(b, false, true, size{64, 784, 6000}, Dgemm) }
func BenchmarkGonumNN(b *testing.B) { benchmark(b, false, false, size{64, 6000, 784}, Gonum) }
func BenchmarkGonumNT(b *testing.B) { benchmark(b, false, true, size{64, 784, 6000}, Gonum) }

// The products of a mini-batch step: batch 128.
func BenchmarkBatchNN(b *testing.B) { benchmark(b, false, false, size{64, 128, 784}, Dgemm) }
func BenchmarkBatchNT(b *testing.B) { benchmark(b, false, true, size{64, 784, 128}, Dgemm) }

// TestKernelsAgree holds every micro-kernel this CPU runs to the AVX2
// kernel bit for bit, through the packed product with its edge tiles,
// blocks of k and transposes: each element is the same chain of fused
// multiply-adds whatever the tile.
func TestKernelsAgree(t *testing.T) {
	if !hasKernel {
		t.Skip("no micro-kernel on this CPU")
	}
	ref := kernel{4, 12, kernel4x12}
	src := rand.New(rand.NewPCG(5, 5))
	for _, s := range []size{{1, 1, 1}, {1, 17, 3}, {8, 16, 1}, {9, 17, 257}, {7, 15, 256}, {64, 784, 600}, {97, 491, 513}, {200, 33, 40}} {
		for _, tr := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
			a, lda, b, ldb := operands(src, tr[0], tr[1], s)
			want := make([]float64, s.m*s.n)
			packed(ref, tr[0], tr[1], s.m, s.n, s.k, a, lda, b, ldb, want, s.n)
			got := make([]float64, s.m*s.n)
			packed(best, tr[0], tr[1], s.m, s.n, s.k, a, lda, b, ldb, got, s.n)
			for i := range got {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("%v %v: %d×%d kernel C[%d] = %v, 4×12 kernel %v", s, tr, best.mr, best.nr, i, got[i], want[i])
				}
			}
		}
	}
}
