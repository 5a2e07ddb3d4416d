package vmath

import "math"

// Exp sets dst[i] = math.Exp(x[i]) for every i < len(dst). x must be at
// least as long as dst.
func Exp(dst, x []float64) { blocks(dst, x, expAVX512, expAVX2, math.Exp) }

// Log sets dst[i] = math.Log(x[i]) for every i < len(dst). x must be at
// least as long as dst.
func Log(dst, x []float64) { blocks(dst, x, logAVX512, logAVX2, math.Log) }

// blocks runs vec8 (with AVX-512) or vec4 (with AVX2), vector functions
// that stop at the first block with a lane outside their range, over x
// into dst, and f on such blocks and on the tail.
func blocks(dst, x []float64, vec8, vec4 func(dst, x []float64) int, f func(float64) float64) {
	x = x[:len(dst)]
	i := 0
	if useAVX512 {
		for len(dst)-i >= 2*lanes {
			i += vec8(dst[i:], x[i:])
			i = scalar(dst, x, i, 2*lanes, f)
		}
	}
	if useAVX2 {
		for len(dst)-i >= lanes {
			i += vec4(dst[i:], x[i:])
			i = scalar(dst, x, i, lanes, f)
		}
	}
	scalar(dst, x, i, len(dst)-i, f)
}

// scalar sets dst[j] = f(x[j]) for the n elements from i on, or those
// there are, and returns the index after them: for a block the vector
// code left, with a lane outside its range (an overflow, an underflow, a
// NaN, a zero or a subnormal), and for the tail.
func scalar(dst, x []float64, i, n int, f func(float64) float64) int {
	end := min(i+n, len(dst))
	for ; i < end; i++ {
		dst[i] = f(x[i])
	}
	return i
}

// ClampedLog sets dst[i] = math.Max(math.Log(x[i]), floor) for every
// i < len(dst). x must be at least as long as dst.
func ClampedLog(dst, x []float64, floor float64) {
	x = x[:len(dst)]
	i := 0
	if useAVX512 {
		for len(dst)-i >= 2*lanes {
			i += clampedLogAVX512(dst[i:], x[i:], floor)
			for end := min(i+2*lanes, len(dst)); i < end; i++ {
				dst[i] = math.Max(math.Log(x[i]), floor)
			}
		}
	}
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
	if useAVX512 {
		i = len(dst) / (2 * lanes) * (2 * lanes)
		tanhAVX512(dst[:i], x[:i])
	}
	if useAVX2 {
		n := (len(dst) - i) / lanes * lanes
		tanhAVX2(dst[i:i+n], x[i:i+n])
		i += n
	}
	for ; i < len(dst); i++ {
		dst[i] = math.Tanh(x[i])
	}
}

// lanes is the number of float64s in a vector of the AVX2 code; the
// AVX-512 code has twice as many.
const lanes = 4
