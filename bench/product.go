package main

import (
	"time"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/internal/gemm"
)

// The product workloads of issue 20: the large matrix products of S alone,
// timed against numpy's np.dot on OpenBLAS (bench/numpy_bench.py), whose
// time is the machine's dgemm limit.
//
//	PNN  W1·X:    (64 × 784)·(784 × 60,000), the forward product
//	PNT  dZ1·Xᵀ:  (64 × 60,000)·(60,000 × 784), dW1
//	PTN  W1ᵀ·dZ1: (784 × 64)·(64 × 60,000), the product of dX
//
// Each is 3.0·10^9 multiply-adds. The operands are numpy's seed(0) rand −
// 0.5, stored as numpy stores them (row-major, transposes are views).
type product struct {
	tA, tB  bool
	m, n, k int
}

// productSteps is how many products a run times, after one untimed.
const productSteps = 5

func productOf(name string) (product, bool) {
	const nx, nh, m = 784, 64, 60000
	switch name {
	case "PNN":
		return product{false, false, nh, m, nx}, true
	case "PNT":
		return product{false, true, nh, nx, m}, true
	case "PTN":
		return product{true, false, nx, m, nh}, true
	}
	return product{}, false
}

// runProduct times productSteps products C = op(A)·op(B).
func runProduct(name string, p product) result {
	a, b, c := make([]float64, p.m*p.k), make([]float64, p.k*p.n), make([]float64, p.m*p.n)
	src := nprand.New(0)
	src.Rand(a)
	src.Rand(b)
	for i := range a {
		a[i] -= 0.5
	}
	for i := range b {
		b[i] -= 0.5
	}
	lda, ldb := p.k, p.n
	if p.tA {
		lda = p.m
	}
	if p.tB {
		ldb = p.k
	}
	mul := func() { gemm.Dgemm(p.tA, p.tB, p.m, p.n, p.k, a, lda, b, ldb, c, p.n) }
	mul()
	start := time.Now()
	for range productSteps {
		mul()
	}
	sec := time.Since(start).Seconds()
	return result{contender, name, productSteps, sec, c[0], peakRSS()}
}
