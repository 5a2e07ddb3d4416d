package gradcheck

import (
	"fmt"
	"strings"
)

// Sensitivity says which faults of the analytic gradient the check, with
// its ε and tolerances, would detect.
type Sensitivity struct {
	Faults []Fault `json:"faults"`
	// Missed counts the faults not detected; a strong check misses none.
	Missed int `json:"missed"`
	// Smallest is the smallest relative error δ in one element that is
	// detected, over the nodes; 0 if none is.
	Smallest float64 `json:"smallest"`
}

// Fault is one known way of spoiling the analytic gradient.
type Fault struct {
	// Kind is "scale node" (the node's gradient times 1+δ), "scale
	// element" (its largest element times 1+δ), "zero element", "flip
	// element" (its sign) or "drop 1/m" (every gradient times m).
	Kind  string `json:"kind"`
	Node  string `json:"node,omitempty"`
	Index []int  `json:"index,omitempty"`
	// Delta is, for the scale faults, the smallest δ detected, and for
	// "drop 1/m" the m; 0 when nothing up to δ = 10 is detected.
	Delta    float64 `json:"delta,omitempty"`
	Detected bool    `json:"detected"`
}

// deltas are the δ tried, 1, 2 and 5 per decade from 1e-9 to 10.
var deltas = func() []float64 {
	var ds []float64
	for e := 1e-9; e < 11; e *= 10 {
		ds = append(ds, e, 2*e, 5*e)
	}
	return ds[:len(ds)-2]
}()

// sensitivity spoils the analytic gradient of each node in known ways and
// judges it again against the numeric estimates already taken.
func (ch *checker) sensitivity() *Sensitivity {
	s := &Sensitivity{}
	for ti, t := range ch.targets {
		name := t.node.Name()
		top := largest(t.grad)
		spoil := func(f func(g []float64)) bool {
			g := append([]float64(nil), t.grad...)
			f(g)
			return ch.detects(ti, g)
		}
		scale := func(kind string, index []int, f func(g []float64, d float64)) {
			fault := Fault{Kind: kind, Node: name, Index: index}
			for _, d := range deltas {
				if spoil(func(g []float64) { f(g, d) }) {
					fault.Delta, fault.Detected = d, true
					break
				}
			}
			s.add(fault)
		}
		scale("scale node", nil, func(g []float64, d float64) {
			for i := range g {
				g[i] *= 1 + d
			}
		})
		idx := t.index(top)
		scale("scale element", idx, func(g []float64, d float64) { g[top] *= 1 + d })
		if f := s.Faults[len(s.Faults)-1]; f.Detected && (s.Smallest == 0 || f.Delta < s.Smallest) {
			s.Smallest = f.Delta
		}
		s.add(Fault{Kind: "zero element", Node: name, Index: idx, Detected: spoil(func(g []float64) { g[top] = 0 })})
		s.add(Fault{Kind: "flip element", Node: name, Index: idx, Detected: spoil(func(g []float64) { g[top] = -g[top] })})
	}
	if m := ch.examples(); m > 1 {
		detected := false
		for ti, t := range ch.targets {
			g := make([]float64, t.len())
			for i, x := range t.grad {
				g[i] = x * float64(m)
			}
			detected = detected || ch.detects(ti, g)
		}
		s.add(Fault{Kind: "drop 1/m", Delta: float64(m), Detected: detected})
	}
	return s
}

func (s *Sensitivity) add(f Fault) {
	s.Faults = append(s.Faults, f)
	if !f.Detected {
		s.Missed++
	}
}

// detects tells whether the check fails when target ti's analytic gradient
// is g, the others' unchanged.
func (ch *checker) detects(ti int, g []float64) bool {
	switch ch.s.Mode {
	case Fast:
		for k, u := range ch.dirs[ti] {
			a, n := dot(u, g), ch.r.Nodes[ti].Directions[k].Numeric
			if !ch.excluded[ti][k] && abs(a-n) > ch.s.Atol+ch.s.Rtol*abs(n) {
				return true
			}
		}
		return false
	case Course:
		var d2, a2, n2 float64
		for tj, t := range ch.targets {
			grad := t.grad
			if tj == ti {
				grad = g
			}
			for i, n := range ch.numeric[tj] {
				d := grad[i] - n
				d2, a2, n2 = d2+d*d, a2+grad[i]*grad[i], n2+n*n
			}
		}
		return ch.r.Passed && relNorm(d2, a2, n2) > ch.s.Threshold
	}
	for i, n := range ch.numeric[ti] {
		if !ch.excluded[ti][i] && !ch.s.agrees(g[i], n) {
			return true
		}
	}
	return false
}

// examples is the m of the "drop 1/m" fault.
func (ch *checker) examples() int {
	if ch.s.Examples > 0 {
		return ch.s.Examples
	}
	in := ch.p.Graph().Inputs()
	if len(in) == 0 || len(in[0].Shape()) == 0 {
		return 0
	}
	s := in[0].Shape()
	return s[len(s)-1]
}

func largest(g []float64) int {
	top := 0
	for i, x := range g {
		if abs(x) > abs(g[top]) {
			top = i
		}
	}
	return top
}

func (s *Sensitivity) format(b *strings.Builder) {
	fmt.Fprintf(b, "  sensitivity: %d of %d faults missed", s.Missed, len(s.Faults))
	if s.Smallest > 0 {
		fmt.Fprintf(b, "; the smallest error in one element detected is %.3g relative", s.Smallest)
	}
	b.WriteString("\n")
	for _, f := range s.Faults {
		verdict := "detected"
		if !f.Detected {
			verdict = "MISSED"
		}
		where := f.Node
		if f.Index != nil {
			where += fmt.Sprint(f.Index)
		}
		fmt.Fprintf(b, "    %-13s %-10s %s", f.Kind, where, verdict)
		switch {
		case f.Kind == "drop 1/m":
			fmt.Fprintf(b, " (m = %g)", f.Delta)
		case f.Detected && f.Delta > 0:
			fmt.Fprintf(b, " from δ = %.3g", f.Delta)
		}
		b.WriteString("\n")
	}
}
