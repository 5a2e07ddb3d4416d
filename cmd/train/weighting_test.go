package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestWeightFlags: -pos-weight and -class-weight balanced change the
// cost the run trains on (the first reported cost, at the same initial
// weights, is the weighted one), and the flags refuse what they cannot do.
func TestWeightFlags(t *testing.T) {
	base := []string{"-iters", "1", "-quiet=false", "-dataset", "breast-cancer", "-standardize"}
	first := func(args ...string) string {
		t.Helper()
		code, stdout, stderr := runCmd(t, append(base, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		return strings.SplitN(stdout, "\n", 2)[0]
	}
	plain := first()
	for _, args := range [][]string{{"-pos-weight", "3"}, {"-class-weight", "balanced"}, {"-loss", "logits", "-pos-weight", "0.5"}} {
		if got := first(args...); got == plain || !strings.HasPrefix(got, "Cost after iteration 0: ") {
			t.Errorf("%v: first line %q, unweighted %q", args, got, plain)
		}
	}
	for _, one := range [][]string{{"-pos-weight", "1"}, {"-class-weight", "1,1"}} {
		if got := first(one...); got != plain {
			t.Errorf("%v: %q, unweighted %q", one, got, plain)
		}
	}
	// Weights of 2 for both classes double every term: the first cost,
	// at the same initial weights, is twice the unweighted, to the
	// rounding of the weighted form's other order of operations (a few
	// ulps).
	cost := func(line string) float64 {
		var c float64
		if _, err := fmt.Sscanf(line, "Cost after iteration 0: %f", &c); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		return c
	}
	plainJSON, doubleJSON := firstJSON(t, base), firstJSON(t, append(base, "-class-weight", "2,2"))
	if math.Abs(doubleJSON-2*plainJSON) > 1e-14*plainJSON {
		t.Errorf("-class-weight 2,2: first cost %v, want twice the unweighted %v", doubleJSON, plainJSON)
	}
	if a, b := cost(first("-class-weight", "1,3")), cost(plain); !(a > b) {
		t.Errorf("-class-weight 1,3: first cost %v, not above the unweighted %v", a, b)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-pos-weight", "-2"}, "-pos-weight -2"},
		{[]string{"-pos-weight", "NaN"}, "-pos-weight NaN"},
		{[]string{"-class-weight", "even"}, `want "balanced" or two weights W0,W1`},
		{[]string{"-class-weight", "1,2,3"}, `want "balanced" or two weights W0,W1`},
		{[]string{"-class-weight", "1,0"}, `class 1's weight "0": want a finite number > 0`},
		{[]string{"-class-weight", "Inf,1"}, `class 0's weight "Inf"`},
		{[]string{"-compare", "-class-weight", "1,2"}, "-compare"},
		{[]string{"-compare", "-pos-weight", "2"}, "-compare"},
		{[]string{"-compare", "-class-weight", "balanced"}, "-compare"},
	} {
		code, _, stderr := runCmd(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

// firstJSON is the first reported cost of a run, read from -json at
// full precision.
func firstJSON(t *testing.T, args []string) float64 {
	t.Helper()
	code, stdout, stderr := runCmd(t, append(args, "-json")...)
	var r struct{ Costs []struct{ Cost float64 } }
	if err := json.Unmarshal([]byte(stdout), &r); code != 0 || err != nil || len(r.Costs) == 0 {
		t.Fatalf("%v: exit %d, %v, stderr %q", args, code, err, stderr)
	}
	return r.Costs[0].Cost
}
