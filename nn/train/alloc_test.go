package train_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/nn/train"
)

// A step of the exercise allocates nothing once the first step has made
// the program's buffers: 1,000 steps, default optimizer, no report due.
func TestExerciseStepAllocatesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("counts allocations over 1,000 steps")
	}
	set, err := datasets.Planar(400, 1)
	if err != nil {
		t.Fatal(err)
	}
	const from, to = 10, 1010
	var before, after runtime.MemStats
	_, err = train.Train(context.Background(), set.X, set.Y, train.Config{
		Weights: nprand.New(2), Iterations: to + 1, Every: 1 << 30,
		OnStep: func(i int, _ float64) {
			switch i {
			case from:
				runtime.ReadMemStats(&before)
			case to:
				runtime.ReadMemStats(&after)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	// A few allocations of the runtime's own may fall in the window.
	if n := after.Mallocs - before.Mallocs; n > 10 {
		t.Errorf("%d allocations in %d steps", n, to-from)
	}
}
