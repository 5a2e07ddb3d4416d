package train

import (
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/dense"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/metrics"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Data is one part of a data set as New takes it: X (n_x, m) and Y (1, m),
// or (K, m) for K labels, with labels 0 and 1.
//
// Weights, if set, is a (1, m) row of one sample weight per example, each
// a finite number > 0 (see Config.SampleWeights): a part's Score.Cost is
// then the loss weighted by them, as training weighs its own examples.
// A validation part without Weights is scored unweighted, whether or not
// the training data have sample weights: its weights say what the
// held-out examples are worth, which only the caller knows, and an
// unweighted held-out cost is what scikit-learn's score gives without
// sample_weight. The Loss's own Weights (pos_weight, class weights)
// apply to every part alike.
type Data struct {
	X, Y    *tensor.Dense
	Weights *tensor.Dense
}

// Score is how the model does on one part of the data at one moment: the
// training loss over the whole part and the accuracy, the fraction of
// examples whose class (1 where the probability is above
// metrics.Threshold) is their label. With sample weights the cost is
// weighted by them and the accuracy is not: it counts every example
// alike.
//
// With K > 1 labels, Accuracy is the label accuracy: the fraction of the
// K·m decisions, one per example and label, that are right (Keras'
// binary_accuracy; 1 − scikit-learn's hamming_loss). ExactMatch is the
// fraction of examples whose K decisions are all right (scikit-learn's
// accuracy_score on multi-label data, subset accuracy). For K = 1 the two
// are the same.
type Score struct {
	Examples   int
	Cost       float64
	Accuracy   float64
	ExactMatch float64
}

// scorer is the cost over one part of the data compiled forward only: it
// reads the weights and writes nothing else, so scoring never changes
// training (see package graph).
type scorer struct {
	pass   *nn.Pass
	cost   *gorgonia.Node
	prog   *graph.Program
	labels []float64
}

func (t *Trainer) newScorer(d Data) (*scorer, error) {
	m := d.X.Shape()[1]
	pass, err := t.model.Net.NewPass(m)
	if err != nil {
		return nil, err
	}
	k := d.Y.Shape()[0]
	y, err := pass.Graph.Input("Y", k, m)
	if err != nil {
		return nil, err
	}
	// The data are bound, not copied, when they hold the run's dtype:
	// a part may be large, and programs never write their inputs.
	x, err := inDtype(d.X, t.cfg.Dtype, "X")
	if err != nil {
		return nil, err
	}
	yv, err := inDtype(d.Y, t.cfg.Dtype, "Y")
	if err != nil {
		return nil, err
	}
	s := &scorer{pass: pass, labels: floats64(d.Y)}
	var sw *gorgonia.Node
	if d.Weights != nil {
		if sw, err = pass.Graph.Input("S", 1, m); err != nil {
			return nil, err
		}
		wv, err := inDtype(d.Weights, t.cfg.Dtype, "Weights")
		if err != nil {
			return nil, err
		}
		if err := pass.Graph.Bind(sw, wv); err != nil {
			return nil, err
		}
	}
	if s.cost, err = t.cfg.Loss.SampleCost(pass.Z, pass.A, y, sw); err != nil {
		return nil, err
	}
	if s.prog, err = pass.Graph.CompileForward(s.cost, pass.A); err != nil {
		return nil, err
	}
	if err := pass.Graph.Bind(pass.X, x); err != nil {
		return nil, err
	}
	if err := pass.Graph.Bind(y, yv); err != nil {
		return nil, err
	}
	return s, nil
}

// score runs the program at the current weights.
func (s *scorer) score() (Score, error) {
	if err := s.prog.Run(); err != nil {
		return Score{}, err
	}
	cost, err := valueOf(s.prog, s.cost)
	if err != nil {
		return Score{}, err
	}
	a, err := s.prog.Value(s.pass.A)
	if err != nil {
		return Score{}, err
	}
	m := s.pass.X.Shape()[1]
	right, exact := 0, 0
	wrong := make([]bool, m) // of an example: some label's decision is wrong
	for i, p := range dense.Values(a) {
		if (p > metrics.Threshold) == (s.labels[i] == 1) {
			right++
		} else {
			wrong[i%m] = true
		}
	}
	for _, w := range wrong {
		if !w {
			exact++
		}
	}
	return Score{Examples: m, Cost: cost, Accuracy: float64(right) / float64(len(s.labels)), ExactMatch: float64(exact) / float64(m)}, nil
}

// Score returns the model's training loss and accuracy on x (n_x, m) and
// y (1, m), or (K, m) for the K labels it was trained on, at its current
// weights, on a forward-only program: scoring
// never changes training. It is how a caller measures a part of the data
// the run did not report on, or the final weights after Run. The cost is
// unweighted by sample weights; ScoreData takes them.
func (t *Trainer) Score(x, y *tensor.Dense) (Score, error) {
	return t.ScoreData(Data{X: x, Y: y})
}

// ScoreData is Score of the part d, whose cost is weighted by d.Weights
// when they are set.
func (t *Trainer) ScoreData(d Data) (Score, error) {
	if err := t.check(); err != nil {
		return Score{}, err
	}
	x, y := d.X, d.Y
	if err := checkData(x, y); err != nil {
		return Score{}, err
	}
	if err := checkSampleWeights(d.Weights, x.Shape()[1], "Weights"); err != nil {
		return Score{}, err
	}
	if x.Shape()[0] != t.nx {
		return Score{}, failf(-1, "scoring X of shape %v: the network takes %d features: %w", x.Shape(), t.nx, graph.ErrShape)
	}
	if y.Shape()[0] != t.k {
		return Score{}, failf(-1, "scoring Y of shape %v: the network has %d outputs, one per label row: %w", y.Shape(), t.k, graph.ErrShape)
	}
	s, err := t.newScorer(d)
	if err != nil {
		return Score{}, fail(-1, err)
	}
	sc, err := s.score()
	if err != nil {
		return Score{}, fail(-1, err)
	}
	return sc, nil
}
