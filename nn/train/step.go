package train

import (
	"fmt"
	"math"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/minibatch"
	"github.com/gradlab/gradlab/losses"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// step is the network compiled for one batch size: gorgonia fixes the
// number of examples of a graph when it is built. Every step shares the
// model's weights.
type step struct {
	g          *graph.Graph
	x, y       *gorgonia.Node
	xbuf, ybuf *tensor.Dense
	prog       *graph.Program
	params     []*gorgonia.Node
	model      []gorgonia.ValueGrad // the program's parameters and gradients, for the optimizer
	fedAll     bool                 // the whole data set is fed, in order

	// In compare mode the cost is Σ w_k·cost_k over the training loss and
	// both BCE forms, with the scalar inputs w_k one-hot: a graph can hold
	// only one gradient, and this one gives each form's gradient exactly
	// (1·g + 0·g′ = g in floating point too) by switching the weights.
	mix   map[string]*gorgonia.Node
	costs map[string]*gorgonia.Node
	names []string // of costs, the training loss first
	loss  string
}

func (t *Trainer) newStep(batch int) (*step, error) {
	nx := t.nx
	s := &step{g: graph.New(), loss: t.cfg.Loss.Name}
	net, err := t.model.Net.On(s.g)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	if s.x, err = s.g.Input("X", nx, batch); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	if s.y, err = s.g.Input("Y", 1, batch); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	out, err := net.Forward(s.x)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	s.names = []string{s.loss}
	if t.cfg.Compare {
		for _, name := range []string{"dot", "mulsum"} {
			if name != s.loss {
				s.names = append(s.names, name)
			}
		}
	}
	s.costs = make(map[string]*gorgonia.Node)
	for _, name := range s.names {
		l, err := losses.ByName(name)
		if err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
		if s.costs[name], err = l.Cost(out.Z, out.A, s.y); err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
	}
	cost := s.costs[s.loss]
	if t.cfg.Compare {
		if cost, err = s.mixture(); err != nil {
			return nil, err
		}
	}
	watch := []*gorgonia.Node{s.costs[s.loss]}
	if t.cfg.Compare {
		watch = append(watch, s.costs["dot"], s.costs["mulsum"])
	}
	if s.prog, err = s.g.Compile(cost, watch...); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	// Both read the program's current gradients when used, so they are
	// made once rather than every step.
	s.params, s.model = s.prog.Params(), s.prog.ValueGrads()
	return s, nil
}

// mixture builds Σ w_k·cost_k with the weights set for training.
func (s *step) mixture() (*gorgonia.Node, error) {
	s.mix = make(map[string]*gorgonia.Node)
	var sum *gorgonia.Node
	for _, name := range s.names {
		c := s.costs[name]
		w, err := s.g.Input("weight of " + name)
		if err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
		s.mix[name] = w
		term, err := gorgonia.HadamardProd(w, c)
		if err != nil {
			return nil, fmt.Errorf("train: weighting %s: %w", name, err)
		}
		if sum == nil {
			sum = term
		} else if sum, err = gorgonia.Add(sum, term); err != nil {
			return nil, fmt.Errorf("train: adding %s: %w", name, err)
		}
	}
	return sum, s.weigh(s.loss)
}

// weigh sets the mixture to the cost called name alone.
func (s *step) weigh(name string) error {
	for k, w := range s.mix {
		v := 0.0
		if k == name {
			v = 1
		}
		if err := s.g.FeedScalar(w, v); err != nil {
			return fmt.Errorf("train: %w", err)
		}
	}
	return nil
}

// feed puts the columns cols of x and y into the step's inputs.
//
// A full batch in order is the data itself, bound once and never copied:
// at scale a copy of X is hundreds of megabytes. Other batches are gathered
// into buffers bound once. Binding with gorgonia.Let rather than
// graph.Feed, which copies, is safe because the graph's machine reads its
// inputs when it runs and never writes them.
func (s *step) feed(x, y []float64, m int, cols []int) error {
	if s.fedAll {
		return nil
	}
	nx, b := len(x)/m, len(cols)
	if b == m && inOrder(cols) {
		if err := s.bind(tensor.New(tensor.WithShape(nx, m), tensor.WithBacking(x)), tensor.New(tensor.WithShape(1, m), tensor.WithBacking(y))); err != nil {
			return err
		}
		s.fedAll = true
		return nil
	}
	if s.xbuf == nil {
		s.xbuf = tensor.New(tensor.WithShape(nx, b), tensor.Of(tensor.Float64))
		s.ybuf = tensor.New(tensor.WithShape(1, b), tensor.Of(tensor.Float64))
		if err := s.bind(s.xbuf, s.ybuf); err != nil {
			return err
		}
	}
	minibatch.Gather(s.xbuf.Float64s(), x, m, cols)
	minibatch.Gather(s.ybuf.Float64s(), y, m, cols)
	return nil
}

func (s *step) bind(x, y *tensor.Dense) error {
	if err := gorgonia.Let(s.x, x); err != nil {
		return fmt.Errorf("train: binding X: %w", err)
	}
	if err := gorgonia.Let(s.y, y); err != nil {
		return fmt.Errorf("train: binding Y: %w", err)
	}
	return nil
}

func inOrder(cols []int) bool {
	for i, c := range cols {
		if c != i {
			return false
		}
	}
	return true
}

// run runs the training program and returns the training loss.
func (s *step) run() (float64, error) {
	if err := s.prog.Run(); err != nil {
		return 0, err
	}
	v, err := s.prog.Value(s.costs[s.loss])
	if err != nil {
		return 0, err
	}
	return graph.Scalar(v)
}

// finite reports an error if the cost or a gradient of the last run is
// NaN or infinite.
func (s *step) finite(cost float64) error {
	if math.IsNaN(cost) || math.IsInf(cost, 0) {
		return fmt.Errorf("cost is %v: %w", cost, ErrDiverged)
	}
	for _, p := range s.params {
		g, err := s.prog.Grad(p)
		if err != nil {
			return err
		}
		d, ok := g.(*tensor.Dense)
		if !ok {
			continue
		}
		for i, v := range d.Float64s() {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("gradient by %s[%d] is %v: %w", p.Name(), i, v, ErrDiverged)
			}
		}
	}
	return nil
}

