// Package vmath computes elementary functions over slices of float64: the
// exponential, the natural logarithm, a logarithm clamped from below and
// the hyperbolic tangent, with AVX2 and FMA four elements at a time where
// the CPU has them (chosen when the program starts), and one at a time in
// Go elsewhere.
//
// # The same numbers as package math
//
// The vector code is the standard library's own amd64 algorithms (the
// assembly of math.Exp and math.Log, and the Go of math.Tanh) performed
// lane by lane with the same operations in the same order, so every
// element is bit for bit what package math returns on the same machine:
// Exp(dst, x) sets dst[i] = math.Exp(x[i]), and so on. A program that
// moves its elementwise functions onto this package computes the same
// numbers, only faster. The tests compare every function with package
// math over millions of points and the edges (zeros, subnormals, the
// overflow and underflow thresholds, ±Inf and NaN).
//
// The one difference is a fix: math.Log on amd64 (its assembly, Go 1.26)
// takes the logarithm of a subnormal x as if x were normal (math.Log of
// 5e-324 is −709.09, not −744.44), and Log here returns the right value
// there; for every other x it is math.Log's.
//
// # Accuracy
//
// Measured against a reference computed with math/big to 128 bits
// (accuracy_test.go, run with -vmath.points for millions of points), the
// largest errors are below 1 ulp: Exp 0.51, Log 0.50, Tanh 1.3 ulps
// (tanh near ±0.625, where 1 − 2/(e^{2|x|}+1) loses a bit to the
// subtraction). These are package math's errors, since the numbers are its
// numbers.
package vmath
