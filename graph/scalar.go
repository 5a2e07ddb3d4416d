package graph

import (
	"fmt"

	"github.com/gradlab/gradlab/internal/typednil"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Scalar returns the one element of v as a float64, as numpy's asscalar
// (now ndarray.item) does: v may have any shape that holds exactly one
// element, such as (), (1), (1,1) or (1,1,1). Any other size is an error that
// names the shape.
func Scalar(v gorgonia.Value) (float64, error) {
	if isNil(v) {
		return 0, fmt.Errorf("graph: scalar of a nil value")
	}
	if d, ok := v.(*tensor.Dense); ok && d.Dtype().Type == nil {
		return 0, fmt.Errorf("graph: scalar of a zero tensor.Dense, which has no dtype: %w", ErrDtype)
	}
	if n := v.Shape().TotalSize(); n != 1 && !v.Shape().IsScalar() {
		return 0, fmt.Errorf("%w: value of shape %v holds %d elements, not one", ErrShape, v.Shape(), n)
	}
	switch x := v.(type) { // before Data, which boxes a scalar
	case *gorgonia.F64:
		return float64(*x), nil
	case *gorgonia.F32:
		return float64(*x), nil
	}
	switch x := v.Data().(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case []float64:
		return x[0], nil
	case []float32:
		return float64(x[0]), nil
	}
	return 0, fmt.Errorf("%w: value of dtype %v is not a float", ErrDtype, v.Dtype())
}

// AsScalar returns the one element of n as a scalar node: the graph's
// asscalar step, which gradients need because they start from a scalar
// cost. n must hold exactly one element; a (1,1) result of a matrix product
// is the usual case.
//
// The element is taken with a sum rather than a reshape: gorgonia's reshape
// returns a view, and an in-place op downstream of a view can overwrite the
// value it views (the gradient seed, for one).
func AsScalar(n *gorgonia.Node) (*gorgonia.Node, error) {
	if n == nil {
		return nil, fmt.Errorf("graph: scalar of a nil node")
	}
	if n.IsScalar() {
		return n, nil
	}
	if size := n.Shape().TotalSize(); size != 1 {
		return nil, fmt.Errorf("%w: %s of shape %v holds %d elements, not one", ErrShape, n.Name(), n.Shape(), size)
	}
	s, err := gorgonia.Sum(n)
	if err != nil {
		return nil, fmt.Errorf("graph: taking the element of %s of shape %v: %w", n.Name(), n.Shape(), err)
	}
	return s, nil
}

// isNil reports whether v is nil or a nil pointer in an interface, as a
// (*tensor.Dense)(nil) passed for a tensor.Tensor is.
func isNil(v any) bool { return typednil.Is(v) }
