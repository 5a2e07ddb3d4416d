package nn_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/nn"
)

func TestCheckSizes(t *testing.T) {
	long := make([]int, nn.MaxLayers+3)
	for i := range long {
		long[i] = 1
	}
	for _, tc := range []struct {
		name  string
		sizes []int
		want  string // in the error; "" for none
	}{
		{"exercise", []int{2, 4, 1}, ""},
		{"no hidden layer", []int{3, 1}, ""},
		{"widest", []int{1, nn.MaxLayerSize, 1}, ""},
		{"deepest", long[:nn.MaxLayers+2], ""},
		{"many parameters", []int{nn.MaxLayerSize - 1, 1023, 1}, ""},             // 2^16·1023 + 1024·1
		{"exactly the most parameters", []int{nn.MaxLayerSize - 1, 1024}, ""},    // 2^16·2^10 = 2^26
		{"one parameter over", []int{nn.MaxLayerSize - 1, 1024, 1}, "more than"}, // 2^26 + 1025
		{"nil", nil, "0 layer sizes"},
		{"one size", []int{3}, "1 layer sizes"},
		{"zero", []int{2, 0, 1}, "size 0 at position 1 is not positive"},
		{"negative", []int{-1, 1}, "size -1 at position 0 is not positive"},
		{"too wide", []int{2, nn.MaxLayerSize + 1, 1}, "size 65537 at position 1 is over the limit of 65536"},
		{"too deep", long, "10001 hidden layers; at most 10000"},
		{"too many parameters", []int{nn.MaxLayerSize, nn.MaxLayerSize, 1}, "more than 67108864 parameters (up to layer 1 of 65536×65536)"},
		{"long list shortened", append([]int{0}, long[:20]...), "layer sizes [0 1 1 1 … 1 1 1 1] (21 sizes)"},
	} {
		err := nn.CheckSizes(tc.sizes)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (!errors.Is(err, nn.ErrSize) || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: err = %v, want nn.ErrSize saying %q", tc.name, err, tc.want)
		}
	}
}

// TestNewMLPLimits: NewMLP checks the sizes before it allocates, so a
// network of 2^32 weights is an error at once, not an out-of-memory crash.
func TestNewMLPLimits(t *testing.T) {
	for _, c := range []nn.Config{
		{Inputs: nn.MaxLayerSize, Hidden: []int{nn.MaxLayerSize}},
		{Inputs: 2, Hidden: []int{nn.MaxLayerSize + 1}},
		{Inputs: 2, Hidden: make([]int, nn.MaxLayers+1)},
	} {
		if _, err := nn.NewMLP(graph.New(), c, zeroSource{}); !errors.Is(err, nn.ErrSize) {
			t.Errorf("NewMLP(%d inputs, %d hidden layers): err = %v, want nn.ErrSize", c.Inputs, len(c.Hidden), err)
		}
	}
}

// TestNamedWithoutFunction: an Activation or Init made as a literal has a
// name but no function; NewMLP must refuse it rather than put tanh or
// randn·0.01 in its place.
func TestNamedWithoutFunction(t *testing.T) {
	for _, c := range []nn.Config{
		{Inputs: 2, Hidden: []int{3}, Activation: nn.Activation{Name: "relu"}},
		{Inputs: 2, Hidden: []int{3}, Init: nn.Init{Name: "he"}},
	} {
		_, err := nn.NewMLP(graph.New(), c, zeroSource{})
		if err == nil || !strings.Contains(err.Error(), "has no function") {
			t.Errorf("NewMLP(activation %q, init %q): err = %v, want one saying it has no function", c.Activation.Name, c.Init.Name, err)
		}
	}
}
