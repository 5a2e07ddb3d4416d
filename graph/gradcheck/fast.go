package gradcheck

import (
	"math"
	"math/rand/v2"
)

// fast runs the Fast mode: k directional checks per node.
func (ch *checker) fast() error {
	rng := rand.New(rand.NewPCG(ch.s.Seed, ch.s.Seed^0x9e3779b97f4a7c15))
	r := ch.r
	var diff2, a2, n2 float64
	for ti, t := range ch.targets {
		nr := ch.nodeReport(t)
		var dirs [][]float64
		var d2, g2, m2, tol float64
		for k := 0; k < ch.s.Directions; k++ {
			u := unitVector(rng, t.len())
			dirs = append(dirs, u)
			num, err := ch.directional(t, u)
			if err != nil {
				return err
			}
			a := dot(u, t.grad)
			dir := Direction{Analytic: a, Numeric: num, Tolerance: ch.s.Atol + ch.s.Rtol*abs(num)}
			dir.Passed = abs(a-num) <= dir.Tolerance
			nr.Directions = append(nr.Directions, dir)
			tol += dir.Tolerance
			e := newElement(t.node.Name(), []int{k}, a, num)
			if e.AbsErr > nr.MaxAbs || k == 0 {
				nr.MaxAbs, nr.Worst = e.AbsErr, e
			}
			nr.MaxRel = max(nr.MaxRel, e.RelErr)
			d2, g2, m2 = d2+e.AbsErr*e.AbsErr, g2+a*a, m2+num*num
			r.Checked++
			if !dir.Passed {
				ch.excluded[ti][k] = true
				r.FailedCount++
				r.Failed = ch.add(r.Failed, e)
			}
		}
		nr.Difference = relNorm(d2, g2, m2)
		nr.Detectable = detectable(tol/float64(ch.s.Directions), t.len(), ch.s.Directions)
		diff2, a2, n2 = diff2+d2, a2+g2, n2+m2
		ch.dirs = append(ch.dirs, dirs)
		r.Nodes = append(r.Nodes, nr)
	}
	r.Difference = relNorm(diff2, a2, n2)
	r.Passed = r.FailedCount == 0
	if ch.s.Sensitivity {
		r.Sensitivity = ch.sensitivity()
	}
	return nil
}

// directional estimates uᵀ∇J of t with central differences along u.
func (ch *checker) directional(t *target, u []float64) (float64, error) {
	orig := make([]float64, t.len())
	for i := range orig {
		orig[i] = t.get(i)
	}
	defer func() {
		for i, x := range orig {
			t.set(i, x)
		}
	}()
	move := func(sign float64) (float64, error) {
		for i, x := range orig {
			t.set(i, x+sign*ch.s.Eps*u[i])
		}
		return ch.cost()
	}
	jp, err := move(1)
	if err != nil {
		return 0, ch.errAt(t, 0, err)
	}
	jm, err := move(-1)
	if err != nil {
		return 0, ch.errAt(t, 0, err)
	}
	return (jp - jm) / (2 * ch.s.Eps), nil
}

// unitVector draws a direction uniformly on the unit sphere of n dimensions.
func unitVector(rng *rand.Rand, n int) []float64 {
	u := make([]float64, n)
	var s float64
	for s == 0 {
		for i := range u {
			u[i] = rng.NormFloat64()
			s += u[i] * u[i]
		}
	}
	s = math.Sqrt(s)
	for i := range u {
		u[i] /= s
	}
	return u
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// DetectionProbability is the probability that k directional checks of
// tolerance tol find an error delta in one element of a node of n
// elements: 1 − (1 − P(|Z| > tol·√n/|delta|))^k, Z standard normal, taking
// an element of a uniform unit direction as N(0, 1/n).
func DetectionProbability(delta, tol float64, n, k int) float64 {
	if abs(delta) <= tol {
		return 0
	}
	x := tol * math.Sqrt(float64(n)) / abs(delta)
	miss := math.Erf(x / math.Sqrt2) // P(|Z| ≤ x)
	return 1 - math.Pow(miss, float64(k))
}

// detectable is the error in one element that k directions of tolerance
// tol find with probability 0.99 in a node of n elements.
func detectable(tol float64, n, k int) float64 {
	x := math.Sqrt2 * math.Erfinv(math.Pow(0.01, 1/float64(k))) // P(|Z| ≤ x)^k = 0.01
	return max(tol*math.Sqrt(float64(n))/x, tol)
}
