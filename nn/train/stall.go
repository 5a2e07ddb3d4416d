package train

import (
	"fmt"
	"math"
)

// StallTolerance is how little the training loss may move, relative to
// its size, for Stall to say that it did not move.
const StallTolerance = 1e-7

// A Stall is a stretch of steps where the training loss stayed within
// StallTolerance of its size: the run is not learning. Common causes are
// features of very different scales (standardize them), a learning rate
// too small, and saturated units, whose gradients vanish.
type Stall struct {
	From, To int     // the first and last iteration of the stretch
	Cost     float64 // the cost at To
}

func (s Stall) String() string {
	return fmt.Sprintf("the cost has stayed at %.6g from iteration %d to %d (within a relative %g): training has stalled. "+
		"Likely causes: unstandardized features (standardize them), a learning rate too small, "+
		"or saturated units whose gradients vanish (standardize, lower the initial weights or the learning rate)",
		s.Cost, s.From, s.To, StallTolerance)
}

// stallWatch finds the first stretch of steps steps whose costs lie
// within StallTolerance of each other, in constant time and space a step.
type stallWatch struct {
	steps    int
	from     int
	lo, hi   float64
	started  bool
	reported bool
}

// add records the cost of iteration i and returns the stall it completes,
// once in a run.
func (w *stallWatch) add(i int, cost float64) (Stall, bool) {
	if w.reported || w.steps <= 0 {
		return Stall{}, false
	}
	lo, hi := min(w.lo, cost), max(w.hi, cost)
	if !w.started || hi-lo > StallTolerance*math.Abs(hi) {
		w.from, w.lo, w.hi, w.started = i, cost, cost, true
		return Stall{}, false
	}
	w.lo, w.hi = lo, hi
	if i-w.from+1 < w.steps {
		return Stall{}, false
	}
	w.reported = true
	return Stall{From: w.from, To: i, Cost: cost}, true
}
