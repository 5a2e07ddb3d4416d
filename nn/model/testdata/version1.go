// Command version1 writes testdata/version1.json with gradlab at main 05474aa,
// before float32 models: go run it in a module that requires gradlab there.
package main

import (
	"math/rand/v2"
	"os"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/model"
)

func main() {
	net, err := nn.NewMLP(graph.New(), nn.Config{Inputs: 2, Hidden: []int{3}, Activation: nn.Tanh, Init: nn.Xavier}, rand.New(rand.NewPCG(4, 4)))
	if err != nil {
		panic(err)
	}
	m := &model.Model{Net: net, Meta: model.Meta{Loss: "mulsum", Optimizer: "gd", Features: []string{"a", "b"}, Labels: []string{"B", "M"}},
		Standardize: &datasets.Standardizer{Mean: []float64{0.1, -0.2}, Std: []float64{1.5, 0.7}}}
	if err := m.Save(os.Args[1]); err != nil {
		panic(err)
	}
}
