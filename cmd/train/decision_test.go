package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	nnmodel "github.com/gradlab/gradlab/nn/model"
)

// TestDecisionFlags: -positive makes a named class class 1 (breast-cancer
// has 357 benign and 212 malignant tumours, data/README.md), -threshold
// moves the decision, and both reach the report, the saved model and the
// predictions file, whose probability column names its class.
func TestDecisionFlags(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "m.json")
	base := []string{"-dataset", "breast-cancer", "-standardize", "-iters", "50", "-json"}
	report := func(args ...string) jsonReport {
		t.Helper()
		code, stdout, stderr := runCmd(t, append(base, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		var r jsonReport
		if err := json.Unmarshal([]byte(stdout), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	def := report()
	if m := def.TrainMetrics; m.Positive != "malignant" || m.Labels != [2]string{"benign", "malignant"} || m.Threshold != 0.5 {
		t.Errorf("default: positive %q, labels %v, threshold %v", m.Positive, m.Labels, m.Threshold)
	}
	if c := def.TrainMetrics.Confusion; c[0][0]+c[0][1] != 357 || c[1][0]+c[1][1] != 212 {
		t.Errorf("default confusion %v: want 357 benign and 212 malignant", c)
	}
	ben := report("-positive", "benign", "-save", model)
	if c := ben.TrainMetrics.Confusion; ben.TrainMetrics.Positive != "benign" || c[0][0]+c[0][1] != 212 || c[1][0]+c[1][1] != 357 {
		t.Errorf("-positive benign: positive %q, confusion %v", ben.TrainMetrics.Positive, c)
	}
	m, err := nnmodel.Load(model)
	if err != nil {
		t.Fatal(err)
	}
	if l := m.Meta.Labels; len(l) != 2 || l[1] != "benign" || m.Threshold() != 0.5 {
		t.Errorf("saved labels %v, threshold %v", l, m.Threshold())
	}
	// A lower threshold predicts the positive class at least as often.
	low := report("-threshold", "0.05", "-save", model)
	pos := func(r jsonReport) int { c := r.TrainMetrics.Confusion; return c[0][1] + c[1][1] }
	if low.TrainMetrics.Threshold != 0.05 || pos(low) < pos(def) || low.TrainMetrics.Recall < def.TrainMetrics.Recall {
		t.Errorf("-threshold 0.05: threshold %v, %d predicted positive (default %d), recall %v (default %v)",
			low.TrainMetrics.Threshold, pos(low), pos(def), low.TrainMetrics.Recall, def.TrainMetrics.Recall)
	}
	if m, err = nnmodel.Load(model); err != nil || m.Threshold() != 0.05 {
		t.Fatalf("saved threshold %v, %v", m.Threshold(), err)
	}
	data := filepath.Join("..", "..", "datasets", "data", "breast_cancer_wisconsin.csv")
	_, atModel, _ := runCmd(t, "-load", model, "-predict", data)
	_, atHalf, _ := runCmd(t, "-load", model, "-predict", data, "-threshold", "0.5")
	if !strings.HasPrefix(atModel, "probability_malignant,prediction\n") {
		t.Fatalf("predictions start %.60q", atModel)
	}
	if n, h := strings.Count(atModel, ",malignant\n"), strings.Count(atHalf, ",malignant\n"); n != pos(low) || h > n {
		t.Errorf("%d malignant predictions at the model's threshold (training report: %d), %d at 0.5", n, pos(low), h)
	}
	code, stdout, _ := runCmd(t, "-dataset", "breast-cancer", "-iters", "1", "-positive", "benign", "-threshold", "0.3")
	if code != 0 || !strings.Contains(stdout, "(positive class benign, threshold 0.3)") || !strings.Contains(stdout, "true malignant: ") {
		t.Errorf("text report: exit %d\n%s", code, stdout)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-threshold", "1"}, "-threshold 1: want a number in (0, 1)"},
		{[]string{"-threshold", "-0.5"}, "-threshold -0.5"},
		{[]string{"-positive", "yes"}, `-positive "yes": want a label of planar: "0" or "1"`},
		{[]string{"-serve", "-threshold", "0.2"}, "-serve"},
	} {
		code, _, stderr := runCmd(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}
