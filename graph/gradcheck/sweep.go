package gradcheck

// sweep estimates t's gradient at every step of SweepEps. It returns the
// node's error curve, the estimates at its best step and each element's
// noise floor.
func (ch *checker) sweep(t *target) (*SweepReport, []float64, []float64, error) {
	ests := make([][]float64, len(SweepEps))
	sw := &SweepReport{Eps: append([]float64(nil), SweepEps...)}
	best := 0
	for k, eps := range SweepEps {
		d, err := ch.numericAll(t, eps)
		if err != nil {
			return nil, nil, nil, err
		}
		ests[k] = d
		var d2, g2, n2, maxAbs float64
		for i, n := range d {
			a := t.grad[i]
			diff := abs(a - n)
			d2, g2, n2, maxAbs = d2+diff*diff, g2+a*a, n2+n*n, max(maxAbs, diff)
		}
		sw.RelErr = append(sw.RelErr, relNorm(d2, g2, n2))
		sw.MaxAbs = append(sw.MaxAbs, maxAbs)
		if sw.RelErr[k] < sw.RelErr[best] {
			best = k
		}
	}
	sw.BestEps = SweepEps[best]
	floors := make([]float64, t.len())
	col := make([]float64, len(SweepEps))
	for i := range floors {
		for k := range ests {
			col[k] = ests[k][i]
		}
		floors[i], _ = ch.floorOf(col, t.grad[i])
		sw.Floor = max(sw.Floor, floors[i])
	}
	return sw, ests[best], floors, nil
}
