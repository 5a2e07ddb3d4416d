package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/datasets"
)

// planarCSV writes the exercise's own 400 points to a CSV file.
func planarCSV(t *testing.T) string {
	t.Helper()
	set, err := datasets.Planar(400, 1)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "planar.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := set.WriteCSV(f); err != nil {
		t.Fatal(err)
	}
	return path
}

// Validating on the training data themselves: the run's table is the
// plain run's digit for digit, the validation column equals the training
// column, and the accuracy is the plain run's, now labelled "Train".
func TestValidationCSVLeavesTheTableUnchanged(t *testing.T) {
	code, plain, stderr := runCmd(t, "-iters", "3000")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	code, val, stderr := runCmd(t, "-iters", "3000", "-val-csv", planarCSV(t))
	if code != 0 || stderr != "" {
		t.Fatalf("-val-csv: exit %d, stderr %q", code, stderr)
	}
	pl, vl := strings.Split(plain, "\n"), strings.Split(val, "\n")
	for i := range 3 {
		var it, it2 int
		var cost, tr, vc, ta, va float64
		if _, err := fmt.Sscanf(pl[i], "Cost after iteration %d: %f", &it, &cost); err != nil {
			t.Fatalf("plain line %q: %v", pl[i], err)
		}
		if _, err := fmt.Sscanf(vl[i], "Cost after iteration %d: train %f, validation %f  Train accuracy %f%%, Validation accuracy %f%%", &it2, &tr, &vc, &ta, &va); err != nil {
			t.Fatalf("validation line %q: %v", vl[i], err)
		}
		if it != it2 || fmt.Sprintf("%f", cost) != fmt.Sprintf("%f", tr) || tr != vc || ta != va {
			t.Errorf("line %d: %q against %q", i+1, vl[i], pl[i])
		}
	}
	if a, b := strings.TrimPrefix(pl[3], "Train accuracy: "), strings.TrimPrefix(vl[3], "Train accuracy: "); a != b || !strings.HasPrefix(vl[4], "Validation accuracy: "+a) {
		t.Errorf("accuracy lines %q, %q against %q", vl[3], vl[4], pl[3])
	}
}

// Early stopping from the command line: the model kept is the best
// report's, so its validation log loss is that report's validation cost.
func TestPatience(t *testing.T) {
	code, stdout, stderr := runCmd(t, "-iters", "10000", "-print-every", "500", "-val-split", "0.25", "-stratify", "-patience", "2", "-json")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var r jsonReport
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if r.BestIteration == nil || !r.StoppedEarly || r.Iterations != *r.BestIteration+2*500 || *r.ValExamples != 100 || r.TrainExamples != 300 {
		t.Fatalf("best %v, stopped early %t after %d iterations, %v and %d examples; want 2 reports past the best, 100 and 300",
			r.BestIteration, r.StoppedEarly, r.Iterations, r.ValExamples, r.TrainExamples)
	}
	for _, c := range r.Costs {
		if c.Iteration == *r.BestIteration && math.Abs(c.Validation.Cost-r.ValidationMetrics.LogLoss) > 1e-12 {
			t.Errorf("the kept model's validation log loss %v, the best report's cost %v", r.ValidationMetrics.LogLoss, c.Validation.Cost)
		}
	}
}

// JSON lines: one object a report as it comes, then the summary.
func TestJSONLines(t *testing.T) {
	code, stdout, stderr := runCmd(t, "-iters", "300", "-print-every", "100", "-json-lines", "-val-split", "0.2")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 3 reports and the summary:\n%s", len(lines), stdout)
	}
	for i, l := range lines[:3] {
		var c costJSON
		if err := json.Unmarshal([]byte(l), &c); err != nil || c.Iteration != 100*i || c.Validation == nil || c.CostOf != "training part" {
			t.Errorf("line %q: %+v, %v", l, c, err)
		}
	}
	var r jsonReport
	if err := json.Unmarshal([]byte(lines[3]), &r); err != nil || r.Dataset != "planar" || len(r.Costs) != 3 || r.ValidationAccuracy == nil {
		t.Errorf("summary %q: %v", lines[3], err)
	}
}

