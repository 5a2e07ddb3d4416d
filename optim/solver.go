package optim

import (
	"errors"
	"fmt"
	"math"

	"github.com/gradlab/gradlab/internal/typednil"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// updater is an update rule: it moves every parameter by its gradient,
// which the solver has already clipped and penalized, and zeroes the
// gradients. It gets the model both as gorgonia hands it over and as
// checked parameters, so that a gorgonia solver could fit behind the same
// solver as optim's own rules.
type updater interface {
	update(model []gorgonia.ValueGrad, ps []param) error
}

// solver applies the options around an update rule.
type solver struct {
	name     string
	desc     string // the Config, described
	rule     updater
	base     float64
	l2, clip float64
	schedule Schedule
	t        int         // steps taken
	first    []param     // shapes and dtypes of the first step's parameters
	ps       []param     // the current step's, reused
	before   [][]float64 // parameters before a scheduled step
}

// Step updates the parameters of model from their gradients and zeroes the
// gradients. The model must have the parameters of the first Step, in the
// same order, with the same shapes and dtypes. On an error about the
// model, nothing has changed.
func (s *solver) Step(model []gorgonia.ValueGrad) error {
	ps, err := s.params(model)
	if err != nil {
		return fmt.Errorf("%w: step %d: %w", ErrParam, s.t, err)
	}
	scale, err := s.scale()
	if err != nil {
		return err
	}
	for _, p := range ps {
		p.prepare(s.clip, s.l2)
	}
	if scale != 1 {
		s.snapshot(ps)
	}
	if err := s.rule.update(model, ps); err != nil {
		return fmt.Errorf("optim: step %d: %w", s.t, err)
	}
	if scale != 1 {
		for i, p := range ps {
			p.rescale(s.before[i], scale)
		}
	}
	s.t++
	return nil
}

// scale is the factor of this step's update: its scheduled rate over the
// base rate that the rule was built with.
func (s *solver) scale() (float64, error) {
	if s.schedule == nil {
		return 1, nil
	}
	rate := s.schedule.Rate(s.base, s.t)
	if !(rate >= 0) || math.IsInf(rate, 1) {
		return 0, &ConfigError{Field: "Schedule", Value: s.schedule,
			Want: fmt.Sprintf("a finite learning rate ≥ 0 at every step; at step %d it gives %v", s.t, rate)}
	}
	return rate / s.base, nil
}

// params checks the model before anything is changed. The rules keep their
// state by position, so a model that differs from the first step's is an
// error; gorgonia's solvers would index out of range or fail half-way.
func (s *solver) params(model []gorgonia.ValueGrad) ([]param, error) {
	if s.first != nil && len(model) != len(s.first) {
		return nil, fmt.Errorf("%d parameters, but the optimizer's state is for the %d of its first step",
			len(model), len(s.first))
	}
	ps := s.ps[:0]
	for i, vg := range model {
		p, err := paramOf(vg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", label(i, vg), err)
		}
		if s.first != nil && !p.fits(s.first[i]) {
			return nil, fmt.Errorf("%s is %v %v, but was %v %v at the first step",
				label(i, vg), p.dtype(), p.shape, s.first[i].dtype(), s.first[i].shape)
		}
		ps = append(ps, p)
	}
	if s.first == nil {
		s.first = make([]param, len(ps))
		for i, p := range ps {
			s.first[i] = param{shape: p.shape.Clone(), is32: p.is32}
		}
	}
	s.ps = ps
	return ps, nil
}

// label names the i-th parameter of a model in errors.
func label(i int, vg gorgonia.ValueGrad) string {
	if n, ok := vg.(gorgonia.Namer); ok && !typednil.Is(vg) {
		return fmt.Sprintf("parameter %d (%s)", i, n.Name())
	}
	return fmt.Sprintf("parameter %d", i)
}

func (s *solver) snapshot(ps []param) {
	if s.before == nil {
		s.before = make([][]float64, len(ps))
	}
	for i, p := range ps {
		s.before[i] = p.copyTo(s.before[i])
	}
}

// param is one parameter's value and gradient, float64 or float32.
type param struct {
	shape    tensor.Shape
	is32     bool
	w64, g64 []float64
	w32, g32 []float32
}

// paramOf checks that vg is a dense parameter with a gradient of its dtype
// and shape.
func paramOf(vg gorgonia.ValueGrad) (param, error) {
	if typednil.Is(vg) {
		return param{}, errors.New("nil")
	}
	g, err := vg.Grad()
	if err != nil {
		return param{}, fmt.Errorf("no gradient: %w", err)
	}
	w, wok := vg.Value().(*tensor.Dense)
	gd, gok := g.(*tensor.Dense)
	switch {
	case !wok || !gok || w == nil || gd == nil:
		return param{}, fmt.Errorf("value %T with gradient %T; want dense tensors", vg.Value(), g)
	case w.IsView() || gd.IsView():
		// A view's Data is its whole backing array, not its elements.
		return param{}, errors.New("value or gradient is a view; want dense tensors of their own")
	case !w.Shape().Eq(gd.Shape()):
		return param{}, fmt.Errorf("value of shape %v with a gradient of shape %v", w.Shape(), gd.Shape())
	}
	// Float64s and Float32s, unlike Data, do not allocate: a step must not.
	p := param{shape: w.Shape()}
	ok := w.Dtype() == gd.Dtype()
	switch w.Dtype() {
	case tensor.Float64:
		p.w64, p.g64 = w.Float64s(), gd.Float64s()
		ok = ok && len(p.g64) == len(p.w64)
	case tensor.Float32:
		p.is32 = true
		p.w32, p.g32 = w.Float32s(), gd.Float32s()
		ok = ok && len(p.g32) == len(p.w32)
	default:
		ok = false
	}
	if !ok {
		return param{}, fmt.Errorf("value %s with a %s gradient; want float64 or float32, both the same", dtypeName(w), dtypeName(gd))
	}
	return p, nil
}

// dtypeName names t's dtype; a zero tensor.Dense has none, and printing
// its zero Dtype panics.
func dtypeName(t *tensor.Dense) string {
	if t.Dtype().Type == nil {
		return "without a dtype"
	}
	return t.Dtype().String()
}

func (p param) dtype() tensor.Dtype {
	if p.is32 {
		return tensor.Float32
	}
	return tensor.Float64
}

// fits reports whether p has the dtype and shape of q.
func (p param) fits(q param) bool { return p.is32 == q.is32 && p.shape.Eq(q.shape) }

func (p param) len() int { return len(p.w64) + len(p.w32) }

// prepare clips the gradient and adds the L2 penalty's gradient to it.
func (p param) prepare(clip, l2 float64) {
	if p.is32 {
		prepare(p.w32, p.g32, float32(clip), float32(l2))
	} else {
		prepare(p.w64, p.g64, clip, l2)
	}
}

func prepare[T ~float32 | ~float64](w, g []T, clip, l2 T) {
	if clip == 0 && l2 == 0 {
		return
	}
	for i := range g {
		if clip > 0 {
			g[i] = max(-clip, min(g[i], clip))
		}
		g[i] += l2 * w[i]
	}
}

// apply sets each weight w[k] to f(k, w[k], g[k]), computed in float64
// whatever the dtype, and zeroes the gradient, as gorgonia's solvers do.
func (p param) apply(f func(k int, w, g float64) float64) {
	if p.is32 {
		for k, g := range p.g32 {
			p.w32[k] = float32(f(k, float64(p.w32[k]), float64(g)))
		}
		clear(p.g32)
		return
	}
	for k, g := range p.g64 {
		p.w64[k] = f(k, p.w64[k], g)
	}
	clear(p.g64)
}

func (p param) copyTo(dst []float64) []float64 {
	dst = dst[:0]
	if !p.is32 {
		return append(dst, p.w64...)
	}
	for _, x := range p.w32 {
		dst = append(dst, float64(x))
	}
	return dst
}

// rescale sets w to before + scale·(w − before): the step's update Δw
// times scale.
func (p param) rescale(before []float64, scale float64) {
	if p.is32 {
		for i, b := range before {
			p.w32[i] = float32(b + scale*(float64(p.w32[i])-b))
		}
		return
	}
	for i, b := range before {
		p.w64[i] = b + scale*(p.w64[i]-b)
	}
}
