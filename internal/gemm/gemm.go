// Package gemm multiplies float64 matrices for gradlab's graph machine.
//
// Small products are computed exactly as gonum's Dgemm computes them, so
// that the exercise's numbers do not move, but without the goroutines gonum
// starts for every product of four or more 64×64 blocks of C: for the
// exercise's 4×400 products they cost more than the arithmetic. Large
// products go to a faster kernel: the package's own (AVX2 and FMA) in the
// default build, OpenBLAS in a build with the openblas tag.
package gemm

import (
	"github.com/gradlab/gradlab/internal/par"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// gonum's block size and the number of blocks from which its Dgemm goes
// parallel (gonum/blas/gonum/gonum.go).
const (
	blockSize   = 64
	minParBlock = 4
)

// Dgemm sets C = op(A)·op(B) for row-major matrices, op(A) m×k, op(B) k×n
// and C m×n, where op transposes its matrix when tA or tB is set. lda, ldb
// and ldc are the row strides of A, B and C as stored. The slices must be
// long enough for the sizes; the caller checks that.
func Dgemm(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if large(m, n, k) {
		fast(tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
		return
	}
	Gonum(tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
}

// Gonum computes what gonum's Dgemm computes with α = 1 and β = 0, bit for
// bit: C is split into the same 64×64 blocks, each block accumulates over
// the same 64-long slices of k in the same order, so every element sees
// the same operations. Blocks run in parallel only when the product is
// large enough to pay for the goroutines; which goroutine computes a block
// does not change its numbers.
func Gonum(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	impl := gonum.Implementation{}
	ta, tb := trans(tA), trans(tB)
	bi, bj := blocks(m), blocks(n)
	if bi*bj < minParBlock {
		if m*n*k >= minSplit && !(tA && tB) {
			gonumSplit(tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
			return
		}
		impl.Dgemm(ta, tb, m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
		return
	}
	for i := 0; i < m; i++ {
		clear(c[i*ldc : i*ldc+n])
	}
	nb := bi * bj
	if m*n*k < par.Grain*blockSize {
		for blk := range nb {
			gonumBlock(blk, tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
		}
		return
	}
	par.Split(nb, func(lo, hi int) {
		for blk := lo; blk < hi; blk++ {
			gonumBlock(blk, tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
		}
	})
}

// minSplit is the least number of multiply-adds of a product too small
// for gonum's blocks for which gonumSplit splits it between the cores.
const minSplit = 1 << 18

// gonumSplit computes what gonum's serial Dgemm computes (α = 1, β = 0)
// with the same calls of its vector kernels, divided between the cores:
// for A·Bᵀ each element is a dot product of a row of A and one of B, and
// the elements are divided; for A·B and Aᵀ·B each row of C accumulates
// the rows of B scaled by A's elements that are not zero, and the columns
// are divided. Every element sees the same operations in the same order.
// These are the products with a dimension far longer than the others,
// such as dW = dZ·Xᵀ of a layer of 4 on 400,000 examples, whose serial
// loops leave a core idle.
func gonumSplit(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	impl := gonum.Implementation{}
	if tB {
		par.Split(m*n, func(lo, hi int) {
			for e := lo; e < hi; e++ {
				i, j := e/n, e%n
				c[i*ldc+j] = 0
				c[i*ldc+j] += impl.Ddot(k, a[i*lda:], 1, b[j*ldb:], 1)
			}
		})
		return
	}
	par.For(n, func(j0, j1 int) {
		w := j1 - j0
		for i := range m {
			ci := c[i*ldc+j0 : i*ldc+j1]
			clear(ci)
			for l := range k {
				v := a[i*lda+l]
				if tA {
					v = a[l*lda+i]
				}
				if v != 0 {
					impl.Daxpy(w, v, b[l*ldb+j0:], 1, ci, 1)
				}
			}
		}
	})
}

// gonumBlock computes block blk, in row-major order, of C as one of
// gonum's goroutines does.
func gonumBlock(blk int, tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	bj := blocks(n)
	i, j := (blk/bj)*blockSize, (blk%bj)*blockSize
	li, lj := min(blockSize, m-i), min(blockSize, n-j)
	cs := view(c, ldc, i, j, li, lj)
	for l := 0; l < k; l += blockSize {
		ll := min(blockSize, k-l)
		var as, bs []float64
		if tA {
			as = view(a, lda, l, i, ll, li)
		} else {
			as = view(a, lda, i, l, li, ll)
		}
		if tB {
			bs = view(b, ldb, j, l, lj, ll)
		} else {
			bs = view(b, ldb, l, j, ll, lj)
		}
		// β = 1 accumulates; a single block is below gonum's parallel
		// threshold, so this runs gonum's serial kernel.
		gonum.Implementation{}.Dgemm(trans(tA), trans(tB), li, lj, ll, 1, as, lda, bs, ldb, 1, cs, ldc)
	}
}

func blocks(n int) int { return (n + blockSize - 1) / blockSize }

// view is gonum's sliceView64: the r×c block at (i, j) of a matrix with
// row stride ld.
func view(a []float64, ld, i, j, r, c int) []float64 {
	return a[i*ld+j : (i+r-1)*ld+j+c]
}

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// Exact reports whether Dgemm computes an m×k by k×n product bit for bit
// as gonum's Dgemm does; larger products are rounded differently by the
// faster kernel.
func Exact(m, n, k int) bool { return !large(m, n, k) }

// AxpyFMA sets y[i] = fma(alpha, x[i], y[i]), rounded once, for every i <
// len(y): one step, for a row of C, of the chain of fused multiply-adds
// that Dgemm computes when Chain reports so. x must be at least as long as
// y; it must not be called unless Chain has reported true for some size.
func AxpyFMA(alpha float64, x, y []float64) {
	if len(y) == 0 {
		return
	}
	_ = x[len(y)-1]
	axpyFMA(alpha, &x[0], &y[0], len(y))
}
