package ulp

import (
	"math"
	"testing"
)

func TestFloat64(t *testing.T) {
	tiny := math.SmallestNonzeroFloat64
	for _, tc := range []struct {
		a, b, want float64
	}{
		{1, 1, 0},
		{1, math.Nextafter(1, 2), 1},
		{math.Nextafter(1, 2), 1, 1},
		{1, math.Nextafter(1, 0), 1},
		{0, math.Copysign(0, -1), 0},
		{tiny, -tiny, 2},
		{-tiny, 0, 1},
		{math.MaxFloat64, math.Inf(1), 1},
		{0, math.Inf(1), 0x7ff0000000000000},
		{math.Inf(-1), math.Inf(1), 2 * 0x7ff0000000000000},
		{math.NaN(), 1, math.Inf(1)},
		{1, math.NaN(), math.Inf(1)},
		{0x1p-1022, 0x1p-1022 - tiny, 1}, // normal to subnormal
	} {
		if got := Float64(tc.a, tc.b); got != tc.want {
			t.Errorf("Float64(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestFloat32(t *testing.T) {
	tiny := float32(math.SmallestNonzeroFloat32)
	nan := float32(math.NaN())
	for _, tc := range []struct {
		a, b float32
		want float64
	}{
		{1, 1, 0},
		{1, 1 + 0x1p-23, 1},
		{1 - 0x1p-24, 1, 1},
		{0, float32(math.Copysign(0, -1)), 0},
		{tiny, -tiny, 2},
		{-math.MaxFloat32, math.MaxFloat32, 2 * 0x7f7fffff},
		{nan, 1, math.Inf(1)},
		{1, nan, math.Inf(1)},
	} {
		if got := Float32(tc.a, tc.b); got != tc.want {
			t.Errorf("Float32(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
