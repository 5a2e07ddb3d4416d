// Command logreg is logistic regression — one sigmoid unit, no hidden
// layer — written with gradlab's packages, and trained twice side by side:
// once with the dot form of the BCE cost and once with the multiply+sum
// form. At every report it prints both costs and how far apart the two
// models' weights are, which stays at rounding level: the forms agree
// because Y and A are (1, m).
//
// On the exercise's planar data it reaches the accuracy of the notebook's
// logistic-regression baseline, about 47%: the two petal-shaped classes are
// not linearly separable, so one linear boundary does barely better than
// guessing. That is why the exercise adds a hidden layer (go run
// ./cmd/train gets 90%).
//
//	go run ./examples/logreg [-iters 10000] [-lr 1.2] [-every 1000]
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func main() {
	iters := flag.Int("iters", 10000, "gradient-descent iterations")
	lr := flag.Float64("lr", 1.2, "learning rate")
	every := flag.Int("every", 1000, "report every N iterations")
	flag.Parse()
	if *iters < 0 || !(*lr > 0) || *every < 1 {
		fmt.Fprintln(os.Stderr, "logreg: -iters must be ≥ 0, -lr > 0 and -every ≥ 1")
		os.Exit(2)
	}
	if err := run(os.Stdout, *iters, *lr, *every); err != nil {
		fmt.Fprintln(os.Stderr, "logreg:", err)
		os.Exit(1)
	}
}

// model is one logistic regression on its own graph: gorgonia graphs are
// not shared, so each form of the cost gets a graph of its own.
type model struct {
	g      *graph.Graph
	x, y   *gorgonia.Node
	unit   *nn.Dense
	a      *gorgonia.Node // the predictions, (1, m)
	prog   *graph.Program // forward and backward, for training
	fwd    *graph.Program // forward only, for predictions
	solver gorgonia.Solver
}

// newModel declares A = σ(W·X + b) and the cost built by form, with W drawn
// as the exercise draws weights: numpy's seed 2, randn·0.01.
func newModel(set *datasets.Set, form func(a, y *gorgonia.Node) (*gorgonia.Node, error), lr float64) (*model, error) {
	n, m := set.Dims(), set.Examples()
	g := graph.New()
	x, err := g.Input("X", n, m)
	if err != nil {
		return nil, err
	}
	y, err := g.Input("Y", 1, m)
	if err != nil {
		return nil, err
	}
	unit, err := nn.NewDense(g, "", n, 1, nn.Sigmoid, nn.Small, nprand.New(2))
	if err != nil {
		return nil, err
	}
	_, a, err := unit.Forward(x)
	if err != nil {
		return nil, err
	}
	cost, err := form(a, y)
	if err != nil {
		return nil, err
	}
	// BCEDot gives a (1,1) matrix, as np.dot does; autodiff needs a scalar,
	// which AsScalar makes (numpy's np.squeeze or asscalar step).
	if cost, err = graph.AsScalar(cost); err != nil {
		return nil, err
	}
	prog, err := g.Compile(cost)
	if err != nil {
		return nil, err
	}
	// Predictions get a program of their own: running the training one
	// would add to the gradients that the solver's next step uses.
	fwd, err := g.CompileForward(a)
	if err != nil {
		return nil, err
	}
	if err := g.Feed(x, set.X); err != nil {
		return nil, err
	}
	if err := g.Feed(y, set.Y); err != nil {
		return nil, err
	}
	return &model{g, x, y, unit, a, prog, fwd, gorgonia.NewVanillaSolver(gorgonia.WithLearnRate(lr))}, nil
}

// step runs forward and backward, updates the weights and returns the cost
// before the update, as the exercise prints it.
func (md *model) step() (float64, error) {
	if err := md.prog.Run(); err != nil {
		return 0, err
	}
	cost, err := md.prog.Cost()
	if err != nil {
		return 0, err
	}
	return cost, md.solver.Step(md.prog.ValueGrads())
}

func run(w io.Writer, iters int, lr float64, every int) error {
	set, err := datasets.Planar(400, 1)
	if err != nil {
		return err
	}
	dot, err := newModel(set, losses.BCEDot, lr)
	if err != nil {
		return err
	}
	mulsum, err := newModel(set, losses.BCEMulSum, lr)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%9s  %-10s  %-10s  %s\n", "iteration", "cost dot", "cost mulsum", "max |W dot − W mulsum|")
	for i := range iters {
		cd, err := dot.step()
		if err != nil {
			return err
		}
		cm, err := mulsum.step()
		if err != nil {
			return err
		}
		if i%every == 0 {
			fmt.Fprintf(w, "%9d  %.8f  %.8f   %.1e\n", i, cd, cm, maxDiff(dot.unit.W.Value(), mulsum.unit.W.Value()))
		}
	}
	acc, err := dot.accuracy(set.Y)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Accuracy of logistic regression: %.2f%% (percentage of correctly labelled datapoints)\n", 100*acc)
	return nil
}

// accuracy counts the predictions (A > 0.5) that equal the labels.
func (md *model) accuracy(y *tensor.Dense) (float64, error) {
	if err := md.fwd.Run(); err != nil {
		return 0, err
	}
	a, err := md.fwd.Value(md.a)
	if err != nil {
		return 0, err
	}
	pred, labels := a.Data().([]float64), y.Data().([]float64)
	right := 0
	for i, p := range pred {
		if (p > 0.5) == (labels[i] == 1) {
			right++
		}
	}
	return float64(right) / float64(len(labels)), nil
}

func maxDiff(a, b gorgonia.Value) float64 {
	u, v := a.Data().([]float64), b.Data().([]float64)
	d := 0.0
	for i := range u {
		d = math.Max(d, math.Abs(u[i]-v[i]))
	}
	return d
}
