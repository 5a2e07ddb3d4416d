package serve

import (
	"fmt"

	"gorgonia.org/tensor"
)

// runInfo describes a job for the page: what it trains on and how the
// pictures map onto the plane. A stream sends it when the job starts.
type runInfo struct {
	Gen      int               `json:"gen"`
	Settings map[string]string `json:"settings"`
	Dataset  string            `json:"dataset"`
	Features []string          `json:"features,omitempty"`
	Labels   []string          `json:"labels,omitempty"`
	Sizes    []int             `json:"sizes"` // of the layers, inputs first
	// Plane says whether the data have two features, a plane that the
	// page draws the boundary, the points and the hidden units' outputs
	// over; the fields below are set only then. Without it, Note says
	// why the pictures are missing.
	Plane         bool     `json:"plane"`
	Note          string   `json:"note,omitempty"`
	Extent        [4]num   `json:"extent"` // x0, x1, y0, y1 of the plane
	BoundaryCells int      `json:"boundaryCells,omitempty"`
	UnitCells     int      `json:"unitCells,omitempty"`
	Train         [][3]num `json:"train,omitempty"` // x, y and label of each point, raw
	Val           [][3]num `json:"val,omitempty"`
}

func newRunInfo(gen int, s *setup) *runInfo {
	d := s.d
	info := &runInfo{
		Gen: gen, Settings: flat(s.s), Dataset: d.name, Features: d.features, Labels: d.labels,
		Sizes: append(append([]int{d.dims()}, s.s.Hidden...), 1),
	}
	if !d.planar() {
		features := "features"
		if d.dims() == 1 {
			features = "feature"
		}
		info.Note = fmt.Sprintf("%d %s: the decision boundary and the hidden units' outputs are drawn over a plane of 2 features, so not for these data. The cost curves, the lesson and the weights show as for any data.", d.dims(), features)
		return info
	}
	info.Plane = true
	info.Extent = [4]num{num(d.lo[0]), num(d.hi[0]), num(d.lo[1]), num(d.hi[1])}
	info.BoundaryCells, info.UnitCells = boundaryCells, unitCells
	info.Train = points(d.rawTrainX, d.trainY)
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
