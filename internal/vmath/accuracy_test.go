package vmath

import (
	"flag"
	"math"
	"math/big"
	"os"
	"strconv"
	"strings"
	"testing"
)

var accuracyPoints = flag.Int("vmath.points", 5000, "arguments per function in TestAccuracy (millions for the figures of the package doc)")

// prec is the precision of the reference (computed at prec+40 bits): far
// beyond float64's 53, so that its own error is negligible next to an ulp.
const prec = 160

// maxULPs are the largest errors the package doc states, in ulps.
var maxULPs = map[string]float64{"Exp": 1.9, "Log": 0.8, "Tanh": 1.35}

// TestAccuracy measures each function's error in ulps against a math/big
// reference at 200 bits, over the edges and points of points(), and fails
// above the bound the package doc states.
func TestAccuracy(t *testing.T) {
	n := *accuracyPoints
	if testing.Short() {
		n = 2000
	}
	for _, c := range []struct {
		name string
		f    func(dst, x []float64)
		ref  func(x float64) *big.Float
		in   func(x float64) bool // the arguments with a finite, nonzero reference
	}{
		{"Exp", Exp, bigExp, func(x float64) bool { return x > -745 && x < 709.43 }},
		{"Log", Log, bigLog, func(x float64) bool { return x >= 0x1p-1022 && x <= math.MaxFloat64 }}, // see the package doc on subnormals
		{"Tanh", Tanh, bigTanh, func(x float64) bool { return x != 0 && math.Abs(x) <= math.MaxFloat64 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			var xs []float64
			for _, x := range points(4*n, 11) {
				if c.in(x) {
					xs = append(xs, x)
				}
			}
			xs = xs[:min(n, len(xs))]
			got := make([]float64, len(xs))
			c.f(got, xs)
			worst, at := 0.0, 0.0
			for i, x := range xs {
				if e := math.Abs(ulps(got[i], c.ref(x))); e > worst || math.IsNaN(e) {
					worst, at = e, x
				}
			}
			t.Logf("%s: largest error %.3f ulps, at %v, over %d points", c.name, worst, at, len(xs))
			if !(worst <= maxULPs[c.name]) {
				t.Errorf("%s(%v) is %.3f ulps off; the package doc says at most %.2f", c.name, at, worst, maxULPs[c.name])
			}
		})
	}
}

// ulps returns got − ref in units of the last place of ref as a float64:
// 2^(e−52) for ref in [2^e, 2^(e+1)), and 2^−1074 below the normal range.
func ulps(got float64, ref *big.Float) float64 {
	if math.IsInf(got, 0) || math.IsNaN(got) {
		return math.Inf(1)
	}
	exp := ref.MantExp(nil) - 1 // ref in [2^exp, 2^(exp+1))
	ulp := new(big.Float).SetMantExp(big.NewFloat(1), max(exp-52, -1074))
	d := new(big.Float).SetPrec(prec).Sub(new(big.Float).SetFloat64(got), ref)
	d.Quo(d, ulp)
	f, _ := d.Float64()
	return f
}

var ln2 = func() *big.Float {
	// ln 2 = Σ_{k≥1} 1/(k·2^k).
	s := newBig()
	for k := 1; k < prec+60; k++ {
		term := newBig().SetInt64(1)
		term.SetMantExp(term, -k) // SetMantExp keeps its argument's precision
		term.Quo(term, new(big.Float).SetInt64(int64(k)))
		s.Add(s, term)
	}
	return s
}()

func newBig() *big.Float { return new(big.Float).SetPrec(prec + 40) }

// bigExp returns e^x: x = k·ln 2 + r, e^r by its Taylor series on r/256,
// squared eight times.
func bigExp(x float64) *big.Float { return bigExpOf(newBig().SetFloat64(x)) }

func bigExpOf(x *big.Float) *big.Float {
	q, _ := newBig().Quo(x, ln2).Float64()
	k := math.Round(q)
	r := newBig().Sub(x, newBig().Mul(newBig().SetFloat64(k), ln2))
	r.SetMantExp(r, -8)
	sum, term := newBig().SetInt64(1), newBig().SetInt64(1)
	for i := int64(1); i < 60; i++ {
		term.Mul(term, r)
		term.Quo(term, newBig().SetInt64(i))
		sum.Add(sum, term)
		if term.Sign() == 0 || term.MantExp(nil) < -prec-40 {
			break
		}
	}
	for range 8 {
		sum.Mul(sum, sum)
	}
	return sum.SetMantExp(sum, int(k))
}

// bigLog returns ln x, x normal, by Newton's method on e^y = x from
// math.Log's value: y ← y + x·e^−y − 1, each step doubling the correct bits.
func bigLog(x float64) *big.Float {
	bx := newBig().SetFloat64(x)
	y := newBig().SetFloat64(math.Log(x))
	for range 3 {
		e := bigExpOf(newBig().Neg(y))
		e.Mul(e, bx)
		e.Sub(e, newBig().SetInt64(1))
		y.Add(y, e)
	}
	return y
}

// bigTanh returns tanh x = (e^2x − 1)/(e^2x + 1), or its series
// x − x³/3 + 2x⁵/15 where |x| < 2^−30 and the quotient would cancel.
func bigTanh(x float64) *big.Float {
	bx := newBig().SetFloat64(x)
	if math.Abs(x) < 0x1p-30 {
		x2 := newBig().Mul(bx, bx)
		x3 := newBig().Mul(x2, bx)
		x5 := newBig().Mul(x3, x2)
		s := newBig().Sub(bx, newBig().Quo(x3, newBig().SetInt64(3)))
		return s.Add(s, newBig().Quo(newBig().Mul(x5, newBig().SetInt64(2)), newBig().SetInt64(15)))
	}
	if math.Abs(x) > 400 {
		return newBig().SetFloat64(math.Copysign(1, x)) // 1 − tanh|x| < 2^−1000
	}
	e := bigExpOf(newBig().SetMantExp(bx, 1))
	num := newBig().Sub(e, newBig().SetInt64(1))
	return num.Quo(num, e.Add(e, newBig().SetInt64(1)))
}

// TestReference checks the math/big reference against mpmath's values of
// testdata/reference.txt (written by testdata/mpmath_points.py): to 1e-40
// relative, far below the 1e-16 of an ulp.
func TestReference(t *testing.T) {
	data, err := os.ReadFile("testdata/reference.txt")
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string]func(float64) *big.Float{"exp": bigExp, "log": bigLog, "tanh": bigTanh}
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 || strings.HasPrefix(line, "#") {
			continue
		}
		x, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		want, _, err := big.ParseFloat(f[2], 10, prec+40, big.ToNearestEven)
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		got := refs[f[0]](x)
		d := newBig().Sub(got, want)
		d.Quo(d, want)
		if rel, _ := d.Float64(); math.Abs(rel) > 1e-40 {
			t.Errorf("%s(%v): reference %v, mpmath %v (relative %g)", f[0], x, got.Text('g', 45), f[2], rel)
		}
		n++
	}
	if n < 20 {
		t.Fatalf("only %d reference values read", n)
	}
}
