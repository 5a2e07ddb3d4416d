// Package model is a trained network as its users hold it: it predicts,
// is evaluated, and is saved to and loaded from a versioned JSON file with
// what it was trained with, including the standardization its inputs need.
//
// A Model takes data as the data arrived, one example per column, X of
// shape (n_x, m): when it was trained on standardized data, it applies the
// same standardization before the network. Its predictions run on
// forward-only programs, one per number of examples, never on a training
// program, so predicting never disturbs training (see package graph).
//
// A network of K > 1 sigmoid outputs, one per label of a multi-label
// problem, predicts K probabilities per example: Probabilities returns
// them as a (K, m) matrix, the shape of the labels Y it was trained on,
// and EvaluateLabels measures each output. Predict and Evaluate keep their
// one-output meaning, a probability per example, and refuse K > 1 with an
// error wrapping ErrOutputs rather than return K·m values a caller would
// take for m. Meta.LabelColumns names the outputs.
//
// Training makes models (package nn/train); metrics are package
// nn/metrics.
package model

import (
	"errors"
	"fmt"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/dense"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/metrics"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Model is a network with what it needs to predict on new data. A Model
// may be built as a literal around any network, &Model{Net: net}; it is not
// safe for concurrent use.
type Model struct {
	Net *nn.MLP

	// Standardize, when not nil, is applied to every X before the
	// network: the statistics fitted on the training data.
	Standardize *datasets.Standardizer

	// Meta is what the model was trained with, kept in its file.
	Meta Meta

	evals map[int]*evaluator
}

// Meta describes a model's training for the people and programs that use
// it later.
//
// Its names are printed as they are (the command line prints Labels with
// every prediction), so Save and Load refuse a name that is not valid
// UTF-8, holds a control character (a terminal would obey an escape
// sequence in a label) or is longer than MaxName bytes. A name that Load
// accepts is safe to print.
type Meta struct {
	Loss      string   `json:"loss,omitempty"`
	Optimizer string   `json:"optimizer,omitempty"`
	Features  []string `json:"features,omitempty"` // names of the inputs, the columns of a CSV to predict on
	Label     string   `json:"label,omitempty"`    // name of the label column
	Labels    []string `json:"labels,omitempty"`   // original names of labels 0 and 1
	// LabelColumns name the label columns of a model of K > 1 outputs,
	// one per output in order; Label and Labels are then unset.
	LabelColumns []string `json:"label_columns,omitempty"`
	// Threshold is the decision threshold the model predicts class 1
	// above; 0 means metrics.Threshold.
	Threshold float64 `json:"threshold,omitempty"`
	// WeightColumn names the column of sample weights the model was
	// trained with, not a feature: a CSV to predict on may hold it, and
	// it is left out of the inputs. "" without one.
	WeightColumn string `json:"weight_column,omitempty"`
}

// evaluator is the network's forward pass compiled for m examples.
type evaluator struct {
	pass *nn.Pass
	prog *graph.Program
}

func (m *Model) evaluator(examples int) (*evaluator, error) {
	if e, ok := m.evals[examples]; ok {
		return e, nil
	}
	pass, err := m.Net.NewPass(examples)
	if err != nil {
		return nil, err
	}
	prog, err := pass.Graph.CompileForward(pass.A)
	if err != nil {
		return nil, err
	}
	if m.evals == nil {
		m.evals = make(map[int]*evaluator) // a Model built as a literal
	}
	e := &evaluator{pass: pass, prog: prog}
	m.evals[examples] = e
	return e, nil
}

// Predict returns the probabilities of class 1, one per column of x
// (n_x, m), standardized first when the model says so. A model of K > 1
// outputs has K per column: Predict refuses it, with an error wrapping
// ErrOutputs, and Probabilities returns them. x is float64 for every
// model; a float32 network predicts in float32, on x rounded to float32
// after the standardization, and its probabilities are float32 numbers.
func (m *Model) Predict(x *tensor.Dense) ([]float64, error) {
	if err := m.check(x); err != nil {
		return nil, err
	}
	if k := m.Outputs(); k != 1 {
		return nil, fmt.Errorf("%w: %d outputs, one probability per example and output: use Probabilities", ErrOutputs, k)
	}
	return m.predict(x)
}

// ErrOutputs is wrapped by the errors of Predict and Evaluate for a model
// of several outputs, which Probabilities and EvaluateLabels take.
var ErrOutputs = errors.New("model: a model of several outputs")

// Outputs returns the number of the network's outputs, K: 1 for the
// exercise's network, and 0 for a model without a network.
func (m *Model) Outputs() int {
	if m == nil || m.Net == nil || len(m.Net.Layers) == 0 || m.Net.Check() != nil {
		return 0
	}
	s := m.Net.Sizes()
	return s[len(s)-1]
}

// Probabilities returns the probabilities of class 1 of each of the K
// outputs for each column of x (n_x, m): a (K, m) matrix, row k the
// probabilities of label k, as Y holds labels in training. For K = 1 its
// one row is what Predict returns.
func (m *Model) Probabilities(x *tensor.Dense) (*tensor.Dense, error) {
	if err := m.check(x); err != nil {
		return nil, err
	}
	p, err := m.predict(x)
	if err != nil {
		return nil, err
	}
	return tensor.New(tensor.WithShape(m.Outputs(), x.Shape()[1]), tensor.WithBacking(p)), nil
}

// predict returns the network's output on x, which check has accepted,
// row-major (K, m).
func (m *Model) predict(x *tensor.Dense) ([]float64, error) {
	if m.Standardize != nil {
		var err error
		if x, err = m.Standardize.Apply(x); err != nil {
			return nil, fmt.Errorf("model: standardizing: %w", err)
		}
	}
	e, err := m.evaluator(x.Shape()[1])
	if err != nil {
		return nil, fmt.Errorf("model: predicting: %w", err)
	}
	if dt := e.pass.Graph.Dtype(); dt != tensor.Float64 {
		// A float32 network predicts in float32, on X (standardized in
		// float64) rounded to it.
		x = dense.New(dt, dense.Floats(x), x.Shape()...)
	}
	if err := e.pass.Graph.Feed(e.pass.X, x); err != nil {
		return nil, fmt.Errorf("model: predicting: %w", err)
	}
	if err := e.prog.Run(); err != nil {
		return nil, fmt.Errorf("model: predicting: %w", err)
	}
	a, err := e.prog.Value(e.pass.A)
	if err != nil {
		return nil, fmt.Errorf("model: predicting: %w", err)
	}
	return floats(a), nil
}

// check reports an error unless m has a network and x fits it.
func (m *Model) check(x *tensor.Dense) error {
	if m == nil || m.Net == nil || len(m.Net.Layers) == 0 {
		return fmt.Errorf("model: a model without a network")
	}
	if err := m.Net.Check(); err != nil {
		return fmt.Errorf("model: %w", err)
	}
	nx := m.Net.Sizes()[0]
	switch {
	case m.Net.Layers[0].W.Dtype() != tensor.Float64 && m.Net.Layers[0].W.Dtype() != tensor.Float32:
		return fmt.Errorf("model: a %v network: a model predicts with float64 or float32 weights: %w", m.Net.Layers[0].W.Dtype(), graph.ErrDtype)
	case x == nil || x.Dims() != 2:
		return fmt.Errorf("model: predicting on %v: want X of shape (n_x, m): %w", dense.ShapeOf(x), graph.ErrShape)
	case x.Shape()[0] != nx:
		return fmt.Errorf("model: predicting on X of shape %v: the model takes %d features, one example per column: %w",
			x.Shape(), nx, graph.ErrShape)
	case x.Dtype() != tensor.Float64:
		return fmt.Errorf("model: predicting on %v data: want float64: %w", x.Dtype(), graph.ErrDtype)
	}
	return nil
}

// floats copies the elements of a program's float64 or float32 value, as
// float64s.
func floats(v gorgonia.Value) []float64 { return dense.Values(v) }

// Classes returns the predicted labels: 1 where the probability is above
// metrics.Threshold, as the exercise's predict does, else 0.
func Classes(probs []float64) []float64 { return ClassesAt(probs, metrics.Threshold) }

// ClassesAt returns the predicted labels: 1 where the probability is
// above threshold, else 0.
func ClassesAt(probs []float64, threshold float64) []float64 {
	out := make([]float64, len(probs))
	for i, p := range probs {
		if p > threshold {
			out[i] = 1
		}
	}
	return out
}

// Threshold is the model's decision threshold: Meta.Threshold, or
// metrics.Threshold where that is 0.
func (m *Model) Threshold() float64 {
	if m == nil || m.Meta.Threshold == 0 {
		return metrics.Threshold
	}
	return m.Meta.Threshold
}

// Evaluate predicts on x (n_x, m) and measures the predictions against the
// labels y (1, m), at the model's threshold (see Model.Threshold). A model
// of several outputs is refused, with an error wrapping ErrOutputs:
// EvaluateLabels measures each output.
func (m *Model) Evaluate(x, y *tensor.Dense) (metrics.Metrics, error) {
	return m.EvaluateAt(x, y, m.Threshold())
}

// EvaluateAt is Evaluate at the decision threshold given, in [0, 1].
func (m *Model) EvaluateAt(x, y *tensor.Dense, threshold float64) (metrics.Metrics, error) {
	if k := m.Outputs(); k > 1 {
		return metrics.Metrics{}, fmt.Errorf("%w: %d outputs, a metric per label: use EvaluateLabels", ErrOutputs, k)
	}
	if y == nil || y.Dims() != 2 || y.Shape()[0] != 1 || y.Dtype() != tensor.Float64 {
		return metrics.Metrics{}, fmt.Errorf("model: evaluating against labels of shape %v: want float64 (1, m): %w", dense.ShapeOf(y), graph.ErrShape)
	}
	probs, err := m.Predict(x)
	if err != nil {
		return metrics.Metrics{}, err
	}
	return metrics.EvaluateAt(probs, dense.Floats(y), threshold)
}

// EvaluateLabels predicts on x (n_x, m) and measures each of the K
// outputs against its row of the labels y (K, m), at the model's
// threshold: one Metrics per label, in order. For K = 1 its one element
// is Evaluate's.
func (m *Model) EvaluateLabels(x, y *tensor.Dense) ([]metrics.Metrics, error) {
	k := m.Outputs()
	if y == nil || y.Dims() != 2 || y.Dtype() != tensor.Float64 || k > 0 && y.Shape()[0] != k {
		return nil, fmt.Errorf("model: evaluating against labels of shape %v: want float64 (%d, m), a row per output: %w", dense.ShapeOf(y), k, graph.ErrShape)
	}
	probs, err := m.Probabilities(x)
	if err != nil {
		return nil, err
	}
	p, labels := probs.Float64s(), dense.Floats(y)
	n := x.Shape()[1]
	if len(labels) != len(p) {
		return nil, fmt.Errorf("model: evaluating %d examples against labels of shape %v: %w", n, y.Shape(), graph.ErrShape)
	}
	out := make([]metrics.Metrics, k)
	for r := range k {
		if out[r], err = metrics.EvaluateAt(p[r*n:(r+1)*n], labels[r*n:(r+1)*n], m.Threshold()); err != nil {
			return nil, fmt.Errorf("model: label %d: %w", r, err)
		}
	}
	return out, nil
}
