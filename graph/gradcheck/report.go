package gradcheck

import (
	"fmt"
	"strings"
)

// Report is the outcome of a check. Its lists of elements are capped at
// Config.MaxListed; their counts are not.
type Report struct {
	Mode   Mode    `json:"mode"`
	Method string  `json:"method"` // how the numeric derivatives were taken
	Eps    float64 `json:"eps"`
	Atol   float64 `json:"atol"`
	Rtol   float64 `json:"rtol"`
	// Threshold is the largest relative norm that passes in Course mode.
	Threshold float64 `json:"threshold,omitempty"`
	// Difference is ‖g−g̃‖₂ / (‖g‖₂+‖g̃‖₂) over every element checked, g
	// analytic and g̃ numeric (in Fast mode, over the directions).
	Difference float64 `json:"difference"`
	Passed     bool    `json:"passed"`
	Checked    int     `json:"checked"` // elements, or directions in Fast mode

	FailedCount int       `json:"failed_count"`
	Failed      []Element `json:"failed"`
	// Unresolved elements lie below the finite-difference noise floor.
	UnresolvedCount int       `json:"unresolved_count"`
	Unresolved      []Element `json:"unresolved"`
	// Kinked elements' difference quotients straddle a kink.
	KinkedCount int       `json:"kinked_count"`
	Kinked      []Element `json:"kinked"`

	Nodes       []NodeReport `json:"nodes"`
	Sensitivity *Sensitivity `json:"sensitivity,omitempty"`
}

// NodeReport is the part of a check about one node.
type NodeReport struct {
	Name       string   `json:"name"`
	Shape      []int    `json:"shape"`
	UsedBy     []string `json:"used_by"`    // the ops that take the node
	Difference float64  `json:"difference"` // relative norm of this node alone
	MaxAbs     float64  `json:"max_abs"`    // largest |g−g̃|
	MaxRel     float64  `json:"max_rel"`    // largest |g−g̃| / max(|g|,|g̃|)
	Worst      Element  `json:"worst"`      // the element with the largest |g−g̃|
	// Sweep is the ε sweep (Sweep mode).
	Sweep *SweepReport `json:"sweep,omitempty"`
	// Directions are the directional checks and Detectable the error in
	// one element that they find with probability 0.99 (Fast mode).
	Directions []Direction `json:"directions,omitempty"`
	Detectable float64     `json:"detectable,omitempty"`
}

// Element is one element compared, or in Fast mode one direction (Index
// holds its number).
type Element struct {
	Node     string  `json:"node"`
	Index    []int   `json:"index"` // coordinates in the node's shape
	Analytic float64 `json:"analytic"`
	Numeric  float64 `json:"numeric"`
	AbsErr   float64 `json:"abs_err"` // |analytic − numeric|
	RelErr   float64 `json:"rel_err"` // AbsErr / max(|analytic|, |numeric|)
	// Floor and BestEps come from the element's ε sweep, taken when it
	// failed: its noise floor and the step of its steadiest estimate (in
	// Sweep mode, the node's floor of the element and best ε).
	Floor   float64 `json:"floor,omitempty"`
	BestEps float64 `json:"best_eps,omitempty"`
	// Kinks are the kinks its difference quotient straddles.
	Kinks []Kink `json:"kinks,omitempty"`
}

// Kink is a non-differentiable point met by a difference quotient.
type Kink struct {
	Node  string  `json:"node"`  // the op's node
	Op    string  `json:"op"`    // the op
	Point float64 `json:"point"` // where its input is not differentiable
	Index []int   `json:"index"` // an element of its input at the kink
	Value float64 `json:"value"` // that element's value at θ
}

// SweepReport is a node's error curve over ε.
type SweepReport struct {
	Eps     []float64 `json:"eps"`
	RelErr  []float64 `json:"rel_err"` // the node's relative norm at each ε
	MaxAbs  []float64 `json:"max_abs"` // its largest |g−g̃| at each ε
	BestEps float64   `json:"best_eps"`
	// Floor is the noise floor: the smallest change of the numeric
	// gradient (largest over the elements) between neighbouring ε.
	Floor float64 `json:"floor"`
}

