package main

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

// The notebook's logistic-regression baseline on the planar data is 47%.
func TestLogisticRegressionBaseline(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, 3000, 1.2, 1000); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("want a header, 3 reports and the accuracy:\n%s", out.String())
	}
	for _, l := range lines[1:4] {
		f := strings.Fields(l)
		if len(f) != 4 || f[1] != f[2] {
			t.Errorf("report %q: the two forms' costs differ", l)
		}
		if d, err := strconv.ParseFloat(f[3], 64); err != nil || d > 1e-12 {
			t.Errorf("report %q: weights of the two forms differ by %s", l, f[3])
		}
	}
	const prefix = "Accuracy of logistic regression: "
	acc, ok := strings.CutPrefix(lines[4], prefix)
	if !ok {
		t.Fatalf("last line %q", lines[4])
	}
	v, err := strconv.ParseFloat(strings.Fields(acc)[0][:len(strings.Fields(acc)[0])-1], 64)
	if err != nil || v < 46 || v > 48 {
		t.Errorf("accuracy %q, want about 47%%", acc)
	}
}
