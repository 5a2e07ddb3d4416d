package nprand

import "math"

// numpy's Gaussian takes the C library's log, which on glibc is correctly
// rounded in practice, while Go's math.Log may be one ulp off; through the
// polar method's square root and products that grows to several ulps. log
// evaluates the logarithm in double-double arithmetic (about 106 bits) and
// rounds once, so that it agrees with glibc's.

// dd is the unevaluated sum hi + lo of two float64s, |lo| ≤ ulp(hi)/2.
type dd struct{ hi, lo float64 }

func twoSum(a, b float64) dd {
	s := a + b
	v := s - a
	return dd{s, (a - (s - v)) + (b - v)}
}

func fastTwoSum(a, b float64) dd {
	s := a + b
	return dd{s, b - (s - a)}
}

func (a dd) add(b dd) dd {
	s := twoSum(a.hi, b.hi)
	t := twoSum(a.lo, b.lo)
	s = fastTwoSum(s.hi, s.lo+t.hi)
	return fastTwoSum(s.hi, s.lo+t.lo)
}

func (a dd) mul(b dd) dd {
	p := a.hi * b.hi
	e := math.FMA(a.hi, b.hi, -p) + a.hi*b.lo + a.lo*b.hi
	return fastTwoSum(p, e)
}

func (a dd) div(b dd) dd {
	q1 := a.hi / b.hi
	r := a.add(b.mul(dd{-q1, 0}))
	q2 := r.hi / b.hi
	r = r.add(b.mul(dd{-q2, 0}))
	q3 := r.hi / b.hi
	return fastTwoSum(q1, q2).add(dd{q3, 0})
}

// ln2 is log(2) to 106 bits.
var ln2 = dd{0.6931471805599453, 2.3190468138462996e-17}

// oddInverses[k] is 1/(2k+1) to 106 bits, the coefficients of
// log(m) = 2·atanh(s) = 2·Σ s^(2k+1)/(2k+1), s = (m−1)/(m+1).
var oddInverses = func() []dd {
	// |s| ≤ 0.1716 for m in [√½, √2): 22 terms reach 2^−106.
	c := make([]dd, 22)
	for k := range c {
		c[k] = dd{1, 0}.div(dd{float64(2*k + 1), 0})
	}
	return c
}()

// log returns the natural logarithm of a finite x > 0, correctly rounded
// but for ties closer than 2^−100.
func log(x float64) float64 {
	m, e := math.Frexp(x)
	if m < math.Sqrt2/2 {
		m *= 2
		e--
	}
	s := dd{m - 1, 0}.div(twoSum(m, 1)) // m−1 is exact: m is within a factor 2 of 1
	s2 := s.mul(s)
	p := oddInverses[len(oddInverses)-1]
	for k := len(oddInverses) - 2; k >= 0; k-- {
		p = p.mul(s2).add(oddInverses[k])
	}
	logm := s.mul(p).mul(dd{2, 0})
	return ln2.mul(dd{float64(e), 0}).add(logm).hi
}
