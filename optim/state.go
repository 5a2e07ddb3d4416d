package optim

import (
	"errors"
	"fmt"
	"slices"

	"gorgonia.org/tensor"
)

// Stateful is an optimizer whose state between steps can be saved and
// restored: an optimizer restored to the State of another takes the steps
// the other would have taken, bit for bit. Every optimizer New returns is
// Stateful; gorgonia's solvers are not.
type Stateful interface {
	Optimizer
	// State returns a copy of the optimizer's state.
	State() State
	// SetState replaces the optimizer's state by a copy of s, which must
	// be the state of an optimizer of the same name; an error wraps
	// ErrState and changes nothing.
	SetState(s State) error
}

// State is an optimizer's state between two steps.
type State struct {
	Name string // the optimizer's Config.Name

	// Config is the optimizer's configuration in words, the options its
	// rule uses with their defaults filled in, for a caller to check that
	// a state is resumed by the optimizer that saved it ("adam lr=0.01
	// l2=0 clip=0 schedule=none beta1=0.9 beta2=0.999 eps=1e-08").
	// SetState does not compare it.
	Config string

	// Steps counts the steps taken: the next step is step Steps of the
	// schedule.
	Steps int

	// Params are the dtypes and shapes of the parameters of the first
	// step, which every later step must have; nil before it.
	Params []Param

	// Slots are the update rule's running values, each for every
	// parameter: none for gd, nor before the first step.
	Slots []Slot
}

// Param is the dtype and shape of one parameter of a State.
type Param struct {
	Float32 bool // float32; else float64
	Shape   []int
}

// Slot is one running value of an update rule — momentum's velocity,
// Adam's moments m and v, RMSProp's mean square, AdaGrad's sum of squares
// — for every parameter, in the order of Step's model. Values of float32
// state are exactly their float64 conversions.
type Slot struct {
	Name   string
	Values [][]float64
}

// SlotNames returns the names of the slots of the named optimizer's State,
// in order; nil for gd and for a name New does not know.
func SlotNames(name string) []string {
	if k, ok := makers[name]; ok {
		if r, ok := k(Config{}).(keeper); ok {
			return r.slotNames()
		}
	}
	return nil
}

// ErrState is wrapped by the errors of SetState about a State that does
// not fit the optimizer.
var ErrState = errors.New("optim: state does not fit the optimizer")

// ErrStateless is wrapped by the error of StateOf about an optimizer that
// is not Stateful.
var ErrStateless = errors.New("optim: optimizer cannot save its state")

// StateOf returns o's state, or an error wrapping ErrStateless, naming o's
// type, when o is not Stateful (a gorgonia solver, say).
func StateOf(o Optimizer) (State, error) {
	s, ok := o.(Stateful)
	if !ok {
		return State{}, fmt.Errorf("%w: %T is not an optim.Stateful (make the optimizer with optim.New)", ErrStateless, o)
	}
	return s.State(), nil
}

// keeper is an update rule with running values.
type keeper interface {
	updater
	slotNames() []string
	// save returns the rule's slots, nil before its first step.
	save() []Slot
	// load sets the slots, which fit the parameters ps, and the number of
	// steps taken; no slots means none made yet.
	load(slots []Slot, ps []param, steps int)
}

// typedKeeper is a keeper whose running values have the parameters'
// dtypes (momentum and adam, as gorgonia's); the others keep float64.
type typedKeeper interface {
	keeper
	typed()
}

func (*momentum) typed() {}
func (*adam) typed()     {}

// State returns a copy of the optimizer's state.
func (s *solver) State() State {
	st := State{Name: s.name, Config: s.desc, Steps: s.t}
	for _, p := range s.first {
		st.Params = append(st.Params, Param{Float32: p.is32, Shape: slices.Clone([]int(p.shape))})
	}
	if k, ok := s.rule.(keeper); ok {
		st.Slots = k.save()
	}
	return st
}

// SetState replaces the optimizer's state by a copy of st.
func (s *solver) SetState(st State) error {
	first, err := s.check(st)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrState, err)
	}
	if k, ok := s.rule.(keeper); ok {
		k.load(st.Slots, first, st.Steps)
	}
	s.t, s.first, s.ps, s.before = st.Steps, first, nil, nil
	return nil
}

// check returns the parameters st describes, or what does not fit.
func (s *solver) check(st State) ([]param, error) {
	if st.Name != s.name {
		return nil, fmt.Errorf("the state of %q, not %q", st.Name, s.name)
	}
	if st.Steps < 0 {
		return nil, fmt.Errorf("%d steps taken", st.Steps)
	}
	if st.Steps > 0 && st.Params == nil {
		return nil, fmt.Errorf("%d steps taken but no parameters", st.Steps)
	}
	var first []param
	for i, p := range st.Params {
		n := 1
		for _, d := range p.Shape {
			if d < 1 || n > maxElements/d {
				return nil, fmt.Errorf("parameter %d has shape %v", i, p.Shape)
			}
			n *= d
		}
		if len(p.Shape) == 0 {
			return nil, fmt.Errorf("parameter %d has no shape", i)
		}
		first = append(first, param{shape: tensor.Shape(slices.Clone(p.Shape)), is32: p.Float32})
	}
	var names []string
	_, typed := s.rule.(typedKeeper)
	if k, ok := s.rule.(keeper); ok {
		names = k.slotNames()
	}
	if len(st.Slots) == 0 {
		if st.Steps > 0 && names != nil {
			return nil, fmt.Errorf("%d steps taken but no %v", st.Steps, names)
		}
		return first, nil
	}
	if len(st.Slots) != len(names) {
		return nil, fmt.Errorf("%d slots; %s keeps %v", len(st.Slots), s.name, names)
	}
	for j, sl := range st.Slots {
		if sl.Name != names[j] {
			return nil, fmt.Errorf("slot %d is %q; %s keeps %v", j, sl.Name, s.name, names)
		}
		if len(sl.Values) != len(first) {
			return nil, fmt.Errorf("slot %q has %d parameters' values for %d parameters", sl.Name, len(sl.Values), len(first))
		}
		for i, v := range sl.Values {
			if len(v) != first[i].shape.TotalSize() {
				return nil, fmt.Errorf("slot %q has %d values for parameter %d of shape %v", sl.Name, len(v), i, first[i].shape)
			}
			if !typed || !first[i].is32 {
				continue
			}
			for k, x := range v {
				if float64(float32(x)) != x && x == x {
					return nil, fmt.Errorf("slot %q: value %d of float32 parameter %d is %v, not a float32", sl.Name, k, i, x)
				}
			}
		}
	}
	return first, nil
}

