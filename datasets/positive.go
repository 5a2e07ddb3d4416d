package datasets

import (
	"fmt"

	"gorgonia.org/tensor"
)

// LabelNames returns the names of labels 0 and 1: s.Labels, or "0" and
// "1" for a set whose labels came as numbers.
func (s *Set) LabelNames() [2]string {
	if len(s.Labels) == 2 {
		return [2]string{s.Labels[0], s.Labels[1]}
	}
	return [2]string{"0", "1"}
}

// WithPositive returns the set with the class called name as class 1, the
// positive class whose probability a model predicts and whose precision
// and recall the metrics measure: s itself when it already is, else a
// copy with every label flipped (y → 1−y) and the names swapped. A set's
// names are LabelNames. It returns an *OptionError for a name that is
// neither, and for a set without labels.
func (s *Set) WithPositive(name string) (*Set, error) {
	names := s.LabelNames()
	switch {
	case s.Y == nil:
		return nil, &OptionError{Func: "WithPositive", Option: "name", Value: name, Want: "a set with labels"}
	case len(s.LabelColumns) > 1 || s.Y.Dims() == 2 && s.Y.Shape()[0] > 1:
		return nil, &OptionError{Func: "WithPositive", Option: "name", Value: name, Want: "a set of one label column: several hold 0 and 1 each"}
	case name == names[1]:
		return s, nil
	case name != names[0]:
		return nil, &OptionError{Func: "WithPositive", Option: "name", Value: name,
			Want: fmt.Sprintf("a label of %s: %q or %q", s.Name, names[0], names[1])}
	}
	ys := s.Y.Data().([]float64)
	flipped := make([]float64, len(ys))
	for i, y := range ys {
		flipped[i] = 1 - y
	}
	out := *s
	out.Y = tensor.New(tensor.WithShape(s.Y.Shape().Clone()...), tensor.WithBacking(flipped))
	out.Labels = []string{names[1], names[0]}
	return &out, nil
}
