// Package vmath computes elementary functions over slices of float64: the
// exponential, the natural logarithm, a logarithm clamped from below and
// the hyperbolic tangent, with AVX-512 eight elements at a time or AVX2
// and FMA four at a time where the CPU has them (chosen when the program
// starts), and one at a time in Go elsewhere.
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
// What package math gets wrong, this package gets wrong the same way. Two
// cases on amd64 (Go 1.26): math.Log takes the logarithm of a subnormal x
// as if x were normal (math.Log(5e-324) is −709.09, not −744.44), and
// math.Exp overflows to +Inf from x ≈ 709.437 on, below the true threshold
// 709.7827.
//
// # Accuracy
//
// Measured against a reference computed with math/big to 200 bits
// (accuracy_test.go; TestReference holds it to mpmath's values in
// testdata/reference.txt, from testdata/mpmath_points.py, to 1e-40), over 2,000,000 points each of the edges and of
// arguments spread over the whole float64 range, over moderate values and
// near 1 (go test -run Accuracy -vmath.points=2000000), the largest errors
// were: Exp 1.87 ulps (at 1.0000003332728509), Log 0.79 ulps (normal x),
// Tanh 1.34 ulps (at 0.63019, just above the switch to the exp form at
// 0.625). These are package math's errors, since the numbers are its
// numbers; the test fails above 1.9, 0.8 and 1.35.
package vmath
