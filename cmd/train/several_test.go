package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/nn/model"
)

// multilabelCSV is examples/multilabel's data set: 300 examples, 4
// features, labels a, b and c (make_multilabel_classification).
var multilabelCSV = filepath.Join("..", "..", "examples", "multilabel", "multilabel.csv")

// A run on three label columns: K·ln 2 at the small initial weights, the
// per-label scores in -json, a model of three outputs.
func TestSeveralLabelsTrain(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "m.json")
	code, stdout, stderr := runCmd(t, "-csv", multilabelCSV, "-label", "a,b,c", "-standardize", "-iters", "300", "-print-every", "100",
		"-test-split", "0.2", "-save", saved, "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	type labels struct {
		Accuracy   float64 `json:"label_accuracy"`
		ExactMatch float64 `json:"exact_match"`
		Labels     []struct{ Accuracy float64 }
	}
	var r struct {
		Costs         []struct{ Cost float64 }
		TrainAccuracy float64  `json:"train_accuracy"`
		TestAccuracy  *float64 `json:"test_accuracy"`
		Columns       []string `json:"label_columns"`
		TrainLabels   *labels  `json:"train_labels"`
		TestLabels    *labels  `json:"test_labels"`
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if c := r.Costs[0].Cost; math.Abs(c-3*math.Ln2) > 1e-3 {
		t.Errorf("first cost %v, want about 3·ln 2 = %v: three outputs of σ(≈0)", c, 3*math.Ln2)
	}
	if !slices.Equal(r.Columns, []string{"a", "b", "c"}) || r.TrainLabels == nil || r.TestLabels == nil || len(r.TrainLabels.Labels) != 3 {
		t.Fatalf("label columns %v, train labels %+v", r.Columns, r.TrainLabels)
	}
	for _, part := range []struct {
		acc float64
		j   *labels
	}{{r.TrainAccuracy, r.TrainLabels}, {*r.TestAccuracy, r.TestLabels}} {
		mean := 0.0
		for _, l := range part.j.Labels {
			mean += l.Accuracy / 3
		}
		if math.Abs(mean-part.acc) > 1e-15 || part.j.Accuracy != part.acc || part.j.ExactMatch > part.acc {
			t.Errorf("label accuracy %v, the labels' mean %v, exact match %v", part.acc, mean, part.j.ExactMatch)
		}
	}
	m, err := model.Load(saved)
	if err != nil {
		t.Fatal(err)
	}
	if m.Outputs() != 3 || !slices.Equal(m.Meta.LabelColumns, []string{"a", "b", "c"}) || m.Meta.Label != "" {
		t.Errorf("saved model: %d outputs, meta %+v", m.Outputs(), m.Meta)
	}
}

// -predict with a model of three outputs writes each label's probability,
// the model's own, and its prediction; with the label columns in the CSV
// it scores them.
func TestSeveralLabelsPredict(t *testing.T) {
	dir := t.TempDir()
	saved, out := filepath.Join(dir, "m.json"), filepath.Join(dir, "p.csv")
	if code, _, stderr := runCmd(t, "-csv", multilabelCSV, "-label", "a,b,c", "-iters", "200", "-quiet", "-save", saved); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := runCmd(t, "-load", saved, "-predict", multilabelCSV, "-out", out)
	if code != 0 {
		t.Fatal(stderr)
	}
	set, err := datasets.LoadCSV(multilabelCSV, datasets.CSVOptions{NoLabels: true})
	if err != nil {
		t.Fatal(err)
	}
	if set, err = set.WithLabelColumns([]string{"a", "b", "c"}); err != nil {
		t.Fatal(err)
	}
	m, err := model.Load(saved)
	if err != nil {
		t.Fatal(err)
	}
	p, err := m.Probabilities(set.X)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(must(os.ReadFile(out))))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := []string{"probability_a", "prediction_a", "probability_b", "prediction_b", "probability_c", "prediction_c"}
	if !slices.Equal(rows[0], header) || len(rows) != 301 {
		t.Fatalf("header %v, %d rows", rows[0], len(rows))
	}
	for i, row := range rows[1:] {
		for k := range 3 {
			want := p.Float64s()[k*300+i]
			got, _ := strconv.ParseFloat(row[2*k], 64)
			class := map[bool]string{true: "1", false: "0"}[want > 0.5]
			if got != want || row[2*k+1] != class {
				t.Fatalf("example %d, label %d: %s, %s; the model gives %v", i, k, row[2*k], row[2*k+1], want)
			}
		}
	}
	per, err := m.EvaluateLabels(set.X, set.Y)
	if err != nil {
		t.Fatal(err)
	}
	mean := (per[0].Accuracy + per[1].Accuracy + per[2].Accuracy) / 3
	if want := "Label accuracy: " + strconv.FormatFloat(100*mean, 'f', 2, 64) + "% over 3 labels"; !strings.HasPrefix(stdout, want) || !strings.Contains(stdout, "Predictions b: confusion") {
		t.Errorf("stdout:\n%s\nwant it to start %q", stdout, want)
	}

	// Without the label columns: predictions, no scores.
	features := filepath.Join(dir, "features.csv")
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(string(must(os.ReadFile(multilabelCSV)))), "\n") {
		b.WriteString(strings.Join(strings.Split(line, ",")[:4], ",") + "\n")
	}
	if err := os.WriteFile(features, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runCmd(t, "-load", saved, "-predict", features)
	if code != 0 || !strings.HasPrefix(stdout, strings.Join(header, ",")+"\n") || stderr != "" {
		t.Errorf("exit %d, stdout %.80q, stderr %q", code, stdout, stderr)
	}
}

// Compare mode on three label rows names the trace form and shows the
// naive sum(dot) beside it.
func TestSeveralLabelsCompare(t *testing.T) {
	code, stdout, stderr := runCmd(t, "-csv", multilabelCSV, "-label", "a,b,c", "-iters", "1", "-compare")
	if code != 0 {
		t.Fatal(stderr)
	}
	lines := strings.Split(stdout, "\n")
	if len(lines) < 4 || !strings.HasPrefix(lines[1], "  trace ") || !strings.HasPrefix(lines[2], "  naive sum(dot) ") ||
		!strings.Contains(lines[2], "its 6 cross terms") || !strings.Contains(lines[3], "against trace") {
		t.Errorf("stdout:\n%s", stdout)
	}
	trace, _ := strconv.ParseFloat(strings.Fields(lines[1])[1], 64)
	naive, _ := strconv.ParseFloat(strings.TrimSuffix(strings.Fields(lines[2])[2], ":"), 64)
	if !(naive > trace) {
		t.Errorf("naive sum(dot) %v is not above the cost %v: every cross term is a cost ≥ 0", naive, trace)
	}
}
