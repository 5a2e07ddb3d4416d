package gemm

// large reports whether a product is worth the fast kernel.
func large(m, n, k int) bool { return false }

func fast(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	Gonum(tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
}
