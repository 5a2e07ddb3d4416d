package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/internal/exercise"
	nnmodel "github.com/gradlab/gradlab/nn/model"
)

// runCmd runs the command with args and returns its exit status and output.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errw bytes.Buffer
	code = run(context.Background(), args, &out, &errw, false)
	return code, out.String(), errw.String()
}

// The notebook's published cost table for iterations 0 to 7000, which the
// default run must print digit for digit.
var notebookCosts = []string{
	"Cost after iteration 0: 0.693048",
	"Cost after iteration 1000: 0.288083",
	"Cost after iteration 2000: 0.254385",
	"Cost after iteration 3000: 0.233864",
	"Cost after iteration 4000: 0.226792",
	"Cost after iteration 5000: 0.222644",
	"Cost after iteration 6000: 0.219731",
	"Cost after iteration 7000: 0.217504",
}

func TestDefaultRunIsTheExercise(t *testing.T) {
	if testing.Short() {
		t.Skip("10000 iterations")
	}
	code, stdout, stderr := runCmd(t)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 13 || !strings.HasPrefix(lines[11], "Train: precision") || !strings.HasPrefix(lines[12], "Train: confusion") {
		t.Fatalf("printed %d lines, want 10 costs, the accuracy and two lines of metrics:\n%s", len(lines), stdout)
	}
	for i, want := range notebookCosts {
		if lines[i] != want {
			t.Errorf("line %d = %q, want %q", i+1, lines[i], want)
		}
	}
	// Past the jump at iteration 7800 the trajectory is sensitive to
	// rounding: within 1e-3 of the numpy reference.
	var ref exercise.Training
	if err := exercise.Load("training.json", &ref); err != nil {
		t.Fatal(err)
	}
	for _, it := range []int{8000, 9000} {
		var got float64
		var at int
		if _, err := fmt.Sscanf(lines[it/1000], "Cost after iteration %d: %f", &at, &got); err != nil || at != it ||
			math.Abs(got-ref.MulSum.Costs[it/ref.MulSum.Every]) > 1e-3 {
			t.Errorf("line %q: want iteration %d within 1e-3 of numpy's %f", lines[it/1000], it, ref.MulSum.Costs[it/ref.MulSum.Every])
		}
	}
	// The notebook reports 90% on the training set; past iteration 7000
	// the trajectory is sensitive to rounding, so one point either way.
	acc := strings.TrimSuffix(strings.TrimPrefix(lines[10], "Train accuracy: "), "%")
	if v, err := strconv.ParseFloat(acc, 64); err != nil || v < 89 || v > 91 {
		t.Errorf("last line %q: want an accuracy within a point of 90%%", lines[10])
	}
}

