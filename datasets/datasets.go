// Package datasets provides the data gradlab trains on: the exercise's
// planar "flower", toy generators, a real data set, and CSV files, with
// the utilities a training run needs (split, standardization, shuffling,
// mini-batches).
//
// Data follow the exercise's layout: X is (n_features, m), one example per
// column, and Y is (1, m) with labels 0 and 1, or (K, m) for K label
// columns of a multi-label problem (Set.WithLabelColumns). Generators draw from
// nprand, numpy's legacy generator, so that with the same seed they give
// what the course notebook and scikit-learn give.
//
// No function panics on a caller's value: a nil or empty Set, a tensor
// that is not float64, an option out of range are errors, of the types
// ParseError, OptionError and FeatureError or wrapping graph.ErrShape.
package datasets

import (
	"fmt"

	"github.com/gradlab/gradlab/graph"
	"gorgonia.org/tensor"
)

// Set is a labelled data set.
type Set struct {
	Name string
	X    *tensor.Dense // (n_features, m), float64
	Y    *tensor.Dense // (1, m), labels 0 and 1; nil for a CSV read with NoLabels; (K, m) for K label columns (WithLabelColumns)

	// Features names the rows of X; it may be nil.
	Features []string
	// Labels holds the original names of labels 0 and 1 when the data
	// came with other names (a CSV's "B" and "M"); it may be nil.
	Labels []string
	// Label names the label column of a CSV with a header ("diagnosis");
	// "" means "y", the name WriteCSV gives it.
	Label string
	// LabelColumns name the K label columns of a set whose Y has K > 1
	// rows, one per row of Y; Label and Labels are then unset.
	LabelColumns []string

	// Weights is a (1, m) row of one sample weight per example, each a
	// finite number > 0, as a CSV's weight column gives them
	// (CSVOptions.Weight); nil without. Shuffle and Split keep each
	// example's weight with it; Batches leave the weights out.
	Weights *tensor.Dense
	// WeightColumn names the weight column, as the CSV's header does or
	// by its 0-based index without one; "" without weights.
	WeightColumn string
}

// newSet builds a Set from row-major feature data x (n rows of m values)
// and labels y (m values, or K rows of m), checking that they fit.
func newSet(name string, n, m int, x, y []float64) (*Set, error) {
	if n <= 0 || m <= 0 || len(x) != n*m || len(y) < m || len(y)%m != 0 {
		return nil, fmt.Errorf("datasets: %s: %d features × %d examples from %d values and %d labels: %w",
			name, n, m, len(x), len(y), graph.ErrShape)
	}
	return &Set{
		Name: name,
		X:    tensor.New(tensor.WithShape(n, m), tensor.WithBacking(x)),
		Y:    tensor.New(tensor.WithShape(len(y)/m, m), tensor.WithBacking(y)),
	}, nil
}

// Examples returns m, the number of examples; 0 for a set without X.
func (s *Set) Examples() int {
	if s == nil || s.X == nil || s.X.Dims() != 2 {
		return 0
	}
	return s.X.Shape()[1]
}

// Dims returns n_features, the number of features; 0 for a set without X.
func (s *Set) Dims() int {
	if s == nil || s.X == nil || s.X.Dims() != 2 {
		return 0
	}
	return s.X.Shape()[0]
}

// checkSet returns an error wrapping graph.ErrShape unless s has a float64 X
// of shape (n_features, m) with n_features, m ≥ 1 and, if labelled, a
// float64 Y of m values; what names the caller in the error.
func checkSet(s *Set, labelled bool, what string) error {
	fail := func(why string) error {
		return fmt.Errorf("datasets: %s: %s: %w", what, why, graph.ErrShape)
	}
	switch {
	case s == nil:
		return fail("a nil set")
	case !matrix(s.X):
		return fail(fmt.Sprintf("X %s: want a float64 (n_features, m) matrix", describe(s.X)))
	case s.Weights != nil && (s.Weights.Dtype() != tensor.Float64 || s.Weights.Shape().TotalSize() != s.Examples()):
		return fail(fmt.Sprintf("Weights %s for %d examples: want a float64 (1, %d) row", describe(s.Weights), s.Examples(), s.Examples()))
	case !labelled:
		return nil
	case s.Y == nil:
		return fail("a set without labels")
	case s.Y.Dtype() != tensor.Float64 || s.Y.Shape().TotalSize() != s.Examples() && !(s.Y.Dims() == 2 && s.Y.Shape()[1] == s.Examples()):
		return fail(fmt.Sprintf("Y %s for %d examples: want %d float64 labels, or a (K, %d) matrix", describe(s.Y), s.Examples(), s.Examples(), s.Examples()))
	}
	return nil
}

// matrix reports whether x is a float64 matrix of at least one value.
func matrix(x *tensor.Dense) bool {
	return x != nil && x.Dims() == 2 && x.Dtype() == tensor.Float64 && x.Shape()[0] >= 1 && x.Shape()[1] >= 1
}

// describe returns a tensor's dtype and shape for an error, or "nil".
func describe(x *tensor.Dense) string {
	if x == nil {
		return "nil"
	}
	if x.Dtype().Type == nil { // a zero Dense, whose Dtype cannot print
		return "an empty tensor"
	}
	return fmt.Sprintf("%v %v", x.Dtype(), x.Shape())
}
