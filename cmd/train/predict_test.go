package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	nnmodel "github.com/gradlab/gradlab/nn/model"
)

// trainAndExport trains a standardized model on the breast-cancer set,
// saves it, and writes the data set as CSV.
func trainAndExport(t *testing.T) (dir, model, data string) {
	t.Helper()
	dir = t.TempDir()
	model, data = filepath.Join(dir, "model.json"), filepath.Join(dir, "data.csv")
	if code, _, stderr := runCmd(t, "-dataset", "breast-cancer", "-standardize", "-iters", "200", "-lr", "0.5", "-quiet", "-save", model); code != 0 {
		t.Fatalf("training: %s", stderr)
	}
	s, err := datasets.BreastCancer()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteCSV(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return dir, model, data
}

func TestPredict(t *testing.T) {
	dir, model, data := trainAndExport(t)
	out := filepath.Join(dir, "pred.csv")
	code, stdout, stderr := runCmd(t, "-load", model, "-predict", data, "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "Accuracy: ") || !strings.Contains(stdout, "Predictions: precision") {
		t.Errorf("metrics missing from stdout:\n%s", stdout)
	}
	rows := readRows(t, out)
	if len(rows) != 570 || rows[0][0] != "probability_malignant" || rows[0][1] != "prediction" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	// The predictions equal the model's own, to the last bit.
	m, err := nnmodel.Load(model)
	if err != nil {
		t.Fatal(err)
	}
	if m.Standardize == nil {
		t.Fatal("the model trained with -standardize keeps no standardization")
	}
	s, _ := datasets.BreastCancer()
	probs, _ := m.Predict(s.X) // standardized by the model

	for i, p := range probs {
		got, _ := strconv.ParseFloat(rows[i+1][0], 64)
		want := map[bool]string{false: "benign", true: "malignant"}[p > 0.5]
		if got != p || rows[i+1][1] != want {
			t.Fatalf("row %d: %v, want %v, %s", i+1, rows[i+1], p, want)
		}
	}
}

func TestPredictWithoutLabels(t *testing.T) {
	dir, model, data := trainAndExport(t)
	rows := readRows(t, data)
	unlabelled := filepath.Join(dir, "x.csv")
	var b strings.Builder
	w := csv.NewWriter(&b)
	for _, r := range rows {
		w.Write(r[:len(r)-1])
	}
	w.Flush()
	os.WriteFile(unlabelled, []byte(b.String()), 0o644)
	code, stdout, stderr := runCmd(t, "-load", model, "-predict", unlabelled)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if n := strings.Count(stdout, "\n"); n != 570 || !strings.HasPrefix(stdout, "probability_malignant,prediction\n") {
		t.Errorf("%d lines of predictions:\n%.200s", n, stdout)
	}
}

func TestPredictErrors(t *testing.T) {
	dir, model, data := trainAndExport(t)
	corrupt := filepath.Join(dir, "corrupt.json")
	os.WriteFile(corrupt, []byte(`{"format": "gradlab-model", "version": 7}`), 0o644)
	narrow := filepath.Join(dir, "narrow.csv")
	os.WriteFile(narrow, []byte("a,b\n1,2\n"), 0o644)
	strange := filepath.Join(dir, "strange.csv")
	lines := strings.SplitN(string(must(os.ReadFile(data))), "\n", 3)
	os.WriteFile(strange, []byte(lines[0]+"\n"+strings.Replace(lines[1], "malignant", "unknown", 1)+"\n"), 0o644)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-load", model}, 2, "-load and -predict go together"},
		{[]string{"-out", "x.csv"}, 2, "-out needs -predict"},
		{[]string{"-load", corrupt, "-predict", data}, 1, "version 7 was written by a newer gradlab"},
		{[]string{"-load", filepath.Join(dir, "none.json"), "-predict", data}, 1, "no such file"},
		{[]string{"-load", model, "-predict", narrow}, 1, `narrow.csv:1: datasets: bad CSV: no column "mean_radius": the model takes the features "mean_radius", "mean_texture", "mean_perimeter", "mean_area", "mean_smoothness", "mean_compactness" and 24 more`},
		{[]string{"-load", model, "-predict", strange}, 1, `label "unknown" is neither "benign" nor "malignant"`},
	} {
		code, _, stderr := runCmd(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func readRows(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Prediction reads its input once, as it streams in, so a pipe, a FIFO and
// standard input give what the file gives; columns are matched by the
// model's feature names, in any order, and the label column is found by
// the name the model keeps, without -label.
func TestPredictStreamsAndNames(t *testing.T) {
	dir, model, data := trainAndExport(t)
	_, want, stderr := runCmd(t, "-load", model, "-predict", data)
	if stderr == "" || !strings.HasPrefix(want, "probability_malignant,prediction\n") || strings.Count(want, "\n") != 570 {
		t.Fatalf("predictions from the file:\n%.200s\nstderr %q", want, stderr)
	}
	rows := readRows(t, data)
	reordered := filepath.Join(dir, "reordered.csv")
	var b strings.Builder
	w := csv.NewWriter(&b)
	for _, r := range rows { // diagnosis first, the features backwards
		out := []string{r[len(r)-1]}
		for i := len(r) - 2; i >= 0; i-- {
			out = append(out, r[i])
		}
		w.Write(out)
	}
	w.Flush()
	os.WriteFile(reordered, []byte(b.String()), 0o644)

	fifo := filepath.Join(dir, "data.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	go func() { // the writer of the FIFO, as a shell's producer would be
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		f.Write(must(os.ReadFile(data)))
		f.Close()
	}()
	for _, c := range []struct {
		name string
		args []string
		in   string // standard input
	}{
		{"columns reordered", []string{"-load", model, "-predict", reordered}, ""},
		{"a FIFO", []string{"-load", model, "-predict", fifo}, ""},
		{"standard input, as -", []string{"-load", model, "-predict", "-"}, string(must(os.ReadFile(data)))},
	} {
		stdin = strings.NewReader(c.in)
		code, got, stderr := runCmd(t, c.args...)
		if code != 0 || got != want || !strings.Contains(stderr, "Accuracy: ") {
			t.Errorf("%s: exit %d, stderr %q, and %d lines of predictions that differ from the file's", c.name, code, stderr, strings.Count(got, "\n"))
		}
	}
	stdin = os.Stdin
}

// The exported data are in their own units: predicting on them with a model
// trained with -standardize standardizes them once, as the model was
// trained, and gives the predictions on the original file.
func TestExportThenPredict(t *testing.T) {
	dir, model, data := trainAndExport(t)
	exported := filepath.Join(dir, "exported.csv")
	if code, _, stderr := runCmd(t, "-dataset", "breast-cancer", "-standardize", "-iters", "0", "-quiet", "-export-data", exported); code != 0 {
		t.Fatal(stderr)
	}
	_, want, _ := runCmd(t, "-load", model, "-predict", data)
	code, got, stderr := runCmd(t, "-load", model, "-predict", exported)
	if code != 0 || got != want || !strings.Contains(stderr, "Accuracy: ") {
		t.Errorf("predicting on the export: exit %d, stderr %q; the predictions differ from the original file's: standardized twice?", code, stderr)
	}
}
