//go:build openblas

package gemm

import "gonum.org/v1/netlib/blas/netlib"

// With the openblas build tag, large products go to OpenBLAS through
// gonum's netlib wrapper (cgo; link with CGO_LDFLAGS=-lopenblas). Small
// ones stay gonum's, bit for bit, so the exercise's numbers are the same in
// both builds.

// large reports whether a product goes to OpenBLAS: big enough that the
// cgo call and OpenBLAS's threads pay.
func large(m, n, k int) bool { return m*n*k >= 1<<20 }

func fast(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	netlib.Implementation{}.Dgemm(trans(tA), trans(tB), m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
}

// Chain reports whether Dgemm computes each element of an m×k by k×n
// product as one chain of fused multiply-adds over k in order, starting
// from zero: never known of OpenBLAS.
func Chain(m, n, k int) bool { return false }
