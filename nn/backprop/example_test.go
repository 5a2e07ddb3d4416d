package backprop_test

import (
	"fmt"
	"log"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/nn/backprop"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The notebook's backward_propagation check (testCases_v2.py) with the
// cache it supplies: A1, A2 and W2 as the notebook prints them, X =
// randn(2, 3) and Y = randn(1, 3) > 0 after np.random.seed(1). The
// gradients print as the notebook prints them.
func ExampleBackward() {
	g := graph.New()
	input := func(name string, rows, cols int, v ...float64) *gorgonia.Node {
		n, err := g.Input(name, rows, cols)
		if err != nil {
			log.Fatal(err)
		}
		if err := g.Feed(n, tensor.New(tensor.WithShape(rows, cols), tensor.WithBacking(v))); err != nil {
			log.Fatal(err)
		}
		return n
	}
	cache := backprop.Cache{
		A1: input("A1", 4, 3,
			-0.00616578, 0.0020626, 0.00349619,
			-0.05225116, 0.02725659, -0.02646251,
			-0.02009721, 0.0036869, 0.02883756,
			0.02152675, -0.01385234, 0.02599885),
		A2: input("A2", 1, 3, 0.5002307, 0.49985831, 0.50023963),
		W2: input("W2", 1, 4, -0.01057952, -0.00909008, 0.00551454, 0.02292208),
	}
	x := input("X", 2, 3, 1.62434536, -0.61175641, -0.52817175, -1.07296862, 0.86540763, -2.3015387)
	y := input("Y", 1, 3, 1, 0, 1)

	grads, err := backprop.Backward(cache, x, y)
	if err != nil {
		log.Fatal(err)
	}
	p, err := g.CompileForward(grads.List()...)
	if err != nil {
		log.Fatal(err)
	}
	if err := p.Run(); err != nil {
		log.Fatal(err)
	}
	for i, name := range []string{"dW1", "db1", "dW2", "db2"} {
		v, err := p.Value(grads.List()[i])
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s = %.8f\n", name, v.Data())
	}
	// Output:
	// dW1 = [0.00301023 -0.00747267 0.00257968 -0.00641288 -0.00156892 0.00389300 -0.00652037 0.01618243]
	// db1 = [0.00176201 0.00150995 -0.00091736 -0.00381422]
	// dW2 = [0.00078841 0.01765429 -0.00084166 -0.01022527]
	// db2 = [-0.16655712]
}