func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string // in the one-line message
	}{
		{[]string{"-lr", "-1"}, "-lr -1"},
		{[]string{"-lr", "0"}, "-lr 0"},
		{[]string{"-lr", "NaN"}, "-lr NaN"},
		{[]string{"-hidden", "0"}, "-hidden: size 1, 0"},
		{[]string{"-hidden", "4,x"}, `-hidden: size 2, "x"`},
		{[]string{"-hidden", ""}, "-hidden: no layer sizes"},
		{[]string{"-sweep", "1,-2"}, "-sweep: size 2"},
		{[]string{"-sweep", "1,2", "-hidden", "3"}, "-sweep and -hidden"},
		{[]string{"-loss", "l2"}, `-loss "l2": unknown`},
		{[]string{"-activation", "gelu"}, `-activation "gelu": unknown`},
		{[]string{"-optimizer", "lbfgs"}, `-optimizer "lbfgs": unknown`},
		{[]string{"-schedule", "step:x"}, `-schedule "step:x": want constant`},
		{[]string{"-schedule", "exp:2"}, `-schedule "exp:2": want a factor that is a number in (0, 1], not "2"`},
		{[]string{"-l2", "-0.1"}, "-l2 -0.1"},
		{[]string{"-clip", "NaN"}, "-clip NaN"},
		{[]string{"-dataset", "mnist"}, `-dataset "mnist": unknown`},
		{[]string{"-iters", "-5"}, "-iters -5"},
		{[]string{"-iters", "5", "-epochs", "2"}, "-iters and -epochs"},
		{[]string{"-batch", "-1"}, "-batch -1"},
		{[]string{"-test-split", "1"}, "-test-split 1"},
		{[]string{"-print-every", "0"}, "-print-every 0"},
		{[]string{"-seed", "-1"}, `invalid value "-1" for flag -seed: not a whole number in [0, 2^32-1]`},
		{[]string{"-data-seed", "4294967296"}, `invalid value "4294967296" for flag -data-seed: not a whole number in [0, 2^32-1]`},
		{[]string{"-label", "y"}, "-label needs -csv"},
		{[]string{"-n", "-3"}, "-n -3"},
		{[]string{"-bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"-iters", "ten"}, `invalid value "ten" for flag -iters`},
		{[]string{"extra"}, `unexpected argument "extra"`},
	} {
		code, stdout, stderr := runCmd(t, c.args...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != 2 || stdout != "" || len(lines) != 2 ||
			!strings.HasPrefix(lines[0], "train: ") || !strings.Contains(lines[0], c.want) ||
			lines[1] != "Run 'train -h' for usage." {
			t.Errorf("train %s: exit %d, stdout %q, stderr %q; want 2, nothing, and one line with %q and the hint",
				strings.Join(c.args, " "), code, stdout, stderr, c.want)
		}
	}
}

func TestHelp(t *testing.T) {
	code, stdout, stderr := runCmd(t, "-h")
	if code != 0 || stdout != "" {
		t.Fatalf("train -h: exit %d, stdout %q", code, stdout)
	}
	for _, want := range []string{"Usage: train", "Examples:", "-sweep", "-compare", `(default "planar")`, "(default 1.2)"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("usage lacks %q:\n%s", want, stderr)
		}
	}
}

func TestJSON(t *testing.T) {
	code, stdout, stderr := runCmd(t, "-json", "-iters", "100", "-print-every", "50", "-compare", "-gradcheck")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, stdout)
	}
	for _, k := range []string{"dataset", "examples", "features", "hidden", "activation", "loss", "optimizer",
		"learning_rate", "iterations", "costs", "train_accuracy", "test_accuracy", "train_seconds", "compare", "gradcheck",
		"train_metrics", "test_metrics"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("no %q key in %s", k, stdout)
		}
	}
	var r struct {
		Dataset    string
		Examples   int
		Features   int
		Iterations int
		Costs      []struct {
			Iteration int
			Cost      float64
		}
		TestAccuracy *float64 `json:"test_accuracy"`
		Compare      []struct {
			Iteration   int
			CostDot     float64 `json:"cost_dot"`
			CostMulSum  float64 `json:"cost_mulsum"`
			CostDiff    float64 `json:"cost_diff"`
			MaxGradDiff float64 `json:"max_grad_diff"`
			Hand        bool    `json:"hand_derived"`
			MaxHandDiff float64 `json:"max_hand_diff"`
			Params      []struct {
				Name    string
				DotHand float64 `json:"dot_hand"`
			}
		}
		Gradcheck struct {
			Mode       string
			Difference float64
			Passed     bool
			Nodes      []struct {
				Name  string
				Worst struct{ Index []int }
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if r.Dataset != "planar" || r.Examples != 400 || r.Features != 2 || r.Iterations != 100 {
		t.Errorf("dataset %q, %d examples, %d features, %d iterations", r.Dataset, r.Examples, r.Features, r.Iterations)
	}
	if len(r.Costs) != 2 || r.Costs[0].Iteration != 0 || r.Costs[1].Iteration != 50 ||
		fmt.Sprintf("%.6f", r.Costs[0].Cost) != "0.693048" {
		t.Errorf("costs = %+v, want iterations 0 and 50 starting at the notebook's 0.693048", r.Costs)
	}
	if r.TestAccuracy != nil {
		t.Errorf("test_accuracy = %v without a split, want null", *r.TestAccuracy)
	}
	if len(r.Compare) != 2 {
		t.Fatalf("compare holds %d entries, want 2", len(r.Compare))
	}
	for _, c := range r.Compare {
		if c.CostDiff > 1e-12 || c.MaxGradDiff > 1e-12 || c.CostDot != c.CostDot {
			t.Errorf("compare %+v: the forms should agree to 1e-12", c)
		}
		if !c.Hand || c.MaxHandDiff > 1e-12 || len(c.Params) != 4 || c.Params[3].Name != "b2" {
			t.Errorf("compare %+v: the hand-derived gradients should be there, and agree to 1e-12", c)
		}
	}
	if !r.Gradcheck.Passed || r.Gradcheck.Mode != "full" || r.Gradcheck.Difference > 2e-7 || len(r.Gradcheck.Nodes) != 4 ||
		r.Gradcheck.Nodes[0].Name != "W1" || len(r.Gradcheck.Nodes[0].Worst.Index) != 2 {
		t.Errorf("gradcheck = %+v", r.Gradcheck)
	}
}

func TestQuietAndText(t *testing.T) {
	for _, c := range []struct {
		args      []string
		costLines int
	}{
		{[]string{"-iters", "30", "-print-every", "10"}, 3},
		{[]string{"-iters", "30", "-print-every", "10", "-quiet"}, 0},
		{[]string{"-iters", "30", "-print-every", "10", "-compare"}, 3},
		{[]string{"-iters", "0"}, 0},
	} {
		code, stdout, stderr := runCmd(t, c.args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", c.args, code, stderr)
		}
		if n := strings.Count(stdout, "Cost after iteration"); n != c.costLines {
			t.Errorf("%v: %d cost lines, want %d:\n%s", c.args, n, c.costLines, stdout)
		}
		if !strings.Contains(stdout, "Train accuracy: ") {
			t.Errorf("%v: no accuracy line:\n%s", c.args, stdout)
		}
		if compare := strings.Count(stdout, "mulsum"); (compare > 0) != (c.args[len(c.args)-1] == "-compare") {
			t.Errorf("%v: %d compare lines:\n%s", c.args, compare, stdout)
		}
	}
}

func TestProgressOnlyWhenAsked(t *testing.T) {
	for _, progress := range []bool{false, true} {
		var out, errw bytes.Buffer
		if code := run(context.Background(), []string{"-iters", "300"}, &out, &errw, progress); code != 0 {
			t.Fatalf("exit %d: %s", code, errw.String())
		}
		if (errw.Len() > 0) != progress {
			t.Errorf("progress %v: stderr %q", progress, errw.String())
		}
	}
	var out, errw bytes.Buffer
	run(context.Background(), []string{"-iters", "300", "-quiet"}, &out, &errw, true)
	if errw.Len() > 0 {
		t.Errorf("-quiet on a terminal: stderr %q", errw.String())
	}
}

func TestRuntimeFailureExits1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "out.csv")
	code, stdout, stderr := runCmd(t, "-iters", "0", "-export-data", path)
	if code != 1 || stdout != "" || !strings.HasPrefix(stderr, "train: ") || strings.Contains(stderr, "Run 'train -h'") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1 and one error line", code, stdout, stderr)
	}
}

