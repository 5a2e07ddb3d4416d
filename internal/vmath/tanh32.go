package vmath

import "github.com/chewxy/math32"

// Tanh32 sets dst[i] = math32.Tanh(x[i]) for every i < len(dst), bit for
// bit: the float32 tanh of gorgonia's tensors. x must be at least as long
// as dst.
func Tanh32(dst, x []float32) {
	x = x[:len(dst)]
	i := 0
	if useAVX2f32 {
		i = len(dst) &^ 7
		tanh32AVX2(dst[:i], x[:i])
	}
	for ; i < len(dst); i++ {
		dst[i] = math32.Tanh(x[i])
	}
}
