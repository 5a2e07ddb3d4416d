package gradcheck

import "errors"

// sweep estimates t's gradient at every step of the sweep, leaving out
// the steps too small to move one of its elements. It returns the node's
// error curve, the estimates at its best step and each element's noise
// floor.
func (ch *checker) sweep(t *target) (*SweepReport, []float64, []float64, error) {
	var ests [][]float64
	sw := &SweepReport{}
	best := 0
	for _, eps := range ch.steps() {
		d, err := ch.numericAll(t, eps)
		var se *StepError
		if errors.As(err, &se) {
			continue
		}
		if err != nil {
			return nil, nil, nil, err
		}
		var d2, g2, n2, maxAbs float64
		for i, n := range d {
			a := t.grad[i]
			diff := abs(a - n)
			d2, g2, n2, maxAbs = d2+diff*diff, g2+a*a, n2+n*n, max(maxAbs, diff)
		}
		ests, sw.Eps = append(ests, d), append(sw.Eps, eps)
		sw.RelErr = append(sw.RelErr, relNorm(d2, g2, n2))
		sw.MaxAbs = append(sw.MaxAbs, maxAbs)
		if k := len(ests) - 1; sw.RelErr[k] < sw.RelErr[best] {
			best = k
		}
	}
	if len(ests) < 2 {
		return nil, nil, nil, &StepError{Node: t.node.Name(), Eps: ch.steps()[len(ch.steps())-1]}
	}
	sw.BestEps = sw.Eps[best]
	floors := make([]float64, t.len())
	col := make([]float64, len(ests))
	for i := range floors {
		for k := range ests {
			col[k] = ests[k][i]
		}
		floors[i], _ = ch.floorOf(sw.Eps, col)
		sw.Floor = max(sw.Floor, floors[i])
	}
	return sw, ests[best], floors, nil
}
