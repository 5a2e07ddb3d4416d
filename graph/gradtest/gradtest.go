// Package gradtest checks gradients from tests in one line.
//
//	func TestMyLayer(t *testing.T) {
//		prog := build(t) // a graph.Program compiled with Compile, inputs fed
//		gradtest.Check(t, prog)
//	}
package gradtest

import (
	"testing"

	"github.com/gradlab/gradlab/graph"
)

// Check fails t unless p's gradients agree with central differences under
// the default settings, and logs the report either way.
func Check(t testing.TB, p *graph.Program) *graph.GradReport {
	t.Helper()
	return CheckWith(t, graph.GradCheck{}, p)
}

// CheckWith is Check with the settings of c.
func CheckWith(t testing.TB, c graph.GradCheck, p *graph.Program) *graph.GradReport {
	t.Helper()
	r, err := c.Check(p)
	if err != nil {
		t.Fatalf("gradient check: %v", err)
		return nil
	}
	if !r.Passed {
		t.Errorf("%v", r)
	} else {
		t.Logf("%v", r)
	}
	return r
}
