package optim

import (
	"math"

	"gorgonia.org/gorgonia"
)

// Momentum and Adam are written here, each operation rounded where
// gorgonia v0.9.18's Momentum and AdamSolver round it, so that their
// numbers stay gorgonia's to the last bit (gorgonia_test.go holds them to
// it) while their state is optim's own, which State exports. Unlike the
// rules of rules.go, the state has the parameter's dtype and the
// arithmetic is done in it, as gorgonia's tensor operations do it. The
// explicit conversions float64(x*y) and float32(x*y) round a product
// before a sum where gorgonia's separate passes store it; a sum written
// z += x*y is left for the compiler to fuse or not, as it does gorgonia's
// own loop.

// momentum is gorgonia's Momentum: v ← μ·v − η·g; w ← w + v.
type momentum struct {
	eta, mu float64
	v       []slot // the velocity, per parameter
}

func (r *momentum) update(_ []gorgonia.ValueGrad, ps []param) error {
	if r.v == nil {
		r.v = newSlots(ps)
	}
	negEta, mu := -r.eta, r.mu
	negEta32, mu32 := float32(-r.eta), float32(r.mu)
	for i, p := range ps {
		v := r.v[i]
		for k, g := range p.g64 {
			v.f64[k] = float64(v.f64[k]*mu) + float64(g*negEta)
			p.w64[k] += v.f64[k]
		}
		for k, g := range p.g32 {
			v.f32[k] = float32(v.f32[k]*mu32) + float32(g*negEta32)
			p.w32[k] += v.f32[k]
		}
		clear(p.g64)
		clear(p.g32)
	}
	return nil
}

// adam is gorgonia's AdamSolver, Kingma and Ba's Adam:
// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
// w ← w + (−η·m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε).
type adam struct {
	eta, beta1, beta2, eps float64
	t                      int    // steps taken
	m, v                   []slot // the moments, per parameter
}

func (r *adam) update(_ []gorgonia.ValueGrad, ps []param) error {
	if r.m == nil {
		r.m, r.v = newSlots(ps), newSlots(ps)
	}
	r.t++
	c1 := 1 - math.Pow(r.beta1, float64(r.t))
	c2 := 1 - math.Pow(r.beta2, float64(r.t))
	for i, p := range ps {
		if p.is32 {
			r.step32(p, r.m[i].f32, r.v[i].f32, c1, c2)
		} else {
			r.step64(p, r.m[i].f64, r.v[i].f64, c1, c2)
		}
	}
	return nil
}

// step64 is gorgonia's float64 arithmetic: t₁ = g·(1−β₁), t₂ = g·g·(1−β₂),
// each rounded; then m·β₁ + t₁ and v·β₂ + t₂ as its incrementing multiply
// computes them: in one loop, which compilers may fuse, except for a
// parameter of one element, where gorgonia multiplies in a separate pass.
func (r *adam) step64(p param, m, v []float64, c1, c2 float64) {
	b1, b2, omb1, omb2 := r.beta1, r.beta2, 1-r.beta1, 1-r.beta2
	inv1, inv2, negEta, eps := 1/c1, 1/c2, -r.eta, r.eps
	one := len(p.g64) == 1
	for k, g := range p.g64 {
		t1 := float64(g * omb1)
		t2 := float64(float64(g*g) * omb2)
		if one {
			t1 += float64(m[k] * b1)
			t2 += float64(v[k] * b2)
		} else {
			t1 += m[k] * b1
			t2 += v[k] * b2
		}
		m[k], v[k] = t1, t2
		up := float64(float64(t1*inv1)*negEta) / (math.Sqrt(float64(t2*inv2)) + eps)
		p.w64[k] += up
	}
	clear(p.g64)
}

// step32 is step64 in float32, with gorgonia's float32 constants: each
// hyper-parameter rounded to float32 first, 1−β and 1/(1−βᵗ) computed
// from the rounded values.
func (r *adam) step32(p param, m, v []float32, c1, c2 float64) {
	b1, b2 := float32(r.beta1), float32(r.beta2)
	omb1, omb2 := 1-b1, 1-b2
	inv1, inv2 := 1/float32(c1), 1/float32(c2)
	negEta, eps := -float32(r.eta), float32(r.eps)
	one := len(p.g32) == 1
	for k, g := range p.g32 {
		t1 := float32(g * omb1)
		t2 := float32(float32(g*g) * omb2)
		if one {
			t1 += float32(m[k] * b1)
			t2 += float32(v[k] * b2)
		} else {
			t1 += m[k] * b1
			t2 += v[k] * b2
		}
		m[k], v[k] = t1, t2
		// A float32 square root through float64 is correctly rounded, as
		// gorgonia's math32.Sqrt is.
		up := float32(float32(t1*inv1)*negEta) / (float32(math.Sqrt(float64(float32(t2*inv2)))) + eps)
		p.w32[k] += up
	}
	clear(p.g32)
}

// slot is one parameter's share of a rule's state, in its dtype.
type slot struct {
	f64 []float64
	f32 []float32
}

// newSlots returns a zero state for each parameter, in its dtype.
func newSlots(ps []param) []slot {
	out := make([]slot, len(ps))
	for i, p := range ps {
		if p.is32 {
			out[i].f32 = make([]float32, len(p.w32))
		} else {
			out[i].f64 = make([]float64, len(p.w64))
		}
	}
	return out
}
