package main

import (
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
	if got := first("-pos-weight", "1"); got != plain {
		t.Errorf("-pos-weight 1: %q, unweighted %q", got, plain)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-pos-weight", "-2"}, "-pos-weight -2"},
		{[]string{"-pos-weight", "NaN"}, "-pos-weight NaN"},
		{[]string{"-class-weight", "even"}, `want "balanced"`},
		{[]string{"-compare", "-pos-weight", "2"}, "-compare"},
		{[]string{"-compare", "-class-weight", "balanced"}, "-compare"},
	} {
		code, _, stderr := runCmd(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}