func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errw bytes.Buffer
	if code := run(ctx, []string{"-iters", "1000"}, &out, &errw, false); code != 130 {
		t.Errorf("exit %d, want 130; stderr %q", code, errw.String())
	}
}

// The notebook's sweep, for two of its sizes, against the numpy reference
// (internal/exercise/testdata/sweep.json).
func TestSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 5000 iterations")
	}
	var ref exercise.Sweep
	if err := exercise.Load("sweep.json", &ref); err != nil {
		t.Fatal(err)
	}
	want := map[int]float64{}
	for _, r := range ref.Sweep {
		want[r.Hidden] = r.Accuracy
	}
	code, stdout, stderr := runCmd(t, "-sweep", "1,3")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("stdout:\n%s", stdout)
	}
	for i, n := range []int{1, 3} {
		var size int
		var acc float64
		if _, err := fmt.Sscanf(lines[i], "Train accuracy for %d hidden units: %f %%", &size, &acc); err != nil || size != n || math.Abs(acc-want[n]) > 1 {
			t.Errorf("line %q: want %d hidden units within a point of numpy's %.2f%%", lines[i], n, want[n])
		}
	}
}

func TestParseSizes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
	}{
		{"4", "[4]"},
		{"8, 4", "[8 4]"},
		{"65536", "[65536]"},
		{"65537", "error"},
		{"", "error"},
		{"4,", "error"},
		{"0", "error"},
		{"1e3", "error"},
	} {
		got, err := parseSizes(c.in)
		s := fmt.Sprint(got)
		if err != nil {
			s = "error"
		}
		if s != c.want {
			t.Errorf("parseSizes(%q) = %v, %v; want %s", c.in, got, err, c.want)
		}
	}
}

