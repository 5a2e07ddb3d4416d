package graph

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Scalar returns the one element of v as a float64, as numpy's asscalar
// (now ndarray.item) does: v may have any shape that holds exactly one
// element, such as (), (1), (1,1) or (1,1,1). Any other size is an error that
// names the shape.
func Scalar(v gorgonia.Value) (float64, error) {
	if v == nil {
		return 0, fmt.Errorf("graph: scalar of a nil value")
	}
	if n := v.Shape().TotalSize(); n != 1 && !v.Shape().IsScalar() {
		return 0, fmt.Errorf("graph: value of shape %v holds %d elements, not one: %w", v.Shape(), n, ErrShape)
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
	return 0, fmt.Errorf("graph: value of dtype %v is not a float: %w", v.Dtype(), ErrDtype)
}

// AsScalar returns n reshaped to a scalar node: the graph's asscalar step,
// which Grad needs because it differentiates only scalar costs. n must hold
// exactly one element; a (1,1) result of a matrix product is the usual case.
func AsScalar(n *gorgonia.Node) (*gorgonia.Node, error) {
	if n.IsScalar() {
		return n, nil
	}
	if size := n.Shape().TotalSize(); size != 1 {
		return nil, fmt.Errorf("graph: %s of shape %v holds %d elements, not one: %w", n.Name(), n.Shape(), size, ErrShape)
	}
	s, err := gorgonia.Reshape(n, tensor.ScalarShape())
	if err != nil {
		return nil, fmt.Errorf("graph: reshaping %s of shape %v to a scalar: %w", n.Name(), n.Shape(), err)
	}
	return s, nil
}
