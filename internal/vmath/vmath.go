package vmath

import "math"

// Exp sets dst[i] = math.Exp(x[i]) for every i < len(dst). x must be at
// least as long as dst.
func Exp(dst, x []float64) { blocks(dst, x, expAVX2, math.Exp) }

// Log sets dst[i] = math.Log(x[i]) for every i < len(dst). x must be at
// least as long as dst.
func Log(dst, x []float64) { blocks(dst, x, logAVX2, math.Log) }

// blocks runs vec, one of the vector functions that stop at a block with
// a lane outside their range, over x into dst, and f on such blocks and on
// the tail.
func blocks(dst, x []float64, vec func(dst, x []float64) int, f func(float64) float64) {
	x = x[:len(dst)]
	i := 0
	if useAVX2 {
		for len(dst)-i >= lanes {
			i += vec(dst[i:], x[i:])
			// The block at i, if any, has a lane outside the vector
			// code's range: an overflow, an underflow, a NaN, a zero or
			// a subnormal.
			for end := min(i+lanes, len(dst)); i < end; i++ {
				dst[i] = f(x[i])
			}
		}
	}
	for ; i < len(dst); i++ {
		dst[i] = f(x[i])
	}
}

// ClampedLog sets dst[i] = math.Max(math.Log(x[i]), floor) for every
// i < len(dst), with the logarithm of Log. x must be at least as long as
// dst.
func ClampedLog(dst, x []float64, floor float64) {
	x = x[:len(dst)]
	i := 0
	if useAVX2 {
		for len(dst)-i >= lanes {
			i += clampedLogAVX2(dst[i:], x[i:], floor)
			for end := min(i+lanes, len(dst)); i < end; i++ {
				dst[i] = math.Max(math.Log(x[i]), floor)
			}
		}
	}
	for ; i < len(dst); i++ {
		dst[i] = math.Max(math.Log(x[i]), floor)
	}
}

// Tanh sets dst[i] = math.Tanh(x[i]) for every i < len(dst). x must be at
// least as long as dst.
func Tanh(dst, x []float64) {
	x = x[:len(dst)]
	i := 0
	if useAVX2 {
		i = len(dst) / lanes * lanes
		tanhAVX2(dst[:i], x[:i])
	}
	for ; i < len(dst); i++ {
		dst[i] = math.Tanh(x[i])
	}
}

// lanes is the number of float64s in a vector of the AVX2 code.
const lanes = 4
