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
	"github.com/gradlab/gradlab/graph/gradcheck"
)

// Check fails t unless p's gradients pass gradcheck.Check with the options
// given (none: a Full check of the parameters with the defaults). The
// report is logged when the check passes; when it fails, it is the
// failure's message, which lists the failing elements.
func Check(t testing.TB, p *graph.Program, opts ...gradcheck.Option) *gradcheck.Report {
	t.Helper()
	r, err := gradcheck.Check(p, opts...)
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
