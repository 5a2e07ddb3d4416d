// Command fromgo trains the exercise's network from Go, as the README's
// "Training from Go" shows: the notebook's data and weights, Adam instead
// of plain gradient descent, both BCE forms compared at every report; then
// it measures the model and, with -save, writes it to a file.
//
//	go run ./examples/fromgo [-iters 3000] [-save model.json]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/nn/model"
	"github.com/gradlab/gradlab/nn/train"
	"github.com/gradlab/gradlab/optim"
)

func main() {
	iters := flag.Int("iters", 3000, "training iterations")
	save := flag.String("save", "", "write the trained model to this file")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *iters, *save); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer, iters int, save string) error {
	set, err := datasets.Planar(400, 1) // X (2, 400), Y (1, 400): load_planar_dataset()
	if err != nil {
		return err
	}
	opt, err := optim.New(optim.Config{Name: "adam", LearningRate: 0.01})
	if err != nil {
		return err
	}
	res, err := train.Train(ctx, set.X, set.Y, train.Config{
		Hidden:     []int{4},
		Weights:    nprand.New(2), // np.random.seed(2); any source with NormFloat64 works
		Optimizer:  opt,           // default: gradient descent at 1.2, the exercise's
		Iterations: iters,
		Compare:    true,
		OnReport: func(r train.Report) error {
			fmt.Fprintf(w, "Cost after iteration %d: %f (forms differ by %.1g)\n", r.Iteration, r.Cost, r.Compare.CostDiff)
			return nil
		},
	})
	if err != nil {
		return err
	}
	m, err := res.Model.Evaluate(set.X, set.Y) // on a forward-only program
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Train accuracy: %.2f%%, log loss %.4f\n", 100*m.Accuracy, m.LogLoss)
	if save == "" {
		return nil
	}
	res.Model.Meta = model.Meta{Loss: "mulsum", Optimizer: "adam"}
	return res.Model.Save(save)
}
