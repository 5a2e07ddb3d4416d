package train

import (
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// early is early stopping on the validation cost, as Keras' EarlyStopping
// (monitor="val_loss", restore_best_weights=True) does it: a report
// improves when its cost is below the best by more than minDelta, and
// patience reports in a row without improvement stop the run.
type early struct {
	patience int
	minDelta float64
	params   []*tensor.Dense // the network's weights, updated in place by every step
	saved    []*tensor.Dense // their values at the best report
	best     int             // its iteration; −1 before the first report
	bestCost float64
	wait     int
}

func newEarly(params []*gorgonia.Node, patience int, minDelta float64) *early {
	e := &early{patience: patience, minDelta: minDelta, best: -1}
	for _, p := range params {
		d := p.Value().(*tensor.Dense) // nn.NewMLP's parameters are dense
		e.params = append(e.params, d)
		e.saved = append(e.saved, d.Clone().(*tensor.Dense))
	}
	return e
}

// stop records the validation cost of the report at iteration i and says
// whether training should stop there.
func (e *early) stop(i int, cost float64) bool {
	if e.best < 0 || cost < e.bestCost-e.minDelta {
		e.best, e.bestCost, e.wait = i, cost, 0
		for k, p := range e.params {
			copyDense(e.saved[k], p)
		}
		return false
	}
	e.wait++
	return e.wait >= e.patience
}

// restore puts the best report's weights back into the network.
func (e *early) restore() {
	for k, p := range e.params {
		copyDense(p, e.saved[k])
	}
}
