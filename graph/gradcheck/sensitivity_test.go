package gradcheck_test

import (
	"strings"
	"testing"

	"github.com/gradlab/gradlab/graph/gradcheck"
	"github.com/gradlab/gradlab/nn"
)

// With the default tolerances the check catches every known fault on the
// spirals network, and the smallest error in one element it detects is
// of the order of rtol (PyTorch's 1e-3): a relative error of 1e-4 is below
// it, which is what TestOneElementWrongBy1e4 works around.
func TestSensitivityQuiet(t *testing.T) {
	n := build(t, netConfig{set: spirals(t), hidden: []int{16, 16}, act: nn.Tanh, m: 64, seed: 2})
	r, err := gradcheck.Check(n.prog, gradcheck.WithSensitivity())
	must(t, err)
	s := r.Sensitivity
	if s == nil || s.Missed != 0 || len(s.Faults) != 6*4+1 {
		t.Fatalf("want 25 faults, none missed:\n%v", r)
	}
	if s.Smallest < gradcheck.DefaultRtol || s.Smallest > 1 {
		t.Errorf("smallest relative error detected %v, want between rtol and 1", s.Smallest)
	}
	if last := s.Faults[len(s.Faults)-1]; last.Kind != "drop 1/m" || last.Delta != 64 || !last.Detected {
		t.Errorf("the 1/m fault: %+v", last)
	}
	// Tightened as in TestOneElementWrongBy1e4, the check finds 1e-4.
	r, err = gradcheck.Check(n.prog, gradcheck.WithSensitivity(), gradcheck.WithTolerance(1e-9, 1e-5))
	must(t, err)
	if s := r.Sensitivity; s.Missed != 0 || s.Smallest > 1e-4 {
		t.Errorf("tight tolerances: smallest %v, missed %d, want ≤ 1e-4 and none", s.Smallest, s.Missed)
	}
}

// Tolerances loosened until anything passes miss the faults, and the
// report lists what they miss.
func TestSensitivityFires(t *testing.T) {
	n := build(t, netConfig{set: spirals(t), hidden: []int{16, 16}, act: nn.Tanh, m: 64, seed: 2})
	for _, opts := range [][]gradcheck.Option{
		{gradcheck.WithTolerance(1e-1, 1e-3)},
		{gradcheck.WithTolerance(1e-5, 2)},
		{gradcheck.WithMode(gradcheck.Fast), gradcheck.WithTolerance(1e-1, 1e-3)},
	} {
		r, err := gradcheck.Check(n.prog, append(opts, gradcheck.WithSensitivity())...)
		must(t, err)
		s := r.Sensitivity
		if !r.Passed || s.Missed == 0 || !strings.Contains(r.String(), "MISSED") {
			t.Errorf("loose tolerances (atol %g, rtol %g, %v): want faults missed:\n%v", r.Atol, r.Rtol, r.Mode, r)
		}
	}
}

// The course's relative norm on a network it fails (issue 16's false
// alarm) cannot detect anything: every fault is missed.
func TestSensitivityOfAFailingCheck(t *testing.T) {
	r := checked(t, spirals64Course, spirals64(t), gradcheck.WithMode(gradcheck.Course), gradcheck.WithSensitivity())
	if r.Passed || r.Sensitivity.Missed != len(r.Sensitivity.Faults) {
		t.Errorf("a failing course check: missed %d of %d faults, want all", r.Sensitivity.Missed, len(r.Sensitivity.Faults))
	}
}