// Direction is one directional check of Fast mode.
type Direction struct {
	Analytic  float64 `json:"analytic"` // uᵀ∇J
	Numeric   float64 `json:"numeric"`  // (J(θ+εu) − J(θ−εu)) / 2ε
	Tolerance float64 `json:"tolerance"`
	Passed    bool    `json:"passed"`
}

func newElement(node string, index []int, a, n float64) Element {
	d := abs(a - n)
	var rel float64
	if m := max(abs(a), abs(n)); m > 0 {
		rel = d / m
	}
	return Element{Node: node, Index: index, Analytic: a, Numeric: n, AbsErr: d, RelErr: rel}
}

// String formats the report: the verdict, one line per node, the listed
// elements and the sensitivity report.
func (r *Report) String() string {
	var b strings.Builder
	verdict := "passed"
	if !r.Passed {
		verdict = "FAILED"
	}
	fmt.Fprintf(&b, "gradient check %s (%v mode, %s; ε %.3g, atol %.3g, rtol %.3g): %d of %d failed, relative difference %.3g",
		verdict, r.Mode, r.Method, r.Eps, r.Atol, r.Rtol, r.FailedCount, r.Checked, r.Difference)
	if r.Mode == Course {
		fmt.Fprintf(&b, " (threshold %.3g)", r.Threshold)
	}
	b.WriteString("\n")
	for _, n := range r.Nodes {
		fmt.Fprintf(&b, "  %-8s %-10s difference %.3g, max abs %.3g, max rel %.3g", n.Name, shapeString(n.Shape), n.Difference, n.MaxAbs, n.MaxRel)
		if len(n.UsedBy) > 0 {
			fmt.Fprintf(&b, ", used by %s", strings.Join(n.UsedBy, ", "))
		}
		if n.Detectable > 0 {
			fmt.Fprintf(&b, ", one-element errors ≥ %.3g found with p 0.99", n.Detectable)
		}
		b.WriteString("\n")
		if s := n.Sweep; s != nil {
			fmt.Fprintf(&b, "           sweep: best ε %.0e, noise floor %.3g; relative error by ε:", s.BestEps, s.Floor)
			for i, e := range s.Eps {
				fmt.Fprintf(&b, " %.0e:%.2g", e, s.RelErr[i])
			}
			b.WriteString("\n")
		}
	}
	list(&b, "failed", r.FailedCount, r.Failed)
	list(&b, "unresolved at this ε, within the finite-difference noise (not failures)", r.UnresolvedCount, r.Unresolved)
	list(&b, "at a kink (the kink's failure, not the gradient's)", r.KinkedCount, r.Kinked)
	if r.Sensitivity != nil {
		r.Sensitivity.format(&b)
	}
	return b.String()
}

func list(b *strings.Builder, what string, count int, es []Element) {
	if count == 0 {
		return
	}
	fmt.Fprintf(b, "  %d %s", count, what)
	if len(es) < count {
		fmt.Fprintf(b, ", the first %d", len(es))
	}
	b.WriteString(":\n")
	for _, e := range es {
		fmt.Fprintf(b, "    %s%v analytic %.9g numeric %.9g abs err %.3g rel err %.3g", e.Node, e.Index, e.Analytic, e.Numeric, e.AbsErr, e.RelErr)
		if e.Floor > 0 {
			fmt.Fprintf(b, " (noise floor %.3g, best ε %.0e)", e.Floor, e.BestEps)
		}
		for _, k := range e.Kinks {
			fmt.Fprintf(b, "; kink of %s at %.3g: its input%v = %.3g", k.Node, k.Point, k.Index, k.Value)
		}
		b.WriteString("\n")
	}
}

func shapeString(s []int) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
