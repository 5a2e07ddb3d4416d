package main

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
)

// The first report is K·ln 2 for three outputs of σ(≈0) at the small
// initial weights; the naive sum(dot) adds cross terms, so it is above
// the cost at every report and grows as the rows learn different labels;
// each label gets its line.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), &out, "multilabel.csv", 1001); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[2], "Label a: ") || !strings.HasPrefix(lines[4], "Label c: ") {
		t.Fatalf("output:\n%s", out.String())
	}
	var costs, naive [2]float64
	for i := range 2 {
		var it int
		if _, err := fmt.Sscanf(lines[i], "Cost after iteration %d: %f (naive sum(dot) %f)", &it, &costs[i], &naive[i]); err != nil {
			t.Fatalf("%q: %v", lines[i], err)
		}
		if naive[i] <= costs[i] {
			t.Errorf("report %d: naive sum(dot) %v not above the cost %v", i, naive[i], costs[i])
		}
	}
	if math.Abs(costs[0]-3*math.Ln2) > 1e-3 || costs[1] >= costs[0] || naive[1] <= naive[0] {
		t.Errorf("costs %v, naive sums %v: want 3·ln 2 = %v falling, the naive sum rising", costs, naive, 3*math.Ln2)
	}
}
