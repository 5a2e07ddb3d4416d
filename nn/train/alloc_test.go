package train_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/tensor"
)

// A step of the exercise allocates nothing once the first step has made
// the program's buffers: 1,000 steps, default optimizer, no report due.
func TestExerciseStepAllocatesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("counts allocations over 1,000 steps")
	}
	stepAllocs(t, train.Config{})
}

// So does a float32 step, full batch or mini-batch: the executor's own
// float32 kernels, the float32 batch buffers, the optimizer's float32 rule.
func TestFloat32StepAllocatesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("counts allocations over 1,000 steps")
	}
	for _, tc := range []struct {
		name string
		cfg  train.Config
	}{
		{"full batch", train.Config{Dtype: tensor.Float32}},
		{"mini-batch", train.Config{Dtype: tensor.Float32, BatchSize: 64, Seed: 1}},
		{"mini-batch, float64", train.Config{BatchSize: 64, Seed: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) { stepAllocs(t, tc.cfg) })
	}
}

// stepAllocs trains the exercise's network on its planar data with c and
// fails if steps 10 to 1,010 allocate.
func stepAllocs(t *testing.T, c train.Config) {
	t.Helper()
	set, err := datasets.Planar(400, 1)
	if err != nil {
		t.Fatal(err)
	}
	const from, to = 10, 1010
	var before, after runtime.MemStats
	c.Weights, c.Iterations, c.Every = nprand.New(2), to+1, 1<<30
	c.OnStep = func(i int, _ float64) {
		switch i {
		case from:
			runtime.ReadMemStats(&before)
		case to:
			runtime.ReadMemStats(&after)
		}
	}
	if _, err := train.Train(context.Background(), set.X, set.Y, c); err != nil {
		t.Fatal(err)
	}
	// A few allocations of the runtime's own may fall in the window.
	if n := after.Mallocs - before.Mallocs; n > 10 {
		t.Errorf("%d allocations in %d steps", n, to-from)
	}
}
