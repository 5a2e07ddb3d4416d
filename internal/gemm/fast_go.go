//go:build !openblas

package gemm

import "github.com/gradlab/gradlab/internal/par"

// large reports whether a product goes to the packed kernel: big enough
// that packing pays, and in both dimensions of C at least one 4×12 tile
// (the AVX2 kernel's), below which most of a tile would be padding. The
// bounds stay those of the AVX2 kernel whichever kernel runs, so that the
// products computed bit for bit as gonum's are the same on every CPU.
func large(m, n, k int) bool {
	return hasKernel && m >= 4 && n >= 12 && m*n*k >= 1<<20
}

// fast computes C = op(A)·op(B) with the packed kernel, splitting C
// between the cores: by columns when it is wide enough, else by rows. The
// numbers do not depend on the split: every element of C is summed in the
// same order, kc terms at a time.
func fast(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	mr, nr := best.mr, best.nr
	w := min(par.Workers(), max(n/(2*nr), m/(2*mr), 1))
	if m*n*k < 1<<23 || w <= 1 {
		packed(best, tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
		return
	}
	if n >= w*2*nr {
		// Column ranges in whole tiles.
		cols := (n/w + nr - 1) / nr * nr
		par.Split(w, func(lo, hi int) {
			for p := lo; p < hi; p++ {
				j0, j1 := p*cols, min((p+1)*cols, n)
				if j0 >= j1 {
					continue
				}
				bo := j0
				if tB {
					bo = j0 * ldb
				}
				packed(best, tA, tB, m, j1-j0, k, a, lda, b[bo:], ldb, c[j0:], ldc)
			}
		})
		return
	}
	rows := (m/w + mr - 1) / mr * mr
	par.Split(w, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			i0, i1 := p*rows, min((p+1)*rows, m)
			if i0 >= i1 {
				continue
			}
			ao := i0 * lda
			if tA {
				ao = i0
			}
			packed(best, tA, tB, i1-i0, n, k, a[ao:], lda, b, ldb, c[i0*ldc:], ldc)
		}
	})
}

// Chain reports whether Dgemm computes each element of an m×k by k×n
// product as one chain of fused multiply-adds over k in order, starting
// from zero: the packed kernel's sum when k is one block deep.
func Chain(m, n, k int) bool { return large(m, n, k) && k <= kc }
