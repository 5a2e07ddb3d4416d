package gradcheck

import (
	"math"
	"testing"

	"github.com/gradlab/gradlab/internal/ops"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The probes of kink.go read what gorgonia and internal/ops print and how
// they build their ops: this test fails, naming the probe, when a version
// changes it.
func TestKinkProbes(t *testing.T) {
	g := gorgonia.NewGraph()
	x := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(2, 2), gorgonia.WithName("x"))
	found := func(n *gorgonia.Node) map[float64]bool {
		points := map[float64]bool{}
		for m := range forwardNodes(g, n) {
			if in, pt, ok := kinkOf(g, m); ok {
				if in != x && in.Op() == nil {
					t.Errorf("kink of %v on %v, not on x", m, in)
				}
				points[pt] = true
			}
		}
		return points
	}
	for _, tc := range []struct {
		probe string
		n     *gorgonia.Node
		want  float64
	}{
		{"gorgonia.Rectify: a >= comparison of elemBinOp type with the constant 0", gorgonia.Must(gorgonia.Rectify(x)), 0},
		{"gorgonia.LeakyRelu: >= and < comparisons with the constant 0", gorgonia.Must(gorgonia.LeakyRelu(x, 0.01)), 0},
		{"ops.ClampedLog: its type and its String, ClampedLog{floor}", gorgonia.Must(ops.ClampedLog(x, -3)), math.Exp(-3)},
	} {
		if p := found(tc.n); len(p) != 1 || !p[tc.want] {
			t.Errorf("probe %s: kinks found at %v, want one at %g", tc.probe, p, tc.want)
		}
	}
	if p := found(gorgonia.Must(gorgonia.Tanh(gorgonia.Must(gorgonia.Add(x, x))))); len(p) != 0 {
		t.Errorf("kinks found in tanh(x+x): %v", p)
	}
}
