package gradcheck

import (
	"fmt"
	"math"

	"github.com/gradlab/gradlab/graph"
	"gorgonia.org/gorgonia"
)

// target is one node checked: its values, which the check moves in place
// and restores, and its analytic gradient.
type target struct {
	node *gorgonia.Node
	f64  []float64
	f32  []float32
	grad []float64
}

func newTarget(p *graph.Program, n *gorgonia.Node) (*target, error) {
	if n == nil {
		return nil, fmt.Errorf("%w: a nil node", ErrNotDifferentiated)
	}
	g, err := p.Grad(n)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrNotDifferentiated, n.Name(), err)
	}
	v := n.Value()
	if v == nil {
		return nil, fmt.Errorf("gradcheck: %s has no value: feed it before the check", n.Name())
	}
	t := &target{node: n}
	switch d := v.Data().(type) {
	case []float64:
		if gd, ok := g.Data().([]float64); ok && len(gd) == len(d) {
			t.f64, t.grad = d, append([]float64(nil), gd...)
		}
	case []float32:
		if gd, ok := g.Data().([]float32); ok && len(gd) == len(d) {
			t.f32 = d
			for _, x := range gd {
				t.grad = append(t.grad, float64(x))
			}
		}
	}
	if t.grad == nil {
		return nil, fmt.Errorf("gradcheck: %s holds %v of shape %v and its gradient %v of shape %v: want float64 or float32 tensors of one shape (a scalar node cannot be checked)",
			n.Name(), v.Dtype(), v.Shape(), g.Dtype(), g.Shape())
	}
	return t, nil
}

func (t *target) len() int { return len(t.grad) }

func (t *target) get(i int) float64 {
	if t.f32 != nil {
		return float64(t.f32[i])
	}
	return t.f64[i]
}

// set stores x in element i and returns the value stored, x rounded to
// the node's dtype.
func (t *target) set(i int, x float64) float64 {
	if t.f32 != nil {
		t.f32[i] = float32(x)
		return float64(t.f32[i])
	}
	t.f64[i] = x
	return x
}

// index turns a flat row-major index into coordinates of the node's shape.
func (t *target) index(i int) []int { return unravel(i, t.node.Shape()) }

// relNorm is ‖a−b‖₂ / (‖a‖₂+‖b‖₂) from the squared norms; two zero
// gradients agree perfectly.
func relNorm(diff2, a2, b2 float64) float64 {
	den := math.Sqrt(a2) + math.Sqrt(b2)
	if den == 0 {
		return 0
	}
	return math.Sqrt(diff2) / den
}

func abs(x float64) float64 { return math.Abs(x) }
