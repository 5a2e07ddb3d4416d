package gradcheck

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/gradlab/gradlab/graph"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Check checks p's gradients with the options given; with none, a Full
// check, with the defaults of the graph's dtype, of every node p
// differentiates by: its parameters, and the inputs it was compiled to
// differentiate by (graph.CompileWRT). p must be compiled with
// graph.Compile or graph.CompileWRT and its inputs fed.
// The values checked are moved and restored: after the check they hold
// what they held before, bit for bit.
func Check(p *graph.Program, opts ...Option) (*Report, error) {
	var c Config
	for _, o := range opts {
		o(&c)
	}
	return c.Check(p)
}

// CheckContext is Check that stops once ctx is done, with ctx's error, the
// values checked restored: a check of a large network takes seconds.
func CheckContext(ctx context.Context, p *graph.Program, opts ...Option) (*Report, error) {
	var c Config
	for _, o := range opts {
		o(&c)
	}
	return c.CheckContext(ctx, p)
}

// Check checks p's gradients as c says; see the package Check.
func (c Config) Check(p *graph.Program) (*Report, error) {
	return c.CheckContext(context.Background(), p)
}

// CheckContext is Check that stops once ctx is done; see the package
// CheckContext.
func (c Config) CheckContext(ctx context.Context, p *graph.Program) (*Report, error) {
	if ctx == nil {
		return nil, errors.New("gradcheck: a nil context (use context.Background)")
	}
	if p == nil || len(p.WRT()) == 0 || p.CostNode() == nil {
		return nil, ErrNoGradients
	}
	s, err := c.settle(p.Graph().Dtype() == tensor.Float32)
	if err != nil {
		return nil, err
	}
	ch, err := newChecker(ctx, p, s)
	if err != nil {
		return nil, err
	}
	if s.Mode == Fast {
		err = ch.fast()
	} else {
		err = ch.elementwise()
	}
	if err != nil {
		return nil, err
	}
	return ch.r, nil
}

// checker holds the state of one check.
type checker struct {
	ctx     context.Context
	s       settings
	p       *graph.Program
	fwd     *graph.Program // the cost alone
	targets []*target
	numeric [][]float64   // numeric[t][i], the estimates judged
	dirs    [][][]float64 // Fast mode: dirs[t][k] is direction k of target t
	// excluded[t][i] marks the elements (directions in Fast mode) that
	// fail unspoiled, left out when the sensitivity report asks whether
	// a fault is detected.
	excluded []map[int]bool
	kinks    *kinkWatch
	fwdUses  map[*gorgonia.Node]bool // the nodes the cost is computed from
	cost0    float64                 // the cost at θ
	r        *Report
}

func newChecker(ctx context.Context, p *graph.Program, s settings) (*checker, error) {
	wrt := s.WRT
	if wrt == nil {
		wrt = p.WRT()
	}
	if err := p.Run(); err != nil {
		return nil, fmt.Errorf("gradcheck: computing the analytic gradients: %w", err)
	}
	ch := &checker{ctx: ctx, s: s, p: p}
	for _, n := range wrt {
		t, err := newTarget(p, n)
		if err != nil {
			return nil, err
		}
		ch.targets = append(ch.targets, t)
		ch.excluded = append(ch.excluded, map[int]bool{})
	}
	fwd, err := p.Graph().CompileForward(p.CostNode())
	if err != nil {
		return nil, fmt.Errorf("gradcheck: compiling the cost alone: %w", err)
	}
	ch.fwd = fwd
	if ch.cost0, err = ch.cost(); err != nil {
		return nil, fmt.Errorf("gradcheck: computing the cost: %w", err)
	}
	ch.fwdUses = forwardNodes(p.Graph().Expr(), p.CostNode())
	method := "central differences in float64"
	if s.f32 {
		method = "central differences in float32, divided by the step as rounded to float32"
	}
	if s.Mode == Fast {
		method = fmt.Sprintf("%s along %d random unit directions per node (seed %d)", method, s.Directions, s.Seed)
	}
	ch.r = &Report{Mode: s.Mode, Method: method, Eps: s.Eps, Atol: s.Atol, Rtol: s.Rtol}
	if s.Mode == Course {
		ch.r.Threshold = s.Threshold
	}
	return ch, nil
}

