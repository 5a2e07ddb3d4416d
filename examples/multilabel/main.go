// Command multilabel trains a network of three sigmoid outputs on three
// label columns, as the README's "Several outputs" shows: the data set
// beside it (scikit-learn's make_multilabel_classification), the dot form
// of the cost through its trace, and compare mode's naive sum(dot), with
// its cross terms, beside the cost; then each label's accuracy.
//
//	go run ./examples/multilabel [-iters 2000]
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
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn/train"
)

func main() {
	iters := flag.Int("iters", 2000, "training iterations")
	path := flag.String("csv", "examples/multilabel/multilabel.csv", "the data")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *path, *iters); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer, path string, iters int) error {
	raw, err := datasets.LoadCSV(path, datasets.CSVOptions{NoLabels: true})
	if err != nil {
		return err
	}
	set, err := raw.WithLabelColumns([]string{"a", "b", "c"}) // X (4, 300), Y (3, 300)
	if err != nil {
		return err
	}
	z, err := datasets.FitStandardizer(set.X)
	if err != nil {
		return err
	}
	x, err := z.Apply(set.X)
	if err != nil {
		return err
	}
	trace, err := losses.ByName("trace") // "dot" refuses three rows: *losses.CrossTermsError
	if err != nil {
		return err
	}
	res, err := train.Train(ctx, x, set.Y, train.Config{
		Hidden:     []int{8},
		Weights:    nprand.New(2),
		Loss:       trace,
		Iterations: iters,
		Compare:    true,
		OnReport: func(r train.Report) error {
			fmt.Fprintf(w, "Cost after iteration %d: %f (naive sum(dot) %f)\n", r.Iteration, r.Cost, r.Compare.NaiveDot)
			return nil
		},
	})
	if err != nil {
		return err
	}
	res.Model.Standardize = &z // the model takes raw data from now on
	per, err := res.Model.EvaluateLabels(set.X, set.Y)
	if err != nil {
		return err
	}
	for k, m := range per {
		fmt.Fprintf(w, "Label %s: accuracy %.2f%%, F1 %.4f\n", set.LabelColumns[k], 100*m.Accuracy, m.F1)
	}
	p, err := res.Model.Probabilities(set.X) // (3, 300): row k is label k
	if err != nil {
		return err
	}
	v, m := p.Float64s(), set.Examples()
	fmt.Fprintf(w, "First example: P(a) %.3f, P(b) %.3f, P(c) %.3f\n", v[0], v[m], v[2*m])
	return nil
}
