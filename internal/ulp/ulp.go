// Package ulp counts the floating-point numbers between two values: the
// measure by which gradlab's accuracy tests hold a result to a reference
// ("within 4 ulps": at most three representable numbers lie between them).
// Unlike a relative error it stays meaningful for subnormal numbers and
// across zero.
package ulp

import "math"

// Float64 returns the number of steps from one float64 to the next between
// a and b, counting +0 and −0 as one point; +Inf if either is NaN.
func Float64(a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.Inf(1)
	}
	x, y := ordered64(a), ordered64(b)
	if (x < 0) != (y < 0) { // across zero: x − y could overflow
		return math.Abs(float64(x)) + math.Abs(float64(y))
	}
	if x < y {
		x, y = y, x
	}
	return float64(x - y)
}

// Float32 is Float64 for float32s.
func Float32(a, b float32) float64 {
	if a != a || b != b {
		return math.Inf(1)
	}
	d := ordered32(a) - ordered32(b)
	if d < 0 {
		d = -d
	}
	return float64(d)
}

// ordered64 maps x to an integer that orders as x does, one per float64,
// with ±0 at 0.
func ordered64(x float64) int64 {
	b := int64(math.Float64bits(x))
	if b < 0 {
		b = math.MinInt64 - b
	}
	return b
}

func ordered32(x float32) int64 {
	b := int64(int32(math.Float32bits(x)))
	if b < 0 {
		b = math.MinInt32 - b
	}
	return b
}