// finiteWeights checks the parameters after an update: a step can
// overflow them even when the cost and gradients before it were finite.
func (s *step) finiteWeights() error {
	for _, p := range s.params {
		w, ok := p.Value().(*tensor.Dense)
		if !ok {
			continue
		}
		for i, v := range w.Float64s() {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%s[%d] is %v after the update: %w", p.Name(), i, v, ErrDiverged)
			}
		}
	}
	return nil
}

// compare runs the step once for each BCE form and compares their
// gradients; the weights are set back for training.
func (s *step) compare() (*Comparison, error) {
	dot, err := s.gradsOf("dot")
	if err != nil {
		return nil, err
	}
	mulsum, err := s.gradsOf("mulsum")
	if err != nil {
		return nil, err
	}
	if err := s.weigh(s.loss); err != nil {
		return nil, err
	}
	c := &Comparison{}
	for i, p := range s.prog.Params() {
		d := ParamDiff{Name: p.Name()}
		for k := range dot[i] {
			d.MaxDiff = math.Max(d.MaxDiff, math.Abs(dot[i][k]-mulsum[i][k]))
		}
		c.Params = append(c.Params, d)
		c.MaxGradDiff = math.Max(c.MaxGradDiff, d.MaxDiff)
	}
	return c, nil
}

// gradsOf returns copies of the gradients of the cost called name.
func (s *step) gradsOf(name string) ([][]float64, error) {
	if err := s.weigh(name); err != nil {
		return nil, err
	}
	if err := s.prog.Run(); err != nil {
		return nil, err
	}
	var out [][]float64
	for _, p := range s.prog.Params() {
		g, err := s.prog.Grad(p)
		if err != nil {
			return nil, err
		}
		out = append(out, append([]float64(nil), g.Data().([]float64)...))
	}
	return out, nil
}

// formCosts returns the two forms' costs from the last run.
func (s *step) formCosts() (dot, mulsum float64, err error) {
	vd, err := s.prog.Value(s.costs["dot"])
	if err != nil {
		return 0, 0, err
	}
	vm, err := s.prog.Value(s.costs["mulsum"])
	if err != nil {
		return 0, 0, err
	}
	if dot, err = graph.Scalar(vd); err != nil {
		return 0, 0, err
	}
	mulsum, err = graph.Scalar(vm)
	return dot, mulsum, err
}
