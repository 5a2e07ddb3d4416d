package train_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/gradlab/gradlab/nn/train"
)

// TestParallel trains several models at once, one graph per goroutine as
// gorgonia requires, and gets exactly the numbers of training them one
// after the other. Run it with -race.
func TestParallel(t *testing.T) {
	const n = 4
	x, y := rings(80, 10)
	fit := func(seed uint64) []train.Report {
		res, err := train.Train(context.Background(), x, y, train.Config{
			Weights: rand.New(rand.NewPCG(seed, 1)), Iterations: 300, Every: 50,
		})
		if err != nil {
			t.Error(err)
			return nil
		}
		return res.Reports
	}
	want := make([][]train.Report, n)
	for i := range want {
		want[i] = fit(uint64(i))
	}
	got := make([][]train.Report, n)
	var wg sync.WaitGroup
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = fit(uint64(i))
		}()
	}
	wg.Wait()
	for i := range want {
		for k := range want[i] {
			if got[i][k].Cost != want[i][k].Cost {
				t.Errorf("model %d, iteration %d: cost %v in parallel, %v alone", i, want[i][k].Iteration, got[i][k].Cost, want[i][k].Cost)
			}
		}
	}
}