// describe returns c, whose defaults are filled in, as State.Config says it.
func (c Config) describe() string {
	f := formatFloat
	sched := "none"
	if c.Schedule != nil {
		sched = fmt.Sprint(c.Schedule)
	}
	d := fmt.Sprintf("%s lr=%s l2=%s clip=%s schedule=%s", c.Name, f(c.LearningRate), f(c.L2), f(c.Clip), sched)
	switch c.Name {
	case "momentum":
		d += " momentum=" + f(c.Momentum)
	case "adam":
		d += fmt.Sprintf(" beta1=%s beta2=%s eps=%s", f(c.Beta1), f(c.Beta2), f(c.Eps))
	case "adamw":
		d += fmt.Sprintf(" beta1=%s beta2=%s eps=%s decay=%s", f(c.Beta1), f(c.Beta2), f(c.Eps), f(c.WeightDecay))
	case "rmsprop":
		d += fmt.Sprintf(" rho=%s eps=%s", f(c.Rho), f(c.Eps))
	case "adagrad":
		d += " eps=" + f(c.Eps)
	}
	return d
}

// maxElements bounds a parameter's size in a State, so that a shape's
// product cannot overflow.
const maxElements = 1 << 40

func (*momentum) slotNames() []string { return []string{"velocity"} }
func (r *momentum) save() []Slot {
	return saveSlots(r.slotNames(), r.v)
}
func (r *momentum) load(sl []Slot, ps []param, _ int) {
	r.v = nil
	if len(sl) > 0 {
		r.v = loadSlots(sl[0], ps)
	}
}

func (*adam) slotNames() []string { return []string{"m", "v"} }
func (r *adam) save() []Slot {
	return saveSlots(r.slotNames(), r.m, r.v)
}
func (r *adam) load(sl []Slot, ps []param, steps int) {
	r.t, r.m, r.v = steps, nil, nil
	if len(sl) > 0 {
		r.m, r.v = loadSlots(sl[0], ps), loadSlots(sl[1], ps)
	}
}

func (*adamW) slotNames() []string { return []string{"m", "v"} }
func (r *adamW) save() []Slot {
	return saveFloats(r.slotNames(), r.m, r.v)
}
func (r *adamW) load(sl []Slot, _ []param, steps int) {
	r.t, r.m, r.v = steps, nil, nil
	if len(sl) > 0 {
		r.m, r.v = cloneFloats(sl[0].Values), cloneFloats(sl[1].Values)
	}
}

func (*rmsProp) slotNames() []string { return []string{"square"} }
func (r *rmsProp) save() []Slot {
	return saveFloats(r.slotNames(), r.sq)
}
func (r *rmsProp) load(sl []Slot, _ []param, _ int) {
	r.sq = nil
	if len(sl) > 0 {
		r.sq = cloneFloats(sl[0].Values)
	}
}

func (*adaGrad) slotNames() []string { return []string{"sum"} }
func (r *adaGrad) save() []Slot {
	return saveFloats(r.slotNames(), r.sum)
}
func (r *adaGrad) load(sl []Slot, _ []param, _ int) {
	r.sum = nil
	if len(sl) > 0 {
		r.sum = cloneFloats(sl[0].Values)
	}
}

// saveSlots returns copies of the slots of a rule kept in the
// parameters' dtypes; nil before the first step.
func saveSlots(names []string, slots ...[]slot) []Slot {
	if slots[0] == nil {
		return nil
	}
	out := make([]Slot, len(slots))
	for j, s := range slots {
		out[j].Name = names[j]
		for _, p := range s {
			v := slices.Clone(p.f64)
			for _, x := range p.f32 {
				v = append(v, float64(x))
			}
			out[j].Values = append(out[j].Values, v)
		}
	}
	return out
}

// loadSlots returns a slot's values in the parameters' dtypes.
func loadSlots(sl Slot, ps []param) []slot {
	out := make([]slot, len(ps))
	for i, p := range ps {
		if !p.is32 {
			out[i].f64 = slices.Clone(sl.Values[i])
			continue
		}
		out[i].f32 = make([]float32, len(sl.Values[i]))
		for k, x := range sl.Values[i] {
			out[i].f32[k] = float32(x)
		}
	}
	return out
}

// saveFloats returns copies of the slots of a rule kept in float64.
func saveFloats(names []string, slots ...[][]float64) []Slot {
	if slots[0] == nil {
		return nil
	}
	out := make([]Slot, len(slots))
	for j, s := range slots {
		out[j] = Slot{Name: names[j], Values: cloneFloats(s)}
	}
	return out
}

func cloneFloats(v [][]float64) [][]float64 {
	out := make([][]float64, len(v))
	for i, x := range v {
		out[i] = slices.Clone(x)
	}
	return out
}
