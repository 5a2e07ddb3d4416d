package train

import (
	"fmt"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Model is a trained network that predicts. Its predictions run on
// forward-only programs, one per number of examples, never on a training
// program, so predicting never disturbs training. A Model may be built as
// &Model{Net: net} around any network; it is not safe for concurrent use.
type Model struct {
	Net   *nn.MLP
	evals map[int]*evaluator
}

func newModel(net *nn.MLP) *Model {
	return &Model{Net: net, evals: make(map[int]*evaluator)}
}

// evaluator is the network's forward pass compiled for m examples.
type evaluator struct {
	g    *graph.Graph
	x, a *gorgonia.Node
	prog *graph.Program
}

func (m *Model) evaluator(examples int) (*evaluator, error) {
	if m.Net == nil {
		return nil, fmt.Errorf("train: a model without a network")
	}
	if e, ok := m.evals[examples]; ok {
		return e, nil
	}
	if m.evals == nil {
		m.evals = make(map[int]*evaluator) // a Model built as a literal
	}
	e := &evaluator{g: graph.New()}
	net, err := m.Net.On(e.g)
	if err != nil {
		return nil, err
	}
	if e.x, err = e.g.Input("X", net.Sizes()[0], examples); err != nil {
		return nil, err
	}
	out, err := net.Forward(e.x)
	if err != nil {
		return nil, err
	}
	e.a = out.A
	if e.prog, err = e.g.CompileForward(e.a); err != nil {
		return nil, err
	}
	m.evals[examples] = e
	return e, nil
}

// Predict returns the probabilities A, one per column of x (n_x, m).
func (m *Model) Predict(x *tensor.Dense) ([]float64, error) {
	if x == nil || x.Dims() != 2 {
		return nil, fmt.Errorf("train: predicting on %v: want X of shape (n_x, m): %w", shapeOf(x), graph.ErrShape)
	}
	if m.Net != nil && x.Shape()[0] != m.Net.Sizes()[0] {
		return nil, fmt.Errorf("train: predicting on X of shape %v: the model takes %d features, one example per column: %w",
			x.Shape(), m.Net.Sizes()[0], graph.ErrShape)
	}
	e, err := m.evaluator(x.Shape()[1])
	if err != nil {
		return nil, fmt.Errorf("train: predicting: %w", err)
	}
	if err := e.g.Feed(e.x, x); err != nil {
		return nil, fmt.Errorf("train: predicting: %w", err)
	}
	if err := e.prog.Run(); err != nil {
		return nil, fmt.Errorf("train: predicting: %w", err)
	}
	a, err := e.prog.Value(e.a)
	if err != nil {
		return nil, err
	}
	return append([]float64(nil), a.Data().([]float64)...), nil
}

func shapeOf(x *tensor.Dense) any {
	if x == nil {
		return "nil"
	}
	return x.Shape()
}

// Classes returns the predicted labels: 1 where the probability is above
// 0.5, as the exercise's predict does, else 0.
func Classes(probs []float64) []float64 {
	out := make([]float64, len(probs))
	for i, p := range probs {
		if p > 0.5 {
			out[i] = 1
		}
	}
	return out
}

// Accuracy returns the fraction of the columns of x whose predicted label
// equals y's.
func (m *Model) Accuracy(x, y *tensor.Dense) (float64, error) {
	if err := checkData(x, y); err != nil {
		return 0, err
	}
	probs, err := m.Predict(x)
	if err != nil {
		return 0, err
	}
	labels := floats(y)
	right := 0
	for i, c := range Classes(probs) {
		if c == labels[i] {
			right++
		}
	}
	return float64(right) / float64(len(labels)), nil
}
