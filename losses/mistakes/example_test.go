package mistakes_test

import (
	"errors"
	"fmt"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/losses/mistakes"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The gallery on the lesson's BCE example: what each wrong compute_cost
// returns. numpy gives the same numbers (testdata/mistakes.json).
func Example() {
	g := graph.New()
	a, _ := g.Input("A2", 1, 8)
	y, _ := g.Input("Y", 1, 8)
	_ = g.Feed(a, tensor.New(tensor.WithShape(1, 8), tensor.WithBacking([]float64{0.8, 0.2, 0.95, 0.92, 0.01, 0.93, 0.1, 0.02})))
	_ = g.Feed(y, tensor.New(tensor.WithShape(1, 8), tensor.WithBacking([]float64{1, 0, 1, 1, 0, 1, 0, 0})))

	correct, _ := losses.BCEMulSum(a, y)
	costs := []*gorgonia.Node{correct}
	names := []string{"correct"}
	for _, m := range mistakes.All() {
		c, err := m.Build(a, y)
		var na *mistakes.NotAlignedError
		if errors.As(err, &na) {
			fmt.Printf("%-17s %v\n", m.Name, err)
			continue
		}
		costs = append(costs, c)
		names = append(names, m.Name)
	}
	p, err := g.CompileForward(costs...)
	if err == nil {
		err = p.Run()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, c := range costs {
		v, _ := p.Value(c)
		x, _ := graph.Scalar(v)
		fmt.Printf("%-17s %.8f, widest value %v\n", names[i], x, mistakes.Widest(c))
	}
	// Output:
	// no-transpose      mistakes: shapes (1,8) and (1,8) not aligned: 8 (dim 1) != 1 (dim 0)
	// correct           0.09864328, widest value (1, 8)
	// wrong-transpose   11.50426066, widest value (8, 8)
	// broadcast         11.50426066, widest value (8, 8)
	// no-mean           0.78914626, widest value (1, 8)
	// no-negative-class 0.05379864, widest value (1, 8)
	// no-minus          -0.09864328, widest value (1, 8)
}
