package vmath

import (
	"math"
	"testing"
)

// The benchmarks run each function on 4,096 arguments of the range the
// exercise's network sees, against package math one element at a time.

func benchArgs() (dst, x []float64) {
	x = points(4096, 3)
	for i := range x {
		x[i] = math.Mod(x[i], 8) // finite and moderate: the vector path
		if math.IsNaN(x[i]) {
			x[i] = 0.5
		}
	}
	return make([]float64, len(x)), x
}

func positive(x []float64) []float64 {
	p := make([]float64, len(x))
	for i, v := range x {
		p[i] = math.Abs(v) + 1e-3
	}
	return p
}

func BenchmarkExp(b *testing.B) {
	dst, x := benchArgs()
	for b.Loop() {
		Exp(dst, x)
	}
}

func BenchmarkMathExp(b *testing.B) {
	dst, x := benchArgs()
	for b.Loop() {
		for i, v := range x {
			dst[i] = math.Exp(v)
		}
	}
}

func BenchmarkLog(b *testing.B) {
	dst, x := benchArgs()
	x = positive(x)
	for b.Loop() {
		Log(dst, x)
	}
}

func BenchmarkMathLog(b *testing.B) {
	dst, x := benchArgs()
	x = positive(x)
	for b.Loop() {
		for i, v := range x {
			dst[i] = math.Log(v)
		}
	}
}

func BenchmarkClampedLog(b *testing.B) {
	dst, x := benchArgs()
	x = positive(x)
	for b.Loop() {
		ClampedLog(dst, x, -100)
	}
}

func BenchmarkTanh(b *testing.B) {
	dst, x := benchArgs()
	for b.Loop() {
		Tanh(dst, x)
	}
}

func BenchmarkMathTanh(b *testing.B) {
	dst, x := benchArgs()
	for b.Loop() {
		for i, v := range x {
			dst[i] = math.Tanh(v)
		}
	}
}
