package train_test

import (
	"context"
	"math"
	"runtime"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/internal/longtest"
	"github.com/gradlab/gradlab/nn/train"
)

// A long run of the exercise keeps its memory flat and its costs finite:
// the live heap after 100,000 iterations (40,000 unless GRADLAB_LONG is
// set, as CI sets it: see internal/longtest) is within a small margin of
// the heap after the first 10,000, when every buffer has long been made.
func TestLongRunMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("40,000 iterations")
	}
	iterations := longtest.Size(40_000, 100_000)
	const (
		warmUp = 10_000
		margin = 1 << 20 // bytes of growth allowed: a leak of 35 bytes a step over 30,000 steps exceeds it
	)
	set, err := datasets.Planar(400, 1)
	if err != nil {
		t.Fatal(err)
	}
	var base, last uint64
	res, err := train.Train(context.Background(), set.X, set.Y, train.Config{
		Weights:    nprand.New(2),
		Iterations: iterations,
		Every:      warmUp,
		OnReport: func(r train.Report) error {
			if math.IsNaN(r.Cost) || math.IsInf(r.Cost, 0) {
				t.Errorf("iteration %d: cost %v", r.Iteration, r.Cost)
			}
			heap := liveHeap()
			if r.Iteration == warmUp {
				base = heap
			}
			last = heap
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Iterations != iterations {
		t.Fatalf("%d iterations, want %d", res.Iterations, iterations)
	}
	t.Logf("live heap: %d bytes after %d iterations, %d after %d", base, warmUp, last, iterations-warmUp)
	if last > base+margin {
		t.Errorf("live heap grew from %d to %d bytes between iterations %d and %d", base, last, warmUp, iterations-warmUp)
	}
}

// liveHeap returns the bytes of the heap still in use after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
