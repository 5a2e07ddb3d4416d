package gradcheck

import (
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/graph/gradtest"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestMyLayer checks the gradient of a small cost of one's own: the sum
// of tanh(W·X) for a 2×3 weight matrix and 5 examples.
func TestMyLayer(t *testing.T) {
	g := graph.New()
	w, err := g.Param("W", tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float64{0.1, -0.2, 0.3, 0.4, -0.5, 0.6})))
	if err != nil {
		t.Fatal(err)
	}
	x, err := g.Input("X", 3, 5)
	if err != nil {
		t.Fatal(err)
	}
	data := make([]float64, 15)
	for i := range data {
		data[i] = float64(i%4) - 1.5
	}
	if err := g.Feed(x, tensor.New(tensor.WithShape(3, 5), tensor.WithBacking(data))); err != nil {
		t.Fatal(err)
	}
	wx, err := gorgonia.Mul(w, x)
	if err != nil {
		t.Fatal(err)
	}
	h, err := gorgonia.Tanh(wx)
	if err != nil {
		t.Fatal(err)
	}
	cost, err := gorgonia.Sum(h) // any scalar node
	if err != nil {
		t.Fatal(err)
	}
	p, err := g.Compile(cost)
	if err != nil {
		t.Fatal(err)
	}
	gradtest.Check(t, p)
}
