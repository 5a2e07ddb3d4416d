package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/metrics"
	nnmodel "github.com/gradlab/gradlab/nn/model"
	"github.com/gradlab/gradlab/nn/train"
	"golang.org/x/sys/unix"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestBadInputMatrix is the one place that lists what learners feed
// gradlab wrongly, from the command line and from Go, and the error each
// gets: its exit status or sentinel, and words that say what was wrong and
// where. Nothing may panic, and no NaN may reach standard output.
func TestBadInputMatrix(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	model, ckpt := filepath.Join(dir, "model.json"), filepath.Join(dir, "run.ckpt")
	if code, _, stderr := runCmd(t, "-iters", "10", "-quiet", "-save", model, "-checkpoint", ckpt); code != 0 {
		t.Fatal(stderr)
	}
	good := string(must(os.ReadFile(model)))
	model32 := filepath.Join(dir, "model32.json")
	if code, _, stderr := runCmd(t, "-iters", "10", "-quiet", "-dtype", "float32", "-save", model32); code != 0 {
		t.Fatal(stderr)
	}
	good32 := string(must(os.ReadFile(model32)))
	firstWeight := good32[strings.Index(good32, `"W": [`):]
	firstWeight = strings.TrimSpace(firstWeight[strings.IndexAny(firstWeight, "-0123456789"):strings.IndexAny(firstWeight, ",")])
	threeFeatures := file("three.csv", "a,b,c,y\n1,2,3,0\n4,5,6,1\n")
	twoLabels := file("two.csv", "x,a,b\n1,0,1\n2,1,0\n3,1,1\n")
	twoOutputs := filepath.Join(dir, "two.json")
	if code, _, stderr := runCmd(t, "-csv", twoLabels, "-label", "a,b", "-iters", "2", "-quiet", "-save", twoOutputs); code != 0 {
		t.Fatal(stderr)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"CSV: wrong field count", []string{"-csv", file("fields.csv", "a,b,y\n1,2,0\n3,1\n")}, 1, "fields.csv:3:1: datasets: bad CSV: wrong number of fields: want 3"},
		{"CSV: not a number", []string{"-csv", file("nan.csv", "a,y\n1,0\nx,1\n")}, 1, `nan.csv:3:1: datasets: bad CSV: feature "a": "x" is not a number`},
		{"CSV: NaN feature", []string{"-csv", file("nan2.csv", "a,y\n1,0\nNaN,1\n")}, 1, `nan2.csv:3:1: datasets: bad CSV: feature "a": "NaN" is not finite`},
		{"CSV: infinite feature", []string{"-csv", file("inf.csv", "a,y\n1,0\n+Inf,1\n")}, 1, `"+Inf" is not finite`},
		{"CSV: empty", []string{"-csv", file("empty.csv", "")}, 1, "empty.csv: datasets: bad CSV: empty"},
		{"CSV: header only", []string{"-csv", file("header.csv", "a,b,y\n")}, 1, "header.csv: datasets: bad CSV: a header and no rows"},
		{"CSV: zero examples", []string{"-csv", file("zero.csv", "a,y\n")}, 1, "a header and no rows"},
		{"CSV: third label", []string{"-csv", file("third.csv", "a,y\n1,b\n2,m\n3,x\n")}, 1, `third.csv:4:3: datasets: bad CSV: label "x" is a third value`},
		{"CSV: no such label column", []string{"-csv", file("cols.csv", "a,y\n1,0\n"), "-label", "class"}, 1, `no label column "class" (columns: a, y)`},
		{"CSV: label index too big", []string{"-csv", file("idx.csv", "1,0\n"), "-label", "5"}, 1, "label column 5 does not exist"},
		{"CSV: weight 0", []string{"-csv", file("w0.csv", "a,w,y\n1,1,0\n2,0,1\n"), "-weight-column", "w"}, 1, `w0.csv:3:3: datasets: bad CSV: weight column "w": "0" is not a finite number > 0`},
		{"CSV: negative weight", []string{"-csv", file("wneg.csv", "a,w,y\n1,-2,0\n"), "-weight-column", "1"}, 1, `wneg.csv:2:3: datasets: bad CSV: weight column "w": "-2" is not a finite number > 0`},
		{"CSV: NaN weight", []string{"-csv", file("wnan.csv", "a,w,y\n1,NaN,0\n"), "-weight-column", "w"}, 1, `weight column "w": "NaN" is not a finite number > 0`},
		{"CSV: infinite weight", []string{"-csv", file("winf.csv", "a,w,y\n1,inf,0\n"), "-weight-column", "w"}, 1, `weight column "w": "inf" is not a finite number > 0`},
		{"CSV: no such weight column", []string{"-csv", file("wcols.csv", "a,y\n1,0\n"), "-weight-column", "w"}, 1, `no weight column "w" (columns: "a", "y")`},
		{"CSV: weight column is the label", []string{"-csv", file("wlabel.csv", "a,y\n1,0\n"), "-weight-column", "1"}, 1, "weight column \"y\" is the label column"},
		{"flag: -weight-column without -csv", []string{"-weight-column", "w"}, 2, "-weight-column needs -csv"},
		{"flag: -weight-column also dropped", []string{"-csv", threeFeatures, "-weight-column", "c", "-drop", "c"}, 2, `-weight-column "c" is also in -drop`},
		{"flag: -weight-column is -label", []string{"-csv", threeFeatures, "-weight-column", "y", "-label", "y"}, 2, `-weight-column "y" is the -label column`},
		{"flag: -weight-column with -compare", []string{"-csv", threeFeatures, "-weight-column", "c", "-compare"}, 2, "-weight-column does not apply"},
		{"flag: -weight-column with -serve", []string{"-csv", threeFeatures, "-weight-column", "c", "-serve"}, 2, "-weight-column does not apply"},
		{"CSV: missing file", []string{"-csv", filepath.Join(dir, "none.csv")}, 1, "none.csv: no such file"},
		{"one class only: trains, warns", []string{"-csv", file("one.csv", "a,y\n1,1\n2,1\n"), "-iters", "5", "-quiet"}, 0, "one class only"},
		{"flag: negative learning rate", []string{"-lr", "-0.1"}, 2, "-lr -0.1: the learning rate must be in (0, 1e6]"},
		{"flag: hidden 0", []string{"-hidden", "0"}, 2, "-hidden: size 1, 0, is not in [1, 65536]"},
		{"flag: unknown loss", []string{"-loss", "mse"}, 2, `-loss "mse": unknown`},
		{"flag: test split 1", []string{"-test-split", "1"}, 2, "-test-split 1 is not in [0, 1)"},
		{"flag: -dtype float16", []string{"-dtype", "float16"}, 2, `invalid value "float16" for flag -dtype: want float64 or float32`},
		{"flag: -dtype float32 with -compare", []string{"-dtype", "float32", "-compare"}, 2, "-compare needs -dtype float64"},
		{"mode: -dtype float32 with -serve", []string{"-serve", "-dtype", "float32"}, 2, "-serve trains in float64 on the page"},
		{"mode: -dtype with -predict", []string{"-load", model, "-predict", threeFeatures, "-dtype", "float32"}, 2, "-dtype does not apply to -predict"},
		{"CSV: feature beyond float32", []string{"-csv", file("huge.csv", "a,y\n1,0\n1e39,1\n"), "-dtype", "float32"}, 1, "X[0][1] = 1e+39 does not fit float32"},
		{"model: float32 weight edited", []string{"-load", file("edited32.json", strings.Replace(good32, firstWeight, "0.1", 1)), "-predict", threeFeatures}, 1,
			"is not a float32 number, in a float32 network"},
		{"flag: seed beyond numpy's", []string{"-seed", "4294967296"}, 2, `invalid value "4294967296" for flag -seed: not a whole number in [0, 2^32-1], numpy's range`},
		{"diverging learning rate", []string{"-activation", "relu", "-loss", "logits", "-lr", "1000000", "-iters", "300", "-print-every", "100"}, 1,
			": cost is NaN: training diverged; try a lower learning rate"},
		{"model: other feature count", []string{"-load", model, "-predict", threeFeatures}, 1, `three.csv:1: datasets: bad CSV: no column "x1": the model takes the features "x1", "x2"`},
		{"model: truncated", []string{"-load", file("trunc.json", good[:len(good)/2]), "-predict", threeFeatures}, 1, "trunc.json: model: bad model file: truncated or empty"},
		{"model: corrupted", []string{"-load", file("bad.json", strings.Replace(good, `"inputs"`, `"inputs" "`, 1)), "-predict", threeFeatures}, 1, "bad.json:4:11: model: bad model file: invalid character"},
		{"model: future version", []string{"-load", file("v9.json", strings.Replace(good, `"version": 1`, `"version": 9`, 1)), "-predict", threeFeatures}, 1, "version 9 was written by a newer gradlab"},
		{"outputs: -out onto the -predict file", []string{"-load", model, "-predict", threeFeatures, "-out", threeFeatures}, 2, "-predict and -out name the same file"},
		{"outputs: -out onto the -load model", []string{"-load", model, "-predict", threeFeatures, "-out", model}, 2, "-load and -out name the same file"},
		{"outputs: -save onto the -csv data", []string{"-csv", threeFeatures, "-save", threeFeatures}, 2, "-csv and -save name the same file"},
		{"outputs: -save onto -plot", []string{"-save", filepath.Join(dir, "p.png"), "-plot", filepath.Join(dir, "p.png")}, 2, "name the same file"},
		{"outputs: -save through ./ and ..", []string{"-save", filepath.Join(dir, "m2.png"), "-plot-cost", dir + "/./sub/../m2.png"}, 2, "name the same file"},
		{"outputs: -save -", []string{"-save", "-"}, 2, "-save -: standard output is for the streams -out and -export-data"},
		{"outputs: -plot not a PNG", []string{"-plot", filepath.Join(dir, "b.jpg")}, 2, `-plot "` + filepath.Join(dir, "b.jpg") + `": a picture is a PNG file`},
		{"outputs: missing directory, before any work", []string{"-save", filepath.Join(dir, "none", "m.json"), "-iters", "100000000"}, 1, "-save: check " + filepath.Join(dir, "none", "m.json")},
		{"mode: -save with -predict", []string{"-load", model, "-predict", threeFeatures, "-save", model + "2"}, 2, "-save does not apply to -predict"},
		{"mode: -hidden with -predict", []string{"-load", model, "-predict", threeFeatures, "-hidden", "3"}, 2, "-hidden does not apply to -predict"},
		{"mode: -iters with -predict", []string{"-load", model, "-predict", threeFeatures, "-iters", "3"}, 2, "-iters does not apply to -predict"},
		{"mode: -noise with -csv", []string{"-csv", threeFeatures, "-noise", "0.1"}, 2, "-noise applies to a generated data set, not to -csv"},
		{"mode: -n with -csv", []string{"-csv", threeFeatures, "-n", "10"}, 2, "-n applies to a generated data set"},
		{"mode: -n with breast-cancer", []string{"-dataset", "breast-cancer", "-n", "10"}, 2, "-n 10: breast-cancer: want unset"},
		{"mode: -noise with planar", []string{"-noise", "0.1"}, 2, "-noise 0.1: planar: want unset"},
		{"flag: -noise NaN", []string{"-dataset", "moons", "-noise", "NaN"}, 2, `invalid value "NaN" for flag -noise: want a finite number ≥ 0`},
		{"flag: -noise 1e308", []string{"-dataset", "moons", "-noise", "1e308"}, 2, "-noise 1e+308: moons: want"},
		{"model: another architecture", []string{"-load", file("arch.json", strings.Replace(good, `"hidden": [`, `"hidden": [3, `, 1)), "-predict", threeFeatures}, 1, "2 hidden sizes need 3 layers"},
		{"labels: the dot form on two", []string{"-csv", twoLabels, "-label", "a,b", "-loss", "dot"}, 2, "-loss dot with 2 label columns: 2 label rows: Y·log(A)ᵀ is (2,2) and its sum adds all 4 pairings"},
		{"labels: a column twice", []string{"-csv", twoLabels, "-label", "a,a"}, 2, `-label "a,a": column "a" is named twice`},
		{"labels: an empty name", []string{"-csv", twoLabels, "-label", "a,"}, 2, `-label "a,": column 2 has no name`},
		{"labels: -stratify", []string{"-csv", twoLabels, "-label", "a,b", "-test-split", "0.5", "-stratify"}, 2, "-stratify keeps the classes of one label column; with 2 it does not apply"},
		{"labels: -positive", []string{"-csv", twoLabels, "-label", "a,b", "-positive", "1"}, 2, "-positive names a class of one label column"},
		{"labels: -plot", []string{"-csv", twoLabels, "-label", "a,b", "-plot", filepath.Join(dir, "l.png")}, 2, "-plot draws the decision boundary of one label column"},
		{"labels: -val-csv", []string{"-csv", twoLabels, "-label", "a,b", "-val-csv", twoLabels}, 2, "-val-csv reads one label column"},
		{"labels: no such column", []string{"-csv", twoLabels, "-label", "a,z"}, 1, `-label: datasets: WithLabelColumns: columns ["a" "z"]: want columns of `},
		{"labels: a label of 2", []string{"-csv", file("two2.csv", "x,a,b\n1,0,1\n2,2,0\n"), "-label", "a,b"}, 1, `label column "a", example 2, is 2: want 0 or 1`},
		{"labels: every column a label", []string{"-csv", twoLabels, "-label", "x,a,b"}, 1, "leaving a feature"},
		{"labels: one for a model of two outputs", []string{"-load", twoOutputs, "-predict", twoLabels, "-label", "a"}, 2, "-label names 1 label column; the model has 2 outputs"},
		{"labels: two for a model of one output", []string{"-load", model, "-predict", threeFeatures, "-label", "a,b"}, 2, "-label names 2 label columns; the model has 1 output"},
		{"checkpoint: -checkpoint-every 0", []string{"-checkpoint", ckpt + "2", "-checkpoint-every", "0"}, 2, "-checkpoint-every 0: must be at least 1"},
		{"checkpoint: -checkpoint-every-epochs -1", []string{"-checkpoint", ckpt + "2", "-checkpoint-every-epochs", "-1"}, 2, "-checkpoint-every-epochs -1: must be at least 1"},
		{"checkpoint: both intervals", []string{"-checkpoint", ckpt + "2", "-checkpoint-every", "5", "-checkpoint-every-epochs", "1"}, 2, "both set: choose one"},
		{"checkpoint: interval without a file", []string{"-checkpoint-every", "5"}, 2, "need -checkpoint, the file to write"},
		{"checkpoint: with -sweep", []string{"-sweep", "1,2", "-checkpoint", ckpt + "2"}, 2, "-sweep trains several models: -checkpoint and -resume need one run"},
		{"checkpoint: with -serve", []string{"-serve", "-resume", ckpt}, 2, "-checkpoint and -resume apply to a text run"},
		{"checkpoint: with -predict", []string{"-load", model, "-predict", threeFeatures, "-resume", ckpt}, 2, "-resume does not apply to -predict"},
		{"checkpoint: onto -save", []string{"-save", ckpt + "3", "-checkpoint", ckpt + "3"}, 2, "-save and -checkpoint name the same file"},
		{"checkpoint: -checkpoint -", []string{"-checkpoint", "-"}, 2, "-checkpoint -: standard output is for the streams"},
		{"resume: another batch size", []string{"-iters", "20", "-batch", "50", "-resume", ckpt}, 2, "-resume " + ckpt + ": the checkpoint is of another run: BatchSize is 400 in the checkpoint and 50 in this run"},
		{"resume: another optimizer", []string{"-iters", "20", "-optimizer", "adam", "-resume", ckpt}, 2, "Optimizer is gd lr=1.2"},
		{"resume: another data set", []string{"-iters", "20", "-dataset", "moons", "-resume", ckpt}, 2, "X is (2, 400) in the checkpoint and (2, 200) in this run"},
		{"resume: fewer iterations than done", []string{"-iters", "5", "-resume", ckpt}, 2, "Iterations is 10 done in the checkpoint and 5 in all in this run"},
		{"resume: onto -save", []string{"-save", ckpt, "-resume", ckpt}, 2, "-resume and -save name the same file"},
		{"resume: missing file", []string{"-resume", filepath.Join(dir, "none.ckpt")}, 1, "none.ckpt: no such file"},
		{"resume: not a checkpoint", []string{"-resume", model}, 1, `model.json:4:2: train: bad checkpoint file: unknown field "inputs"`},
		{"resume: truncated", []string{"-resume", file("trunc.ckpt", string(must(os.ReadFile(ckpt)))[:300])}, 1, "trunc.ckpt: train: bad checkpoint file: truncated or empty"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, c.args...)
			if code != c.code || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, c.code, c.want)
			}
			if strings.Contains(stdout, "NaN") {
				t.Errorf("NaN on stdout:\n%s", stdout)
			}
		})
	}

	row, col := dense(1, 4), dense(4, 1)
	x, y := dense(2, 4), dense(1, 4)
	x32 := tensor.New(tensor.WithShape(2, 4), tensor.Of(tensor.Float32))
	xInt := tensor.New(tensor.WithShape(2, 4), tensor.Of(tensor.Int))
	cfg := train.Config{Weights: nprand.New(1), Iterations: 1}
	cfg32 := cfg
	cfg32.Dtype = tensor.Float32
	for _, c := range []struct {
		name string
		run  func() error
		is   error
		want string
	}{
		{"train: X and Y lengths differ", func() error { _, err := train.New(x, dense(1, 3), cfg); return err }, graph.ErrShape, "X has shape (2, 4) and Y (1, 3)"},
		{"train: examples as rows", func() error { _, err := train.New(dense(4, 2), dense(4, 1), cfg); return err }, graph.ErrShape, "one example per column"},
		{"train: zero examples", func() error {
			_, err := train.New(tensor.New(tensor.WithShape(2, 0), tensor.Of(tensor.Float64)), tensor.New(tensor.WithShape(1, 0), tensor.Of(tensor.Float64)), cfg)
			return err
		}, graph.ErrShape, "m ≥ 1"},
		{"train: label 2", func() error {
			_, err := train.New(x, tensor.New(tensor.WithShape(1, 4), tensor.WithBacking([]float64{0, 1, 2, 1})), cfg)
			return err
		}, nil, "label Y[0][2] = 2; labels must be 0 or 1"},
		{"train: int data", func() error { _, err := train.New(xInt, y, cfg); return err }, graph.ErrDtype, "X is int and Y is float64; each must be float64 or float32"},
		{"train: float32 compare mode", func() error { c := cfg32; c.Compare = true; _, err := train.New(x, y, c); return err }, nil, "Config.Compare true: want float64 training, not float32"},
		{"train: X beyond float32", func() error {
			_, err := train.New(tensor.New(tensor.WithShape(2, 4), tensor.WithBacking([]float64{0, 1, 2, 4e38, 4, 5, 6, 7})), y, cfg32)
			return err
		}, train.ErrData, "X[0][3] = 4e+38 does not fit float32"},
		{"losses: (m,1) predictions", func() error { return lossOf(losses.BCEDot, col, row, tensor.Float64) }, graph.ErrShape, "shape (4, 1) and Y has shape (1, 4)"},
		{"losses: (m,1) labels", func() error { return lossOf(losses.BCEMulSum, row, col, tensor.Float64) }, graph.ErrShape, "both must be (1, m)"},
		{"losses: logits (m,1)", func() error { return lossOf(losses.BCEWithLogits, col, col, tensor.Float64) }, graph.ErrShape, "(4, 1)"},
		{"losses: float32 and float64", func() error { return lossOf(losses.BCEDot, row, row, tensor.Float32) }, graph.ErrDtype, "float32"},
		{"losses: the dot form on two label rows", func() error { return lossOf(losses.BCEDot, dense(2, 4), dense(2, 4), tensor.Float64) }, graph.ErrShape, "only its trace, the 2 pairings of each row with its own"},
		{"losses: two label rows against one", func() error { return lossOf(losses.BCETrace, dense(2, 4), row, tensor.Float64) }, graph.ErrShape, "shape (2, 4) and Y has shape (1, 4)"},
		{"train: two label rows, validation of one", func() error {
			c := cfg
			c.Validation = &train.Data{X: x, Y: y}
			_, err := train.New(x, dense(2, 4), c)
			return err
		}, nil, "Y with the training data's 2 label rows"},
		{"nn: examples as rows", func() error { return forwardOf(dense(4, 2)) }, graph.ErrShape, "takes (2, m) inputs, got (4, 2)"},
		{"graph: feeding (m,1) into (1,m)", func() error {
			g := graph.New()
			in, _ := g.Input("A", 1, 4)
			return g.Feed(in, col)
		}, graph.ErrShape, "feeding A: value of shape (4, 1), want (1, 4)"},
		{"graph: feeding float32 into float64", func() error {
			g := graph.New()
			in, _ := g.Input("X", 2, 4)
			return g.Feed(in, x32)
		}, graph.ErrDtype, "value is float32, want float64"},
		{"graph: scalar of (1,2)", func() error { _, err := graph.Scalar(dense(1, 2)); return err }, graph.ErrShape, "shape (1, 2) holds 2 elements"},
		{"model: predicting on examples as rows", func() error {
			res, _ := train.Train(t.Context(), x, y, cfg)
			_, err := res.Model.Predict(dense(4, 2))
			return err
		}, graph.ErrShape, "X of shape (4, 2): the model takes 2 features"},
		{"metrics: lengths differ", func() error { _, err := metrics.Evaluate([]float64{0.5}, []float64{1, 0}); return err }, graph.ErrShape, "1 probabilities and 2 labels"},
		{"standardizer: other feature count", func() error {
			z, _ := datasets.FitStandardizer(x)
			_, err := z.Apply(dense(3, 4))
			return err
		}, graph.ErrShape, "(3, 4) with statistics of 2 features"},
		{"model file: wrong shape", func() error {
			_, err := nnmodel.Decode([]byte(strings.Replace(good, `"inputs": 2`, `"inputs": 3`, 1)))
			return err
		}, nnmodel.ErrFile, "row 0 of W has 2 values, want 3"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			if err == nil || (c.is != nil && !errors.Is(err, c.is)) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v; want one wrapping %v that says %q", err, c.is, c.want)
			}
		})
	}
}

