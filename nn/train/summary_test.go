package train_test

import (
	"fmt"
	"testing"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/tensor"
)

// The exercise's network: W1 (4, 2), b1 (4, 1), W2 (1, 4), b2 (1, 1), the
// notebook's layer_sizes and initialize_parameters shapes, 17 numbers.
func ExampleTrainer_Summary() {
	x := tensor.New(tensor.WithShape(2, 3), tensor.Of(tensor.Float64))
	y := tensor.New(tensor.WithShape(1, 3), tensor.Of(tensor.Float64))
	t, err := train.New(x, y, train.Config{Weights: nprand.New(2)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(t.Summary())
	// Output:
	// Layer      W            b            Activation  Parameters
	// hidden 1   (4, 2)       (4, 1)       tanh        12
	// output     (1, 4)       (1, 1)       sigmoid     5
	// Total parameters: 17
}

func TestSummarize(t *testing.T) {
	if s := train.Summarize(nil); s.Params != 0 || s.Layers != nil {
		t.Errorf("Summarize(nil) = %+v", s)
	}
	if s := (*train.Trainer)(nil).Summary(); s.Params != 0 {
		t.Errorf("a nil Trainer's summary: %+v", s)
	}
	x := tensor.New(tensor.WithShape(30, 3), tensor.Of(tensor.Float64))
	y := tensor.New(tensor.WithShape(1, 3), tensor.Of(tensor.Float64))
	tr, err := train.New(x, y, train.Config{Weights: nprand.New(2), Hidden: []int{8, 4}, Activation: nn.ReLU})
	if err != nil {
		t.Fatal(err)
	}
	s := tr.Summary()
	// Counted as Keras counts a Dense layer: units·inputs + units.
	if want := (8*30 + 8) + (4*8 + 4) + (1*4 + 1); s.Params != want || len(s.Layers) != 3 || s.Layers[1].Activation != "relu" || s.Layers[1].In != 8 {
		t.Errorf("summary %+v, want %d parameters in 3 layers", s, want)
	}
}
