package train

import (
	"fmt"
	"math"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/minibatch"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// step is the network compiled for one batch size: gorgonia fixes the
// number of examples of a graph when it is built. Every step shares the
// model's weights.
type step struct {
	pass       *nn.Pass
	y          *gorgonia.Node
	sw         *gorgonia.Node // the batch's sample weights, (1, b); nil without
	cost       *gorgonia.Node // the training loss
	xbuf, ybuf *tensor.Dense
	wbuf       *tensor.Dense
	prog       *graph.Program
	params     []*gorgonia.Node
	model      []gorgonia.ValueGrad // the program's parameters and gradients, for the optimizer
	fedAll     bool                 // the whole data set is bound, in order
	compare    *comparison          // in compare mode
}

func (t *Trainer) newStep(batch int) (*step, error) {
	pass, err := t.model.Net.NewPass(batch)
	if err != nil {
		return nil, err
	}
	s := &step{pass: pass}
	if s.y, err = pass.Graph.Input("Y", t.k, batch); err != nil {
		return nil, err
	}
	if t.w != nil {
		if s.sw, err = pass.Graph.Input("S", 1, batch); err != nil {
			return nil, err
		}
	}
	if s.cost, err = t.cfg.Loss.SampleCost(pass.Z, pass.A, s.y, s.sw); err != nil {
		return nil, err
	}
	objective, watch := s.cost, []*gorgonia.Node{s.cost}
	if t.cfg.Compare {
		if s.compare, err = newComparison(pass, s.y, t.cfg.Loss, s.cost); err != nil {
			return nil, err
		}
		objective, watch = s.compare.objective, append(watch, s.compare.watched()...)
	}
	if s.prog, err = pass.Graph.Compile(objective, watch...); err != nil {
		return nil, err
	}
	// Both read the program's current gradients when used, so they are
	// made once rather than every step.
	s.params, s.model = s.prog.Params(), s.prog.ValueGrads()
	return s, nil
}

// feed puts the columns cols of x (n_x, m), y (K, m) and the sample
// weights w (1, m), nil without, in the run's dtype, into the step's
// inputs.
//
// A full batch in order is the data itself, bound once and never copied:
// at scale a copy of X is hundreds of megabytes. Other batches are gathered
// into buffers bound once.
func (s *step) feed(x, y, w *tensor.Dense, cols []int) error {
	if s.fedAll {
		return nil
	}
	nx, k, m, b := x.Shape()[0], y.Shape()[0], x.Shape()[1], len(cols)
	if b == m && inOrder(cols) {
		var wa *tensor.Dense
		if w != nil {
			wa = alias(w)
		}
		if err := s.bind(alias(x), alias(y), wa); err != nil {
			return err
		}
		s.fedAll = true
		return nil
	}
	if s.xbuf == nil {
		s.xbuf = tensor.New(tensor.WithShape(nx, b), tensor.Of(x.Dtype()))
		s.ybuf = tensor.New(tensor.WithShape(k, b), tensor.Of(y.Dtype()))
		if w != nil {
			s.wbuf = tensor.New(tensor.WithShape(1, b), tensor.Of(w.Dtype()))
		}
		if err := s.bind(s.xbuf, s.ybuf, s.wbuf); err != nil {
			return err
		}
	}
	if x.Dtype() == tensor.Float32 {
		minibatch.Gather(s.xbuf.Float32s(), x.Float32s(), m, cols)
		minibatch.Gather(s.ybuf.Float32s(), y.Float32s(), m, cols)
		if w != nil {
			minibatch.Gather(s.wbuf.Float32s(), w.Float32s(), m, cols)
		}
		return nil
	}
	minibatch.Gather(s.xbuf.Float64s(), x.Float64s(), m, cols)
	minibatch.Gather(s.ybuf.Float64s(), y.Float64s(), m, cols)
	if w != nil {
		minibatch.Gather(s.wbuf.Float64s(), w.Float64s(), m, cols)
	}
	return nil
}

// bind binds the step's inputs; w is nil without sample weights.
func (s *step) bind(x, y, w *tensor.Dense) error {
	if err := s.pass.Graph.Bind(s.pass.X, x); err != nil {
		return err
	}
	if err := s.pass.Graph.Bind(s.y, y); err != nil {
		return err
	}
	if w == nil {
		return nil
	}
	return s.pass.Graph.Bind(s.sw, w)
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
	return valueOf(s.prog, s.cost)
}

// valueOf returns the scalar value of n from p's last run.
func valueOf(p *graph.Program, n *gorgonia.Node) (float64, error) {
	v, err := p.Value(n)
	if err != nil {
		return 0, err
	}
	return graph.Scalar(v)
}

// finite reports an error if the cost or a gradient of the last run is
// NaN or infinite.
func (s *step) finite(cost float64) error {
	if math.IsNaN(cost) || math.IsInf(cost, 0) {
		return diverged("cost", cost)
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
		if i, v, bad := nonFinite(d); bad {
			return diverged(fmt.Sprintf("the gradient by %s[%d]", p.Name(), i), v)
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
		if i, v, bad := nonFinite(w); bad {
			return diverged(fmt.Sprintf("%s[%d] after the update", p.Name(), i), v)
		}
	}
	return nil
}

func diverged(what string, v float64) error {
	return fmt.Errorf("%s is %v: %w; try a lower learning rate", what, v, ErrDiverged)
}
