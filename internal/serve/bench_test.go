package serve_test

import (
	"context"
	"net/url"
	"strconv"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/internal/serve"
	"github.com/gradlab/gradlab/nn/train"
)

// BenchmarkExercise times one training step of the exercise (planar data,
// 400 points, 4 hidden units) as the text run takes it, alone, and as a
// page's run takes it with its tab's event stream read as fast as frames
// come: compare mode every 10 iterations, a frame with every picture ten
// times a second. Their ratio is the cost of watching.
//
// "compare" is the page's training without the page, compare mode every 10
// iterations: most of what watching costs is compare mode's, whose program
// computes both forms at every step.
func BenchmarkExercise(b *testing.B) {
	alone := func(c train.Config) func(*testing.B) {
		return func(b *testing.B) {
			set, err := datasets.Planar(400, 1)
			if err != nil {
				b.Fatal(err)
			}
			c.Weights, c.Iterations = nprand.New(2), b.N
			tr, err := train.New(set.X, set.Y, c)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			if _, err := tr.Run(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("alone", alone(train.Config{}))
	b.Run("compare", alone(train.Config{Compare: true, Every: 10}))
	b.Run("page", func(b *testing.B) {
		if b.N > serve.MaxIterations {
			b.Skipf("%d iterations: a run takes at most %d", b.N, serve.MaxIterations)
		}
		t := b
		_, ts := newServer(t, serve.Options{})
		var c created
		post(t, ts.URL+"/api/runs", url.Values{"iters": {strconv.Itoa(b.N)}}, &c)
		s := open(t, ts, c.ID)
		s.until(func(*frame) bool { return true })
		b.ResetTimer()
		post(t, ts.URL+"/api/runs/"+c.ID+"/play", nil, nil)
		s.until(func(f *frame) bool { return f.State == serve.Done })
		b.StopTimer()
	})
}