func dense(r, c int) *tensor.Dense {
	v := make([]float64, r*c)
	for i := range v {
		v[i] = float64(i % 2)
	}
	return tensor.New(tensor.WithShape(r, c), tensor.WithBacking(v))
}

// lossOf declares inputs of the shapes of a and y on one graph, a of dtype
// dt and y float64, and builds the loss on them.
func lossOf(form func(a, y *gorgonia.Node) (*gorgonia.Node, error), a, y *tensor.Dense, dt tensor.Dtype) error {
	g := graph.New()
	yn, err := g.Input("Y", y.Shape()...)
	if err != nil {
		return err
	}
	an := gorgonia.NewMatrix(g.Expr(), dt, gorgonia.WithShape(a.Shape()...), gorgonia.WithName("A"))
	_, err = form(an, yn)
	return err
}

func forwardOf(x *tensor.Dense) error {
	g := graph.New()
	net, err := nn.NewTwoLayer(g, 2, 3, 1, nprand.New(1))
	if err != nil {
		return err
	}
	in, _ := g.Input("X", x.Shape()...)
	_, err = net.Forward(in)
	return err
}

// TestOutputFiles is the bad-input matrix's part about where outputs go:
// devices and FIFOs are written in place, never replaced (as root, a rename
// over /dev/null once replaced the machine's); a write error names its flag
// and exits 1; "-" is standard output for the streams; links stay links;
// a file keeps its mode; no temporary file is left behind. The devices are
// made in a temporary directory, never the real /dev.
func TestOutputFiles(t *testing.T) {
	dir := t.TempDir()
	null, full := filepath.Join(dir, "null"), filepath.Join(dir, "full")
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, int(unix.Mkdev(1, 3))); err != nil {
		t.Skipf("cannot make devices here (not root?): %v", err)
	}
	fullPNG := filepath.Join(dir, "full.png")
	for _, path := range []string{full, fullPNG} {
		if err := syscall.Mknod(path, syscall.S_IFCHR|0o666, int(unix.Mkdev(1, 7))); err != nil {
			t.Fatal(err)
		}
	}
	model := filepath.Join(dir, "model.json")
	if code, _, stderr := runCmd(t, "-iters", "10", "-quiet", "-save", model); code != 0 {
		t.Fatal(stderr)
	}
	data := filepath.Join(dir, "data.csv")
	if code, _, stderr := runCmd(t, "-iters", "0", "-quiet", "-export-data", data); code != 0 {
		t.Fatal(stderr)
	}
	isDevice := func(path string) bool {
		fi, err := os.Lstat(path)
		return err == nil && fi.Mode()&os.ModeCharDevice != 0
	}
	for _, c := range []struct {
		name string
		args []string
		code int
		want string // in stderr
	}{
		{"-out onto a null device", []string{"-load", model, "-predict", data, "-out", null}, 0, ""},
		{"-export-data onto a null device", []string{"-iters", "1", "-quiet", "-export-data", null}, 0, ""},
		{"-save onto a null device", []string{"-iters", "1", "-quiet", "-save", null}, 0, ""},
		{"-plot onto a full device", []string{"-iters", "1", "-quiet", "-plot", fullPNG}, 1, "-plot: write " + fullPNG + ": no space left on device"},
		{"-out onto a full device", []string{"-load", model, "-predict", data, "-out", full}, 1, "train: -out: write " + full + ": no space left on device"},
		{"-save onto a full device", []string{"-iters", "1", "-quiet", "-save", full}, 1, "-save: write " + full + ": no space left on device"},
	} {
		code, _, stderr := runCmd(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", c.name, code, stderr, c.code, c.want)
		}
	}
	if !isDevice(null) || !isDevice(full) || !isDevice(fullPNG) {
		t.Fatal("a device was replaced by a file")
	}

	// "-" is standard output for the streams, and the report moves aside.
	code, stdout, stderr := runCmd(t, "-iters", "1", "-export-data", "-")
	if code != 0 || !strings.HasPrefix(stdout, "x1,x2,y\n") || strings.Count(stdout, "\n") != 401 || !strings.Contains(stderr, "Train accuracy: ") {
		t.Errorf("-export-data -: exit %d, %d lines on stdout starting %.20q; stderr %.100q", code, strings.Count(stdout, "\n"), stdout, stderr)
	}
	if code, stdout, _ := runCmd(t, "-load", model, "-predict", data, "-out", "-"); code != 0 || !strings.HasPrefix(stdout, "probability_1,prediction\n") {
		t.Errorf("-out -: exit %d, stdout %.40q", code, stdout)
	}

	// A link stays a link to the file it names, which is replaced; that
	// file keeps its mode; nothing else is left in the directory.
	sub := filepath.Join(dir, "links")
	os.Mkdir(sub, 0o755)
	target, link := filepath.Join(sub, "target.json"), filepath.Join(sub, "link.json")
	os.WriteFile(target, []byte("old"), 0o600)
	os.Symlink("target.json", link)
	if code, _, stderr := runCmd(t, "-iters", "1", "-quiet", "-save", link); code != 0 {
		t.Fatal(stderr)
	}
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("-save onto a link: the link is gone (%v)", err)
	}
	if fi, err := os.Stat(target); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("-save: the target's mode is %v (%v), want 0600 kept", fi.Mode().Perm(), err)
	}
	if _, err := nnmodel.Load(target); err != nil {
		t.Errorf("the link's target holds no model: %v", err)
	}
	if entries, _ := os.ReadDir(sub); len(entries) != 2 {
		t.Errorf("%d entries beside the link and its target, want none: a temporary file was left", len(entries)-2)
	}
}
