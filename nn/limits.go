package nn

import (
	"errors"
	"fmt"
)

// Limits on the networks of this package, checked before anything is
// allocated: by NewMLP, by the model loader (package nn/model) and by the
// command line, so that no input can make a network that exhausts memory.
// MaxParams weights and biases take 512 MiB in float64.
const (
	MaxLayerSize = 1 << 16 // units of one layer, the inputs and outputs included
	MaxLayers    = 10_000  // hidden layers
	MaxParams    = 1 << 26 // weights and biases of the whole network
)

// ErrSize is wrapped by the errors about layer sizes that are not positive
// or exceed the limits.
var ErrSize = errors.New("nn: bad network size")

// CheckSizes reports an error wrapping ErrSize unless sizes, [n_x,
// hidden…, n_y] as MLP.Sizes returns them, describe a network within the
// limits: at least an input and an output size, each in [1, MaxLayerSize],
// at most MaxLayers hidden layers and MaxParams parameters.
func CheckSizes(sizes []int) error {
	switch {
	case len(sizes) < 2:
		return fmt.Errorf("%w: %d layer sizes; want the inputs, the hidden layers and the outputs", ErrSize, len(sizes))
	case len(sizes)-2 > MaxLayers:
		return fmt.Errorf("%w: %d hidden layers; at most %d", ErrSize, len(sizes)-2, MaxLayers)
	}
	params := 0
	for i, s := range sizes {
		switch {
		case s < 1:
			return fmt.Errorf("%w: layer sizes %s: size %d at position %d is not positive", ErrSize, brief(sizes), s, i)
		case s > MaxLayerSize:
			return fmt.Errorf("%w: layer sizes %s: size %d at position %d is over the limit of %d", ErrSize, brief(sizes), s, i, MaxLayerSize)
		}
		if i > 0 {
			// Each term is at most 2^32+2^16 and the sum stops past
			// MaxParams, so nothing overflows.
			params += (sizes[i-1] + 1) * s
			if params > MaxParams {
				return fmt.Errorf("%w: more than %d parameters (up to layer %d of %d×%d)", ErrSize, MaxParams, i, s, sizes[i-1])
			}
		}
	}
	return nil
}

// brief formats sizes as %v does, the middle of a long list left out, so
// that an error about 10,000 layers stays one line.
func brief(sizes []int) string {
	const most = 8
	if len(sizes) <= most {
		return fmt.Sprint(sizes)
	}
	head, tail := fmt.Sprint(sizes[:most/2]), fmt.Sprint(sizes[len(sizes)-most/2:])
	return fmt.Sprintf("%s … %s (%d sizes)", head[:len(head)-1], tail[1:], len(sizes))
}
