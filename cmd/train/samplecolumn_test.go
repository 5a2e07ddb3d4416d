package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	nnmodel "github.com/gradlab/gradlab/nn/model"
)

// weightedCSV writes the moons data set as a CSV with a weight column w
// before the label, each example's weight c[label]; plain is the same
// without the column.
func weightedCSV(t *testing.T, dir string, c [2]float64) (weighted, plain string) {
	t.Helper()
	set, err := datasets.Generate("moons", datasets.Options{N: 120, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	x, y := set.X.Float64s(), set.Y.Float64s()
	m := len(y)
	var wb, pb strings.Builder
	wb.WriteString("x1,x2,w,y\n")
	pb.WriteString("x1,x2,y\n")
	for i := range m {
		f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
		wb.WriteString(f(x[i]) + "," + f(x[m+i]) + "," + f(c[int(y[i])]) + "," + f(y[i]) + "\n")
		pb.WriteString(f(x[i]) + "," + f(x[m+i]) + "," + f(y[i]) + "\n")
	}
	weighted, plain = filepath.Join(dir, "weighted.csv"), filepath.Join(dir, "plain.csv")
	if err := os.WriteFile(weighted, []byte(wb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(plain, []byte(pb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return weighted, plain
}

// TestWeightColumnFlag: a weight column that gives each example its
// class's weight trains as -class-weight does, bit for bit, in
// mini-batches too; the saved model's features leave the column out, and
// -predict on the file with the column predicts what it predicts on the
// file without.
func TestWeightColumnFlag(t *testing.T) {
	dir := t.TempDir()
	weighted, plain := weightedCSV(t, dir, [2]float64{0.5, 2})
	common := []string{"-iters", "40", "-print-every", "10", "-batch", "32", "-seed", "2", "-json"}
	run := func(args ...string) string {
		t.Helper()
		code, stdout, stderr := runCmd(t, append(slices.Clone(common), args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		return stdout
	}
	costs := func(out string) string { // the JSON report without its timings
		return out[strings.Index(out, `"costs"`):strings.Index(out, `"train_seconds"`)]
	}
	model := filepath.Join(dir, "model.json")
	byColumn := run("-csv", weighted, "-weight-column", "w", "-save", model)
	byClass := run("-csv", plain, "-class-weight", "0.5,2")
	if costs(byColumn) != costs(byClass) {
		t.Errorf("-weight-column of class weights and -class-weight 0.5,2 differ:\n%s\n%s", costs(byColumn), costs(byClass))
	}
	if unweighted := run("-csv", weighted, "-drop", "w"); costs(unweighted) == costs(byColumn) {
		t.Error("-weight-column trains as the unweighted run")
	}
	m, err := nnmodel.Load(model)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Meta.Features, []string{"x1", "x2"}) || m.Meta.WeightColumn != "w" {
		t.Errorf("saved features %q, weight column %q", m.Meta.Features, m.Meta.WeightColumn)
	}
	outW, outP := filepath.Join(dir, "w.out"), filepath.Join(dir, "p.out")
	for _, c := range [][]string{{weighted, outW}, {plain, outP}} {
		if code, _, stderr := runCmd(t, "-load", model, "-predict", c[0], "-out", c[1], "-quiet"); code != 0 {
			t.Fatalf("-predict %s: exit %d: %s", c[0], code, stderr)
		}
	}
	if a, b := must(os.ReadFile(outW)), must(os.ReadFile(outP)); string(a) != string(b) || len(a) == 0 {
		t.Error("-predict on the file with the weight column predicts otherwise than without it")
	}
	// -weight-column names the column to leave out too.
	code, _, stderr := runCmd(t, "-load", model, "-predict", weighted, "-weight-column", "w", "-quiet", "-out", outW)
	if code != 0 {
		t.Errorf("-predict -weight-column w: exit %d: %s", code, stderr)
	}
}

// TestWeightColumnValidation: a -val-split part keeps its examples'
// weights and is scored with them: weights of 2 everywhere double the
// validation cost of weights of 1.
func TestWeightColumnValidation(t *testing.T) {
	dir := t.TempDir()
	ones, _ := weightedCSV(t, dir, [2]float64{1, 1})
	twos := filepath.Join(dir, "twos.csv")
	if err := os.WriteFile(twos, []byte(strings.ReplaceAll(string(must(os.ReadFile(ones))), ",1,", ",2,")), 0o644); err != nil {
		t.Fatal(err)
	}
	val := func(path string) float64 {
		t.Helper()
		var r struct {
			Costs []struct{ Validation *struct{ Cost float64 } }
		}
		code, stdout, stderr := runCmd(t, "-csv", path, "-weight-column", "w", "-val-split", "0.25", "-iters", "1", "-json")
		if code != 0 || json.Unmarshal([]byte(stdout), &r) != nil || len(r.Costs) == 0 || r.Costs[0].Validation == nil {
			t.Fatalf("%s: exit %d: %s %s", path, code, stdout, stderr)
		}
		return r.Costs[0].Validation.Cost
	}
	if a, b := val(twos), val(ones); a != 2*b {
		t.Errorf("validation cost with weights 2: %v, with weights 1: %v", a, b)
	}
}

// TestWeightColumnSeveralLabels: with two label columns and a weight
// column, a run of batches of 5 out of 31 examples, whose last batch
// holds one example (a (2, 1) column), trains; the saved model predicts
// on the file with the weight column what it predicts on the file
// without.
func TestWeightColumnSeveralLabels(t *testing.T) {
	dir := t.TempDir()
	var with, without strings.Builder
	with.WriteString("x1,x2,w,a,b\n")
	without.WriteString("x1,x2,a,b\n")
	for i := range 31 {
		x1, x2 := float64((7*i)%31-15)/10, float64((11*i)%31-15)/10
		a, b := "0", "0"
		if x1 > 0 {
			a = "1"
		}
		if x2 > 0 {
			b = "1"
		}
		f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
		with.WriteString(f(x1) + "," + f(x2) + "," + f(1+float64(i%3)/2) + "," + a + "," + b + "\n")
		without.WriteString(f(x1) + "," + f(x2) + "," + a + "," + b + "\n")
	}
	paths := map[string]string{"with": filepath.Join(dir, "with.csv"), "without": filepath.Join(dir, "without.csv")}
	for name, text := range map[string]string{"with": with.String(), "without": without.String()} {
		if err := os.WriteFile(paths[name], []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	model := filepath.Join(dir, "m.json")
	code, _, stderr := runCmd(t, "-csv", paths["with"], "-label", "a,b", "-weight-column", "w", "-iters", "12", "-batch", "5", "-quiet", "-save", model)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var outs []string
	for _, name := range []string{"with", "without"} {
		out := filepath.Join(dir, name+".out")
		if code, _, stderr := runCmd(t, "-load", model, "-predict", paths[name], "-out", out, "-quiet"); code != 0 {
			t.Fatalf("-predict %s: exit %d: %s", name, code, stderr)
		}
		outs = append(outs, string(must(os.ReadFile(out))))
	}
	if outs[0] != outs[1] || outs[0] == "" {
		t.Error("the predictions on the file with the weight column differ from those without")
	}
}
