package train

import (
	"fmt"
	"strings"

	"github.com/gradlab/gradlab/nn"
)

// A Summary describes a network layer by layer, as Keras' model.summary()
// does: what a run trains before it starts.
type Summary struct {
	Layers []LayerSummary
	Params int // the number of trainable numbers, weights and biases
}

// LayerSummary is one Dense layer: W (Out, In) and b (Out, 1).
type LayerSummary struct {
	Name       string // "hidden 1", …, "output"
	In, Out    int
	Activation string
	Params     int // Out·In + Out
}

// Summarize describes net; the zero Summary for a network that nn.NewMLP
// could not have made.
func Summarize(net *nn.MLP) Summary {
	var s Summary
	if net == nil || net.Check() != nil {
		return s
	}
	sizes := net.Sizes()
	for k, l := range net.Layers {
		name := fmt.Sprintf("hidden %d", k+1)
		if k == len(net.Layers)-1 {
			name = "output"
		}
		in, out := sizes[k], sizes[k+1]
		act := l.Activation.Name
		if act == "" {
			act = "linear"
		}
		ls := LayerSummary{Name: name, In: in, Out: out, Activation: act, Params: out*in + out}
		s.Layers = append(s.Layers, ls)
		s.Params += ls.Params
	}
	return s
}

// Summary describes the network being trained.
func (t *Trainer) Summary() Summary {
	if t.check() != nil {
		return Summary{}
	}
	return Summarize(t.model.Net)
}

// String is the summary as a table.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s %-12s %-12s %-11s %s\n", "Layer", "W", "b", "Activation", "Parameters")
	for _, l := range s.Layers {
		fmt.Fprintf(&b, "%-10s %-12s %-12s %-11s %d\n", l.Name, fmt.Sprintf("(%d, %d)", l.Out, l.In), fmt.Sprintf("(%d, 1)", l.Out), l.Activation, l.Params)
	}
	fmt.Fprintf(&b, "Total parameters: %d\n", s.Params)
	return b.String()
}
