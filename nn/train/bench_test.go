package train_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/tensor"
)

// benchmarkSteps times b.N training steps of a network with nh hidden units
// on m random examples of nx features. The timer and the allocation count
// start after the first step, so they measure the steady state alone: not
// the data, not compiling the programs, not the first step's buffers.
func benchmarkSteps(b *testing.B, nx, nh, m, batch int) {
	benchmarkStepsOf(b, tensor.Float64, nx, nh, m, batch)
}

// benchmarkStepsOf is benchmarkSteps in the dtype dt.
func benchmarkStepsOf(b *testing.B, dt tensor.Dtype, nx, nh, m, batch int) {
	src := rand.New(rand.NewPCG(1, 1))
	xs, ys := make([]float64, nx*m), make([]float64, m)
	for i := range xs {
		xs[i] = src.NormFloat64()
	}
	for i := range ys {
		ys[i] = float64(src.IntN(2))
	}
	x := tensor.New(tensor.WithShape(nx, m), tensor.WithBacking(xs))
	y := tensor.New(tensor.WithShape(1, m), tensor.WithBacking(ys))
	tr, err := train.New(x, y, train.Config{
		Weights: src, Hidden: []int{nh}, Iterations: b.N + 1, BatchSize: batch, Every: b.N + 2, Dtype: dt,
		OnStep: func(i int, _ float64) {
			if i == 0 {
				b.ResetTimer()
			}
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	if _, err := tr.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkStepExercise is one full-batch step of the exercise: m = 400,
// n_x = 2, n_h = 4.
func BenchmarkStepExercise(b *testing.B) { benchmarkSteps(b, 2, 4, 400, 0) }

// BenchmarkStepScale is one full-batch step at scale: m = 60000,
// n_x = 784, n_h = 64. About a quarter of a second: give it -benchtime 5x.
func BenchmarkStepScale(b *testing.B) { benchmarkSteps(b, 784, 64, 60000, 0) }

// BenchmarkStepMiniBatch is one step of batch 128 from the scale set.
func BenchmarkStepMiniBatch(b *testing.B) { benchmarkSteps(b, 784, 64, 60000, 128) }

// BenchmarkStepExercise32 is BenchmarkStepExercise in float32.
func BenchmarkStepExercise32(b *testing.B) { benchmarkStepsOf(b, tensor.Float32, 2, 4, 400, 0) }

// BenchmarkStepWide and BenchmarkStepWide32 are one full-batch step of
// bench's F40000 workload in size: m = 40000, n_x = 2, n_h = 64, in
// float64 and float32.
func BenchmarkStepWide(b *testing.B)   { benchmarkStepsOf(b, tensor.Float64, 2, 64, 40000, 0) }
func BenchmarkStepWide32(b *testing.B) { benchmarkStepsOf(b, tensor.Float32, 2, 64, 40000, 0) }
