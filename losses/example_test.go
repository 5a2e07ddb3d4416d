package losses_test

import (
	"fmt"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The lesson behind the two forms: for general matrices the sum of a
// matrix product is not the sum of the elementwise product. Only for a
// (1,m) row times an (m,1) column do they agree.
func Example() {
	g := graph.New()
	a, _ := g.Input("A", 2, 2)
	b, _ := g.Input("B", 2, 2)
	_ = g.Feed(a, tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 2, 3, 4})))
	_ = g.Feed(b, tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 2, 2, 3})))

	sumDot := gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.Mul(a, b))))          // np.sum(np.dot(A, B))
	sumMul := gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.HadamardProd(a, b)))) // np.sum(np.multiply(A, B))

	p, err := g.CompileForward(sumDot, sumMul)
	if err == nil {
		err = p.Run()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	d, _ := p.Value(sumDot)
	m, _ := p.Value(sumMul)
	fmt.Println("sum(dot(A, B))      =", d)
	fmt.Println("sum(multiply(A, B)) =", m)
	// Output:
	// sum(dot(A, B))      = 42
	// sum(multiply(A, B)) = 23
}

// BCEDot's matrix products leave a (1,1) matrix, as np.dot does, while
// BCEMulSum's sum is a scalar. Gradients start from a scalar cost, so the
// dot form needs the asscalar step, graph.AsScalar; graph.Scalar does the
// same for a value.
func ExampleBCEDot() {
	g := graph.New()
	a, _ := g.Input("A2", 1, 8)
	y, _ := g.Input("Y", 1, 8)
	_ = g.Feed(a, tensor.New(tensor.WithShape(1, 8), tensor.WithBacking([]float64{0.8, 0.2, 0.95, 0.92, 0.01, 0.93, 0.1, 0.02})))
	_ = g.Feed(y, tensor.New(tensor.WithShape(1, 8), tensor.WithBacking([]float64{1, 0, 1, 1, 0, 1, 0, 0})))

	dot, _ := losses.BCEDot(a, y)
	mulsum, _ := losses.BCEMulSum(a, y)
	cost, _ := graph.AsScalar(dot)
	fmt.Printf("BCEDot shape %v, BCEMulSum shape %v, AsScalar(BCEDot) shape %v\n", dot.Shape(), mulsum.Shape(), cost.Shape())

	p, err := g.CompileForward(dot, mulsum)
	if err == nil {
		err = p.Run()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	dv, _ := p.Value(dot)
	mv, _ := p.Value(mulsum)
	ds, _ := graph.Scalar(dv)
	fmt.Printf("dot %v -> %.8f\n", dv.Data(), ds)
	fmt.Printf("mulsum %.8f\n", mv.Data())
	// Output:
	// BCEDot shape (1, 1), BCEMulSum shape (), AsScalar(BCEDot) shape ()
	// dot [0.09864328220233795] -> 0.09864328
	// mulsum 0.09864328
}

// A dot product of two 1-D vectors is a scalar already: only a row matrix
// times a column matrix leaves the (1,1) that needs the asscalar step.
func Example_vectorDot() {
	g := graph.New()
	u, _ := g.Input("u", 3)
	v, _ := g.Input("v", 3)
	_ = g.Feed(u, tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{1, 2, 3})))
	_ = g.Feed(v, tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{4, 5, 6})))
	d := gorgonia.Must(gorgonia.Mul(u, v))
	fmt.Println("shape", d.Shape(), "scalar:", d.IsScalar())

	p, err := g.CompileForward(d)
	if err == nil {
		err = p.Run()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ := p.Cost()
	fmt.Println("u·v =", c)
	// Output:
	// shape () scalar: true
	// u·v = 32
}
