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
	nnmodel "github.com/gradlab/gradlab/nn/model"
	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/gorgonia"
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

// model is one logistic regression trained on a graph of its own:
// gradients are built once per graph, so each form of the cost gets one.
type model struct {
	net  *nn.MLP        // one sigmoid unit: W (1, n_x), b (1, 1)
	prog *graph.Program // forward and backward, for training
	opt  optim.Optimizer
}

// newModel declares A = σ(W·X + b) and the cost built by form, with W drawn
// as the exercise draws weights: numpy's seed 2, randn·0.01.
func newModel(set *datasets.Set, form func(a, y *gorgonia.Node) (*gorgonia.Node, error), lr float64) (*model, error) {
	net, err := nn.NewMLP(graph.New(), nn.Config{Inputs: set.Dims()}, nprand.New(2)) // no hidden layer
	if err != nil {
		return nil, err
	}
	pass, err := net.NewPass(set.Examples())
	if err != nil {
		return nil, err
	}
	y, err := pass.Graph.Input("Y", 1, set.Examples())
	if err != nil {
		return nil, err
	}
	cost, err := form(pass.A, y)
	if err != nil {
		return nil, err
	}
	// BCEDot gives a (1,1) matrix, as np.dot does; autodiff needs a scalar,
	// which AsScalar makes (numpy's np.squeeze or asscalar step).
	if cost, err = graph.AsScalar(cost); err != nil {
		return nil, err
	}
	prog, err := pass.Graph.Compile(cost)
	if err != nil {
		return nil, err
	}
	if err := pass.Graph.Feed(pass.X, set.X); err != nil {
		return nil, err
	}
	if err := pass.Graph.Feed(y, set.Y); err != nil {
		return nil, err
	}
	opt, err := optim.New(optim.Config{Name: "gd", LearningRate: lr})
	if err != nil {
		return nil, err
	}
	return &model{net: net, prog: prog, opt: opt}, nil
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
	return cost, md.opt.Step(md.prog.ValueGrads())
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
			fmt.Fprintf(w, "%9d  %.8f  %.8f   %.1e\n", i, cd, cm, maxDiff(dot.net.Params()[0].Value(), mulsum.net.Params()[0].Value()))
		}
	}
	// Predictions run on a forward-only program of the model's: running the
	// training one would add to the gradients of the next step.
	m, err := (&nnmodel.Model{Net: dot.net}).Evaluate(set.X, set.Y)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Accuracy of logistic regression: %.2f%% (percentage of correctly labelled datapoints)\n", 100*m.Accuracy)
	return nil
}

func maxDiff(a, b gorgonia.Value) float64 {
	u, v := a.Data().([]float64), b.Data().([]float64)
	d := 0.0
	for i := range u {
		d = math.Max(d, math.Abs(u[i]-v[i]))
	}
	return d
}