// nodeReport starts the report of t's node: its name, shape and the ops
// that take it, so that a failure names the op whose gradient is wrong.
func (ch *checker) nodeReport(t *target) NodeReport {
	nr := NodeReport{Name: t.node.Name(), Shape: t.node.Shape().Clone()}
	g := ch.p.Graph().Expr()
	for it := g.To(t.node.ID()); it.Next(); {
		if n := it.Node().(*gorgonia.Node); ch.fwdUses[n] {
			nr.UsedBy = append(nr.UsedBy, n.Name())
		}
	}
	sort.Strings(nr.UsedBy)
	return nr
}

// cost runs the forward program and returns the cost, unless the check's
// context is done.
func (ch *checker) cost() (float64, error) {
	if err := ch.ctx.Err(); err != nil {
		return 0, err
	}
	if err := ch.fwd.Run(); err != nil {
		return 0, err
	}
	return ch.fwd.Cost()
}

// central estimates ∂J/∂θ_i of t with step eps, restoring θ_i.
func (ch *checker) central(t *target, i int, eps float64) (float64, error) {
	orig := t.get(i)
	defer t.set(i, orig)
	xp := t.set(i, orig+eps)
	jp, err := ch.cost()
	if err != nil {
		return 0, ch.errAt(t, i, err)
	}
	xm := t.set(i, orig-eps)
	jm, err := ch.cost()
	if err != nil {
		return 0, ch.errAt(t, i, err)
	}
	h := 2 * eps
	if t.f32 != nil {
		h = xp - xm
	}
	if h == 0 {
		return 0, &StepError{Node: t.node.Name(), Index: t.index(i), Value: orig, Eps: eps}
	}
	return (jp - jm) / h, nil
}

func (ch *checker) errAt(t *target, i int, err error) error {
	return fmt.Errorf("gradcheck: moving %s%v: %w", t.node.Name(), t.index(i), err)
}