// Reports every N epochs, labelled with the whole part's cost and the
// batch's.
func TestPrintEveryEpochs(t *testing.T) {
	code, stdout, stderr := runCmd(t, "-batch", "100", "-epochs", "4", "-print-every-epochs", "2", "-quiet=false")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(stdout, "\n")
	for i, want := range []string{"Cost after iteration 0 (epoch 0): train ", "Cost after iteration 8 (epoch 2): train "} {
		if !strings.HasPrefix(lines[i], want) || !strings.Contains(lines[i], "(whole part; this batch ") {
			t.Errorf("line %q, want %q…", lines[i], want)
		}
	}
	if strings.Count(stdout, "Cost after") != 2 {
		t.Errorf("stdout:\n%s", stdout)
	}
}

func TestSummaryFlag(t *testing.T) {
	code, stdout, _ := runCmd(t, "-iters", "1", "-summary", "-hidden", "8,4")
	if code != 0 || !strings.HasPrefix(stdout, "Layer ") || !strings.Contains(stdout, "Total parameters: 65\n") {
		t.Errorf("exit %d, stdout:\n%s", code, stdout) // (8·2+8) + (4·8+4) + (4+1) = 65
	}
	if _, stdout, _ := runCmd(t, "-iters", "1", "-summary", "-quiet"); strings.Contains(stdout, "Layer") {
		t.Errorf("-quiet printed the summary:\n%s", stdout)
	}
}

// Breast cancer without -standardize stalls, and says so once.
func TestStallWarning(t *testing.T) {
	for _, c := range []struct {
		args []string
		warn int
	}{
		{[]string{"-dataset", "breast-cancer", "-iters", "2000", "-quiet"}, 1},
		{[]string{"-dataset", "breast-cancer", "-iters", "2000", "-quiet", "-standardize"}, 0},
	} {
		code, _, stderr := runCmd(t, c.args...)
		if code != 0 || strings.Count(stderr, "training has stalled") != c.warn || c.warn == 1 && !strings.Contains(stderr, "-standardize") {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, stderr)
		}
	}
}

// -sweep's cost is its final weights', which a single run's final log
// loss on the training part measures too.
func TestSweepFinalCost(t *testing.T) {
	_, sweep, _ := runCmd(t, "-sweep", "2", "-iters", "300", "-print-every", "100", "-json")
	_, single, _ := runCmd(t, "-hidden", "2", "-iters", "300", "-print-every", "100", "-json")
	var s struct{ Sweep []sweepRow }
	var r jsonReport
	if err := json.Unmarshal([]byte(sweep), &s); err != nil || len(s.Sweep) != 1 {
		t.Fatalf("%v: %s", err, sweep)
	}
	if err := json.Unmarshal([]byte(single), &r); err != nil {
		t.Fatal(err)
	}
	if got, want := s.Sweep[0].Cost, r.TrainMetrics.LogLoss; math.Abs(got-want) > 1e-12 || got == r.Costs[len(r.Costs)-1].Cost {
		t.Errorf("sweep cost %v, final log loss %v, last report %v", got, want, r.Costs[len(r.Costs)-1].Cost)
	}
}

func TestHeldOutUsage(t *testing.T) {
	for _, c := range [][]string{
		{"-patience", "3"},
		{"-val-split", "1"},
		{"-val-split", "0.2", "-val-csv", "x.csv"},
		{"-val-split", "0.2", "-json", "-json-lines"},
		{"-val-split", "0.2", "-min-delta", "0.1"},
		{"-print-every", "5", "-print-every-epochs", "2"},
		{"-sweep", "1,2", "-summary"},
	} {
		if code, _, stderr := runCmd(t, c...); code != 2 || strings.Count(stderr, "\n") != 2 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a usage line", c, code, stderr)
		}
	}
	var out strings.Builder
	run(t.Context(), []string{"-h"}, &out, &out, false)
	if !strings.Contains(out.String(), "the accuracy lines stay") {
		t.Errorf("-h does not say what -quiet hides")
	}
}