func FuzzParseSizes(f *testing.F) {
	for _, s := range []string{"4", "8,4", "", ",", "1,2,3,4,5,20,50", "-1", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sizes, err := parseSizes(s)
		if err != nil {
			return
		}
		for _, n := range sizes {
			if n < 1 || n > 1<<16 {
				t.Fatalf("parseSizes(%q) accepted %d", s, n)
			}
		}
	})
}

func TestSaveAndPictures(t *testing.T) {
	dir := t.TempDir()
	model, boundary, cost := filepath.Join(dir, "m.json"), filepath.Join(dir, "b.png"), filepath.Join(dir, "c.png")
	code, _, stderr := runCmd(t, "-iters", "200", "-quiet", "-compare", "-save", model, "-plot", boundary, "-plot-cost", cost)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if m, err := nnmodel.Load(model); err != nil || m.Meta.Loss != "mulsum" || m.Meta.Optimizer != "gd" {
		t.Errorf("saved model: %+v, %v", m, err)
	}
	for _, path := range []string{boundary, cost} {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != picWidth || cfg.Height != picHeight {
			t.Errorf("%s: %v, %dx%d", path, err, cfg.Width, cfg.Height)
		}
	}
}

func TestMetricsInJSON(t *testing.T) {
	code, stdout, stderr := runCmd(t, "-json", "-iters", "300")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r struct {
		TrainAccuracy float64 `json:"train_accuracy"`
		TrainMetrics  struct {
			Examples                        int
			Accuracy, Precision, Recall, F1 float64
			LogLoss                         float64  `json:"log_loss"`
			AUC                             *float64 `json:"roc_auc"`
			Confusion                       [2][2]int
		} `json:"train_metrics"`
		TestMetrics *struct{} `json:"test_metrics"`
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	m := r.TrainMetrics
	c := m.Confusion
	if m.Examples != 400 || m.Accuracy != r.TrainAccuracy || c[0][0]+c[0][1]+c[1][0]+c[1][1] != 400 ||
		m.AUC == nil || *m.AUC < 0.5 || !(m.LogLoss > 0) || r.TestMetrics != nil {
		t.Errorf("metrics %+v, test metrics %v", m, r.TestMetrics)
	}
}

// Every optimizer trains from the command line.
func TestOptimizers(t *testing.T) {
	for _, name := range optimizerNames() {
		code, stdout, stderr := runCmd(t, "-optimizer", name, "-lr", "0.01", "-iters", "50", "-quiet", "-l2", "0.001", "-clip", "5", "-schedule", "exp:0.999")
		if code != 0 || !strings.HasPrefix(stdout, "Train accuracy: ") {
			t.Errorf("-optimizer %s: exit %d, stdout %q, stderr %q", name, code, stdout, stderr)
		}
	}
}

func TestDataSources(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "d.csv")
	if err := os.WriteFile(csvPath, []byte("a,b,class\n0,0,no\n1,1,yes\n0,1,no\n1,0,yes\n2,2,yes\n-1,-1,no\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args     []string
		examples int
		features int
	}{
		{[]string{"-dataset", "moons", "-n", "50"}, 50, 2},
		{[]string{"-dataset", "breast-cancer", "-standardize", "-test-split", "0.2", "-stratify"}, 454, 30}, // ⌈0.2·212⌉ + ⌈0.2·357⌉ = 115 held out
		{[]string{"-csv", csvPath, "-label", "class"}, 6, 2},
		{[]string{"-csv", csvPath, "-test-split", "0.5"}, 3, 2},
	} {
		code, stdout, stderr := runCmd(t, append([]string{"-json", "-iters", "20"}, c.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		var r struct{ Examples, Features int }
		if err := json.Unmarshal([]byte(stdout), &r); err != nil || r.Examples != c.examples || r.Features != c.features {
			t.Errorf("%v: %d examples of %d features (%v), want %d of %d", c.args, r.Examples, r.Features, err, c.examples, c.features)
		}
	}
}

// The exported data are the data trained on: read back, they train to the
// same costs.
func TestExportData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "planar.csv")
	code, first, stderr := runCmd(t, "-iters", "100", "-print-every", "50", "-export-data", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, second, stderr := runCmd(t, "-iters", "100", "-print-every", "50", "-csv", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if first != second {
		t.Errorf("trained on the exported CSV:\n%s\nwant the same as\n%s", second, first)
	}
}

func TestRuntimeErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("a,y\n1,0\nx,1\n"), 0o644)
	one := filepath.Join(dir, "one.csv")
	os.WriteFile(one, []byte("a,y\n1,0\n2,0\n"), 0o644)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-csv", filepath.Join(dir, "none.csv")}, 1, "no such file"},
		{[]string{"-csv", bad}, 1, `bad.csv:3:1: datasets: bad CSV: feature "a": "x" is not a number`},
		{[]string{"-csv", bad, "-label", "z"}, 1, `no label column "z"`},
		{[]string{"-dataset", "planar", "-n", "3"}, 1, "planar with 3 points"},
		{[]string{"-dataset", "breast-cancer", "-plot", filepath.Join(dir, "b.png"), "-iters", "1"}, 1, "2 features; breast-cancer has 30"},
		{[]string{"-csv", one, "-iters", "5"}, 0, "warning: the training data hold one class only"},
	} {
		code, _, stderr := runCmd(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
}

// A crash is a failure, status 1, never the usage status 2 that Go gives a
// panic.
func TestCrashIsAFailure(t *testing.T) {
	var errw bytes.Buffer
	if code := safely(&errw, func() int { panic("boom") }); code != 1 || !strings.Contains(errw.String(), "train: internal error (a bug: please report it): boom") {
		t.Errorf("a panic: status %d, stderr %.80q; want 1 and the report", code, errw.String())
	}
	if code := safely(&errw, func() int { return 2 }); code != 2 {
		t.Errorf("status %d passed through as %d", 2, code)
	}
}

// The command line and datasets.Options share one convention, so the same
// settings give the same data: -n 0 and no -noise are the data set's own,
// -noise 0 is none, and the data seed is used as given (-data-seed's
// default, 1, passed as Seed: 1).
func TestSameDataAsTheAPI(t *testing.T) {
	zero, some := 0.0, 0.25
	for _, c := range []struct {
		args []string
		name string
		opts datasets.Options
	}{
		{[]string{"-dataset", "moons"}, "moons", datasets.Options{Seed: 1}},
		{[]string{"-dataset", "moons", "-noise", "0"}, "moons", datasets.Options{Noise: &zero, Seed: 1}},
		{[]string{"-dataset", "circles", "-noise", "0.25", "-n", "120", "-data-seed", "7"}, "circles", datasets.Options{N: 120, Noise: &some, Seed: 7}},
		{[]string{"-dataset", "planar"}, "planar", datasets.Options{Seed: 1}},
	} {
		path := filepath.Join(t.TempDir(), "data.csv")
		if code, _, stderr := runCmd(t, append(c.args, "-iters", "0", "-quiet", "-export-data", path)...); code != 0 {
			t.Fatalf("%v: %s", c.args, stderr)
		}
		set, err := datasets.Generate(c.name, c.opts)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := set.WriteCSV(&want); err != nil {
			t.Fatal(err)
		}
		if got := string(must(os.ReadFile(path))); got != want.String() {
			t.Errorf("%v: the command line's data differ from Generate(%q, %+v)'s", c.args, c.name, c.opts)
		}
	}
}
