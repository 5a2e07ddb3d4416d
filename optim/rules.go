package optim

import (
	"math"

	"gorgonia.org/gorgonia"
)

// gradientDescent is w ← w − η·g, rounded as gorgonia's VanillaSolver
// rounds it: the gradient is scaled by −η, in the parameter's dtype, and
// the product rounded before it is added. It allocates nothing.
type gradientDescent struct{ eta float64 }

func (r gradientDescent) update(_ []gorgonia.ValueGrad, ps []param) error {
	neg, neg32 := -r.eta, float32(-r.eta)
	for _, p := range ps {
		// The conversions round each product before the sum, as the
		// VanillaSolver's two passes do, on platforms that would fuse them.
		for i, g := range p.g64 {
			p.w64[i] += float64(g * neg)
		}
		for i, g := range p.g32 {
			p.w32[i] += float32(g * neg32)
		}
		clear(p.g64)
		clear(p.g32)
	}
	return nil
}

// The rules below are written here because gorgonia v0.9.18's are wrong
// (see the package documentation and gorgonia_test.go). Each follows the
// algorithm as PyTorch's documentation writes it; the state is kept in
// float64 for float32 parameters too.

// adaGrad is Duchi et al.'s AdaGrad: G += g²; w −= η·g / (√G + ε).
type adaGrad struct {
	eta, eps float64
	sum      [][]float64 // G, per parameter
}

func (r *adaGrad) update(_ []gorgonia.ValueGrad, ps []param) error {
	if r.sum == nil {
		r.sum = zeros(ps)
	}
	for i, p := range ps {
		sum := r.sum[i]
		p.apply(func(k int, w, g float64) float64 {
			sum[k] += g * g
			return w - r.eta*g/(math.Sqrt(sum[k])+r.eps)
		})
	}
	return nil
}

// rmsProp is Hinton's RMSProp: s = ρs + (1−ρ)g²; w −= η·g / (√s + ε).
// gorgonia's puts ε inside the root, √(s+ε), which gives a different first
// step for gradients near √ε and below.
type rmsProp struct {
	eta, rho, eps float64
	sq            [][]float64 // s, per parameter
}

func (r *rmsProp) update(_ []gorgonia.ValueGrad, ps []param) error {
	if r.sq == nil {
		r.sq = zeros(ps)
	}
	for i, p := range ps {
		sq := r.sq[i]
		p.apply(func(k int, w, g float64) float64 {
			sq[k] = r.rho*sq[k] + (1-r.rho)*g*g
			return w - r.eta*g/(math.Sqrt(sq[k])+r.eps)
		})
	}
	return nil
}

// adamW is Loshchilov and Hutter's AdamW: the weight decays by η·λ·w,
// apart from the gradient, then takes Adam's step
// −η·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ) and v̂ = v/(1−β₂ᵗ).
type adamW struct {
	eta, beta1, beta2, eps, decay float64
	t                             int
	m, v                          [][]float64 // moments, per parameter
}

func (r *adamW) update(_ []gorgonia.ValueGrad, ps []param) error {
	if r.m == nil {
		r.m, r.v = zeros(ps), zeros(ps)
	}
	r.t++
	c1 := 1 - math.Pow(r.beta1, float64(r.t))
	c2 := 1 - math.Pow(r.beta2, float64(r.t))
	for i, p := range ps {
		m, v := r.m[i], r.v[i]
		p.apply(func(k int, w, g float64) float64 {
			w -= r.eta * r.decay * w
			m[k] = r.beta1*m[k] + (1-r.beta1)*g
			v[k] = r.beta2*v[k] + (1-r.beta2)*g*g
			return w - r.eta*(m[k]/c1)/(math.Sqrt(v[k]/c2)+r.eps)
		})
	}
	return nil
}

// zeros returns a zero state for each parameter. The solver checks that
// every step has the parameters of the first, so the state is made once.
func zeros(ps []param) [][]float64 {
	out := make([][]float64, len(ps))
	for i, p := range ps {
		out[i] = make([]float64, p.len())
	}
	return out
}
