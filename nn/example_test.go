package nn_test

import (
	"fmt"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/nn"
)

// The exercise's network and the shapes of its forward pass, examples as
// columns: X (2, m) → A1 (4, m) → A2 (1, m).
func ExampleNewTwoLayer() {
	g := graph.New()
	net, err := nn.NewTwoLayer(g, 2, 4, 1, nprand.New(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range net.Params() {
		fmt.Println(p.Name(), p.Shape())
	}
	x, err := g.Input("X", 2, 400)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := net.Forward(x)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("A1", out.Hidden[0].Shape(), "A2", out.A.Shape())
	// Output:
	// W1 (4, 2)
	// b1 (4, 1)
	// W2 (1, 4)
	// b2 (1, 1)
	// A1 (4, 400) A2 (1, 400)
}
