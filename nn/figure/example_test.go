package figure_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"slices"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/nn/figure"
	"github.com/gradlab/gradlab/nn/train"
)

// Pictures from Go: the exercise trained for 2,000 steps, its decision
// boundary over the planar data and its cost at every step, each written
// as a PNG (to a buffer here; to a file with os.Create, or with
// internal/outfile's care, as the command line does).
func Example() {
	set, err := datasets.Planar(400, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := train.Train(context.Background(), set.X, set.Y, train.Config{Weights: nprand.New(2), Iterations: 2000})
	if err != nil {
		fmt.Println(err)
		return
	}
	var boundary, costs bytes.Buffer
	b, err := figure.NewBoundaryWith(res.Model.Predict, set.X, set.Y, figure.BoundaryOptions{
		Title:  "The exercise after 2,000 steps",
		Labels: [2]string{"red", "blue"},
	}, 800, 600)
	if err == nil {
		err = b.WritePNG(&boundary)
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	curve := figure.Series{Name: "training cost", Costs: res.Costs}
	for i := range res.Costs {
		curve.Iterations = append(curve.Iterations, i)
	}
	if err := figure.WriteCostsWith(&costs, []figure.Series{curve}, figure.CostOptions{Title: "Cost", Log: true}, 800, 600); err != nil {
		fmt.Println(err)
		return
	}
	for _, pic := range []*bytes.Buffer{&boundary, &costs} {
		img, err := png.Decode(pic)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(img.Bounds().Dx(), "×", img.Bounds().Dy())
	}
	fmt.Println("steps drawn:", len(curve.Costs), "cost falling:", slices.Max(res.Costs) == res.Costs[0])
	// Output:
	// 800 × 600
	// 800 × 600
	// steps drawn: 2000 cost falling: true
}