// numericAll estimates the whole gradient of t with step eps.
func (ch *checker) numericAll(t *target, eps float64) ([]float64, error) {
	d := make([]float64, t.len())
	for i := range d {
		var err error
		if d[i], err = ch.central(t, i, eps); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// elementwise runs the Full, Sweep and Course modes.
func (ch *checker) elementwise() error {
	floors := make([][]float64, len(ch.targets))
	for ti, t := range ch.targets {
		nr := ch.nodeReport(t)
		if ch.s.Mode == Sweep {
			sw, best, floor, err := ch.sweep(t)
			if err != nil {
				return err
			}
			nr.Sweep = sw
			ch.numeric = append(ch.numeric, best)
			floors[ti] = floor
		} else {
			d, err := ch.numericAll(t, ch.s.Eps)
			if err != nil {
				return err
			}
			ch.numeric = append(ch.numeric, d)
		}
		ch.r.Nodes = append(ch.r.Nodes, nr)
	}
	if err := ch.judge(floors); err != nil {
		return err
	}
	ch.summarize()
	if ch.s.Mode == Course {
		ch.r.Passed = ch.r.Difference <= ch.s.Threshold
	} else {
		ch.r.Passed = ch.r.FailedCount == 0
	}
	if ch.s.Sensitivity {
		ch.r.Sensitivity = ch.sensitivity()
	}
	return nil
}

// judge applies the per-element rule and diagnoses the elements that
// fail it. floors[t], when not nil, holds the elements' noise floors from
// a sweep.
func (ch *checker) judge(floors [][]float64) error {
	r, diagnosed := ch.r, 0
	for ti, t := range ch.targets {
		for i, n := range ch.numeric[ti] {
			a := t.grad[i]
			r.Checked++
			if ch.s.agrees(a, n) {
				continue
			}
			e := newElement(t.node.Name(), t.index(i), a, n)
			ch.excluded[ti][i] = true
			if diagnosed >= maxDiagnosed {
				r.FailedCount++
				r.Failed = ch.add(r.Failed, e)
				continue
			}
			diagnosed++
			verdict, err := ch.diagnose(ti, i, &e, floors[ti])
			if err != nil {
				return err
			}
			switch verdict {
			case unresolved:
				r.UnresolvedCount++
				r.Unresolved = ch.add(r.Unresolved, e)
			case kinked:
				r.KinkedCount++
				r.Kinked = ch.add(r.Kinked, e)
			default:
				r.FailedCount++
				r.Failed = ch.add(r.Failed, e)
			}
		}
	}
	return nil
}

func (ch *checker) add(es []Element, e Element) []Element {
	if len(es) < ch.s.MaxListed {
		es = append(es, e)
	}
	return es
}

type verdict int

const (
	failed verdict = iota
	unresolved
	kinked
)

// diagnose looks for a kink on the element's path, then sweeps ε over the
// element: it is unresolved if its analytic value lies within the noise
// floor of its steadiest estimate, or agrees with that estimate. floor,
// when not nil, holds the noise floors of its node's elements from a
// sweep.
func (ch *checker) diagnose(ti, i int, e *Element, floor []float64) (verdict, error) {
	t := ch.targets[ti]
	ks, err := ch.kinksAt(t, i)
	if err != nil {
		return failed, err
	}
	if len(ks) > 0 {
		e.Kinks = ks
		return kinked, nil
	}
	var best float64
	if floor != nil {
		e.Floor, e.BestEps, best = floor[i], ch.r.Nodes[ti].Sweep.BestEps, e.Numeric
	} else {
		var steps, ests []float64
		for _, eps := range ch.steps() {
			d, err := ch.central(t, i, eps)
			var se *StepError
			if errors.As(err, &se) {
				continue // too small a step for this element
			}
			if err != nil {
				return failed, err
			}
			steps, ests = append(steps, eps), append(ests, d)
		}
		if len(ests) < 2 {
			return failed, nil
		}
		var kb int
		e.Floor, kb = ch.floorOf(steps, ests)
		e.BestEps, best = steps[kb], ests[kb]
	}
	// Within the noise, or agreeing at a step that resolves it: the
	// disagreement is the step's, not the gradient's.
	if abs(e.Analytic-best) <= e.Floor || ch.s.agrees(e.Analytic, best) {
		return unresolved, nil
	}
	return failed, nil
}

// floorOf returns the noise floor of an element's estimates at the steps
// given, largest first, and its steadiest estimate's index. The floor is
// the smallest change between the estimates of neighbouring steps, but
// never below the resolution of the quotient at the larger step,
// ulp(J)/2ε: a cost that moves by less than an ulp gives a quotient of
// exactly 0 at every step, which is no evidence of a zero derivative. The
// steadiest estimate is the larger step's of that pair. Neither depends on
// the analytic value, so that no step is picked to agree with it.
func (ch *checker) floorOf(steps, ests []float64) (floor float64, best int) {
	floor = math.Inf(1)
	for k := 0; k+1 < len(ests); k++ {
		if f := max(abs(ests[k]-ests[k+1]), ch.resolution(steps[k])); f < floor {
			floor, best = f, k
		}
	}
	return floor, best
}

// steps are the steps of an ε sweep in the graph's dtype.
func (ch *checker) steps() []float64 {
	if ch.s.f32 {
		return Float32SweepEps
	}
	return SweepEps
}

// resolution is the smallest change of the cost's quotient at step eps:
// one ulp of the cost, in the graph's dtype, over 2·eps.
func (ch *checker) resolution(eps float64) float64 {
	j := abs(ch.cost0)
	ulp := math.Nextafter(j, math.Inf(1)) - j
	if ch.s.f32 {
		f := float32(j)
		ulp = float64(math.Nextafter32(f, float32(math.Inf(1))) - f)
	}
	return ulp / (2 * eps)
}

// summarize fills in the relative norms and the per-node worst elements.
func (ch *checker) summarize() {
	var diff2, a2, n2 float64
	for ti, t := range ch.targets {
		nr := &ch.r.Nodes[ti]
		var d2, g2, m2 float64
		for i, n := range ch.numeric[ti] {
			a := t.grad[i]
			d := abs(a - n)
			d2, g2, m2 = d2+d*d, g2+a*a, m2+n*n
			if d > nr.MaxAbs || i == 0 {
				nr.MaxAbs, nr.Worst = d, newElement(t.node.Name(), t.index(i), a, n)
			}
			if m := max(abs(a), abs(n)); m > 0 {
				nr.MaxRel = max(nr.MaxRel, d/m)
			}
		}
		nr.Difference = relNorm(d2, g2, m2)
		diff2, a2, n2 = diff2+d2, a2+g2, n2+m2
	}
	ch.r.Difference = relNorm(diff2, a2, n2)
}
