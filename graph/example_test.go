package graph_test

import (
	"fmt"

	"github.com/gradlab/gradlab/graph"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Scalar is numpy's asscalar: any value of one element, whatever its
// number of dimensions, becomes a float64.
func ExampleScalar() {
	v := tensor.New(tensor.WithShape(1, 1, 1), tensor.WithBacking([]float64{0.6931}))
	x, err := graph.Scalar(v)
	fmt.Println(x, err)

	_, err = graph.Scalar(tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{1, 2})))
	fmt.Println(err)
	// Output:
	// 0.6931 <nil>
	// graph: shape mismatch: value of shape (1, 2) holds 2 elements, not one
}

// A small model end to end: declare, feed, compile, run, read.
func ExampleGraph_Compile() {
	g := graph.New()
	w, _ := g.Param("w", tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{0.5, -1})))
	x, _ := g.Input("x", 2, 1)
	_ = g.Feed(x, tensor.New(tensor.WithShape(2, 1), tensor.WithBacking([]float64{2, 3})))

	wx := gorgonia.Must(gorgonia.Mul(w, x)) // (1,2)×(2,1) is a (1,1) matrix
	cost, _ := graph.AsScalar(wx)           // gradients need a scalar
	p, err := g.Compile(cost)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := p.Run(); err != nil {
		fmt.Println(err)
		return
	}
	c, _ := p.Cost()
	dw, _ := p.Grad(w)
	fmt.Println("w·x =", c, " ∂/∂w =", dw.Data())
	// Output:
	// w·x = -2  ∂/∂w = [2 3]
}
