package nprand

import (
	"math"
	"testing"
)

// Values of log from Python's decimal module at 50 digits, rounded to the
// nearest float64: the first three are the draws where glibc's log rounds
// the other way (see TestGaussianStreams).
func TestLogCorrectlyRounded(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{
		{0.6914425245281446, -0.3689752484277},
		{0.9286246964480439, -0.07405060839346808},
		{0.3107342785906778, -1.1688171416951716},
		{1, 0},
		{0.5, -math.Ln2},
		{math.SmallestNonzeroFloat64, -744.4400719213812},
		{1 - 1.0/(1<<52), -2.2204460492503136e-16},
	} {
		if got := log(c.x); got != c.want {
			t.Errorf("log(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

// log must stay within an ulp of math.Log, which is itself within one.
func TestLogAgreesWithMathLog(t *testing.T) {
	for x := 1e-300; x < 1; x *= 1.37 {
		got, want := log(x), math.Log(x)
		if math.Abs(got-want) > math.Abs(want)*0x1p-52 {
			t.Fatalf("log(%v) = %v, math.Log = %v", x, got, want)
		}
	}
}
