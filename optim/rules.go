package optim

import (
	"math"

	"gorgonia.org/gorgonia"
)

// adaGrad is Duchi et al.'s AdaGrad as PyTorch writes it: G += g²;
// w −= η·g / (√G + ε).
type adaGrad struct {
	eta, eps float64
	sum      [][]float64 // G, per parameter
}

func (s *adaGrad) Step(model []gorgonia.ValueGrad) error {
	if len(s.sum) != len(model) {
		s.sum = make([][]float64, len(model))
	}
	return each(model, func(i int, w, g []float64) []float64 {
		if len(s.sum[i]) != len(w) {
			s.sum[i] = make([]float64, len(w))
		}
		sum := s.sum[i]
		for k := range w {
			sum[k] += g[k] * g[k]
			w[k] -= s.eta * g[k] / (math.Sqrt(sum[k]) + s.eps)
		}
		return w
	})
}

// rmsProp is Hinton's RMSProp as PyTorch writes it: s = ρs + (1−ρ)g²;
// w −= η·g / (√s + ε).
type rmsProp struct {
	eta, rho, eps float64
	sq            [][]float64 // s, per parameter
}

func (s *rmsProp) Step(model []gorgonia.ValueGrad) error {
	if len(s.sq) != len(model) {
		s.sq = make([][]float64, len(model))
	}
	return each(model, func(i int, w, g []float64) []float64 {
		if len(s.sq[i]) != len(w) {
			s.sq[i] = make([]float64, len(w))
		}
		sq := s.sq[i]
		for k := range w {
			sq[k] = s.rho*sq[k] + (1-s.rho)*g[k]*g[k]
			w[k] -= s.eta * g[k] / (math.Sqrt(sq[k]) + s.eps)
		}
		return w
	})
}

// adamW is Loshchilov and Hutter's AdamW as PyTorch writes it: the weights
// decay by η·λ·w, apart from the gradient, then take Adam's step.
type adamW struct {
	eta, beta1, beta2, eps, decay float64
	t                             int
	m, v                          [][]float64
}

func (s *adamW) Step(model []gorgonia.ValueGrad) error {
	if len(s.m) != len(model) {
		s.m, s.v = make([][]float64, len(model)), make([][]float64, len(model))
	}
	s.t++
	c1 := 1 - math.Pow(s.beta1, float64(s.t))
	c2 := 1 - math.Pow(s.beta2, float64(s.t))
	return each(model, func(i int, w, g []float64) []float64 {
		if len(s.m[i]) != len(w) {
			s.m[i], s.v[i] = make([]float64, len(w)), make([]float64, len(w))
		}
		m, v := s.m[i], s.v[i]
		for k := range w {
			w[k] -= s.eta * s.decay * w[k]
			m[k] = s.beta1*m[k] + (1-s.beta1)*g[k]
			v[k] = s.beta2*v[k] + (1-s.beta2)*g[k]*g[k]
			w[k] -= s.eta * (m[k] / c1) / (math.Sqrt(v[k]/c2) + s.eps)
		}
		return w
	})
}

// each runs update on every parameter as float64 values w and gradients g,
// writes float32 parameters back, and zeroes the gradients, as gorgonia's
// solvers do after a step.
func each(model []gorgonia.ValueGrad, update func(i int, w, g []float64) []float64) error {
	for i, vg := range model {
		p, err := paramOf(i, vg)
		if err != nil {
			return err
		}
		if p.w64 != nil {
			update(i, p.w64, p.g64)
			clear(p.g64)
			continue
		}
		w := update(i, widen(p.w32), widen(p.g32))
		for k, x := range w {
			p.w32[k] = float32(x)
		}
		clear(p.g32)
	}
	return nil
}

func widen(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}
