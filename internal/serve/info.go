package serve

import (
	"gorgonia.org/tensor"
)

// runInfo describes a job for the page: what it trains on and how the
// pictures map onto the plane. A stream sends it when the job starts.
type runInfo struct {
	Gen           int               `json:"gen"`
	Settings      map[string]string `json:"settings"`
	Dataset       string            `json:"dataset"`
	Features      []string          `json:"features,omitempty"`
	Labels        []string          `json:"labels,omitempty"`
	Sizes         []int             `json:"sizes"`  // of the layers, inputs first
	Extent        [4]num            `json:"extent"` // x0, x1, y0, y1 of the plane
	BoundaryCells int               `json:"boundaryCells"`
	UnitCells     int               `json:"unitCells"`
	Train         [][3]num          `json:"train"` // x, y and label of each point, raw
	Val           [][3]num          `json:"val,omitempty"`
}

func newRunInfo(gen int, s *setup) *runInfo {
	d := s.d
	info := &runInfo{
		Gen: gen, Settings: flat(s.s), Dataset: d.name, Features: d.features, Labels: d.labels,
		Sizes:         append(append([]int{2}, s.s.Hidden...), 1),
		Extent:        [4]num{num(d.lo[0]), num(d.hi[0]), num(d.lo[1]), num(d.hi[1])},
		BoundaryCells: boundaryCells, UnitCells: unitCells,
		Train: points(d.rawTrainX, d.trainY),
	}
	if d.valX != nil {
		info.Val = points(d.valX, d.valY)
	}
	return info
}

// flat is s's query string with one value a key.
func flat(s Settings) map[string]string {
	out := map[string]string{}
	for k, v := range s.Query() {
		out[k] = v[0]
	}
	return out
}

func points(x, y *tensor.Dense) [][3]num {
	xs := x.Materialize().(*tensor.Dense).Float64s()
	ys := y.Materialize().(*tensor.Dense).Float64s()
	m := len(ys)
	out := make([][3]num, m)
	for i := range out {
		out[i] = [3]num{num(xs[i]), num(xs[m+i]), num(ys[i])}
	}
	return out
}
