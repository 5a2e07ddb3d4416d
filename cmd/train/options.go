package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gradlab/gradlab/graph/gradcheck"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/tensor"
)

// options are the command line's settings, checked.
type options struct {
	dataset    string
	csv        string
	label      string
	several    []string // -label a,b,c: K > 1 label columns (several.go)
	n          int
	noise      *float64 // nil: the data set's own
	hidden     []int
	sweep      []int
	activation string
	init       string // "": nn.DefaultInit of the activation
	loss       string
	optimizer  string
	lr         float64
	l2         float64
	clip       float64
	schedule   optim.Schedule
	iters      int
	epochs     int
	batch      int
	dtype      tensor.Dtype // float64 or float32
	seed       uint32
	dataSeed   uint32
	testSplit  float64
	stratify   bool
	printEvery int
	compare    bool
	gradcheck  bool
	checkCfg   gradcheck.Config // -gradcheck's mode and tolerances
	standard   bool
	exportData string
	save       string
	load       string
	predict    string
	out        string
	plot       string
	plotCost   string
	quiet      bool
	json       bool
	lesson     bool
	serve      bool
	addr       string
	heldOut                  // -val-split, -val-csv, -patience, … (heldout.go)
	weighting  weighting     // -pos-weight, -class-weight
	decision   decision      // -threshold, -positive
	table      table         // -drop, -delimiter
	plots      plotFlags     // -plot-log
	ckpt       checkpointing // -checkpoint, -checkpoint-every, -resume (checkpoint.go)
}

// usageError is an error in the command line itself: it exits with 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

const usageText = `Usage: train [flags]

train trains a binary classifier and prints its cost table and accuracy.
With no flags it trains the planar-data exercise: 400 points (seed 1), a
4-unit tanh hidden layer, a sigmoid output, gradient descent at 1.2 for
10000 iterations, weights drawn as numpy's np.random.seed(2); randn·0.01.

Examples:
  train                                   the exercise
  train -compare -iters 3000              both BCE forms side by side
  train -dataset moons -hidden 8,4 -optimizer adam -lr 0.01
  train -dataset breast-cancer -standardize -test-split 0.2 -json
  train -csv data.csv -label diagnosis -standardize
  train -csv data.csv -label a,b,c        several labels of 0 and 1: a network of 3 outputs
  train -csv data.csv -weight-column w    a sample weight per example, from column w
  train -gradcheck -iters 0               check the gradients only
  train -batch 32 -epochs 200 -seed 7     mini-batches, shuffled
  train -dtype float32 -n 40000 -hidden 64 -lr 0.1
                                          train in float32: faster at scale
  train -sweep 1,2,3,4,5,20,50            accuracy by hidden layer size
  train -lesson                           the lesson: np.dot or np.multiply, and the mistakes
  train -save model.json -plot boundary.png -plot-cost cost.png
                                          keep the model and draw it
  train -load model.json -predict new.csv -out predictions.csv
                                          predict with a saved model
  train -serve                            watch it learn in the browser
  train -batch 32 -epochs 200 -checkpoint run.ckpt -checkpoint-every-epochs 10
  train -batch 32 -epochs 200 -checkpoint run.ckpt -resume run.ckpt
                                          keep checkpoints; continue an interrupted run

Ctrl-C (or SIGTERM) finishes the current step, saves the model (-save) and
the checkpoint (-checkpoint) and prints the report so far, then exits with
130 (143); a second Ctrl-C quits at once.

Flags:
`

// parse reads args into options. Its errors other than flag.ErrHelp are
// *usageError.
func parse(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	var hidden, sweep, schedule string
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	// The flag package would print the whole usage after every error; the
	// caller prints one line and a hint instead, and the usage only for -h.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&o.dataset, "dataset", "planar", "data set: "+strings.Join(datasetNames(), ", "))
	fs.StringVar(&o.csv, "csv", "", "train on this CSV file instead of -dataset")
	fs.StringVar(&o.label, "label", "", "label column of -csv or -predict, by name or 0-based index (default the last); several, comma-separated (a,b,c), for K labels of 0 and 1 learnt by K outputs")
	fs.IntVar(&o.n, "n", 0, "examples to generate for a synthetic data set (0: its default)")
	fs.Func("noise", "noise of a synthetic data set, a number ≥ 0; 0 is none (default: the data set's own)", func(v string) error {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || !(x >= 0) || math.IsInf(x, 0) {
			return errors.New("want a finite number ≥ 0")
		}
		o.noise = &x
		return nil
	})
	fs.StringVar(&hidden, "hidden", "4", "hidden layer sizes, comma-separated, e.g. 8,4")
	fs.StringVar(&sweep, "sweep", "", "train one hidden layer of each size, e.g. 1,2,3,4,5,20,50, and print a table of accuracies (5000 iterations each unless -iters is set)")
	fs.StringVar(&o.activation, "activation", "tanh", "hidden activation: "+strings.Join(nn.ActivationNames(), ", "))
	fs.StringVar(&o.init, "init", "", "weight initializer: "+strings.Join(nn.InitNames(), ", ")+" (default: small, the exercise's randn·0.01, for tanh and sigmoid; he for relu and leakyrelu)")
	fs.StringVar(&o.loss, "loss", "mulsum", "BCE form: "+strings.Join(losses.Names(), ", "))
	fs.StringVar(&o.optimizer, "optimizer", "gd", "optimizer: "+strings.Join(optimizerNames(), ", "))
	fs.Float64Var(&o.lr, "lr", 1.2, "learning rate")
	fs.Float64Var(&o.l2, "l2", 0, "L2 penalty λ: λ·w is added to every gradient")
	fs.Float64Var(&o.clip, "clip", 0, "clip every gradient element to [-clip, clip]; 0 is off")
	fs.StringVar(&schedule, "schedule", "constant", "learning-rate schedule: constant, step:EVERY:FACTOR or exp:GAMMA")
	fs.IntVar(&o.iters, "iters", 10000, "training iterations (steps)")
	fs.IntVar(&o.epochs, "epochs", 0, "passes over the data; replaces -iters when set")
	fs.IntVar(&o.batch, "batch", 0, "examples per step; 0 for the full batch")
	o.dtype = tensor.Float64
	fs.Func("dtype", "number type of training: float64, or float32, faster at scale, with float32 costs and weights (a -save model stays float32) (default float64)", func(v string) error {
		switch v {
		case "float64":
			o.dtype = tensor.Float64
		case "float32":
			o.dtype = tensor.Float32
		default:
			return errors.New("want float64 or float32")
		}
		return nil
	})
	o.seed, o.dataSeed = 2, 1
	fs.Var((*seedFlag)(&o.seed), "seed", "seed of the initial weights and of the mini-batch shuffle, in [0, 2^32-1] as numpy's")
	fs.Var((*seedFlag)(&o.dataSeed), "data-seed", "seed of a synthetic data set and of the test split, in [0, 2^32-1] as numpy's")
	fs.Float64Var(&o.testSplit, "test-split", 0, "fraction of the examples held out for testing, in [0, 1)")
	fs.BoolVar(&o.stratify, "stratify", false, "keep each class's share in both parts of -test-split and -val-split")
	fs.IntVar(&o.printEvery, "print-every", 1000, "report the cost every N iterations")
	fs.BoolVar(&o.compare, "compare", false, "compute both BCE forms, values and gradients, at each report")
	fs.BoolVar(&o.gradcheck, "gradcheck", false, "check the gradients at the initial weights before training; a failed check exits 1")
	fs.TextVar(&o.checkCfg.Mode, "gradcheck-mode", gradcheck.Full, "-gradcheck's mode: full (every element), fast (random directions), sweep (error curve by ε), course (the exercise's ε = 1e-7, relative norm ≤ 2e-7)")
	fs.Float64Var(&o.checkCfg.Eps, "gradcheck-eps", 0, "-gradcheck's step ε (0: the mode's default, 1e-6 but for course)")
	fs.Float64Var(&o.checkCfg.Atol, "gradcheck-atol", 0, "-gradcheck's absolute tolerance (0: the default, 1e-8; PyTorch's is 1e-5)")
	fs.Float64Var(&o.checkCfg.Rtol, "gradcheck-rtol", 0, "-gradcheck's relative tolerance (0: the default, 1e-5; PyTorch's is 1e-3)")
	fs.BoolVar(&o.standard, "standardize", false, "scale each feature to mean 0 and variance 1 (fitted on the training part)")
	fs.StringVar(&o.exportData, "export-data", "", "write the training part to this CSV file (features in their own units, then the label; - for standard output)")
	fs.StringVar(&o.save, "save", "", "write the trained model to this JSON file (also when interrupted)")
	fs.StringVar(&o.load, "load", "", "a model saved with -save, for -predict")
	fs.StringVar(&o.predict, "predict", "", "predict with the -load model on this CSV (its features, label column optional) instead of training")
	fs.StringVar(&o.out, "out", "", "write -predict's predictions to this CSV file instead of standard output")
	fs.StringVar(&o.plot, "plot", "", "draw the decision boundary over the data to this PNG file (two-feature data)")
	fs.StringVar(&o.plotCost, "plot-cost", "", "draw the cost curve (both BCE forms with -compare) to this PNG file")
	fs.BoolVar(&o.quiet, "quiet", false, "hide the progress bar, the cost table, the -summary table and the metrics lines; the accuracy lines stay")
	fs.BoolVar(&o.json, "json", false, "print one JSON object instead of the text report")
	fs.BoolVar(&o.lesson, "lesson", false, "walk through the vectorized loss, np.dot against np.multiply, computed live, instead of training")
	fs.BoolVar(&o.serve, "serve", false, "serve a page that trains live in this process, starting from the other flags' settings (not those of a text run's outputs, -json, -json-lines, -summary, -plot, -plot-cost, -export-data, -sweep, -predict, -gradcheck, nor -test-split: the page's held-out part is -val-split's)")
	fs.StringVar(&o.addr, "addr", "", "address of -serve, host:port or a port (default 127.0.0.1 on a free port; other hosts are reachable from the network)")
	o.heldOut.flags(fs)
	o.weighting.register(fs)
	o.decision.register(fs)
	o.table.register(fs)
	o.plots.register(fs)
	o.ckpt.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fmt.Fprint(stderr, usageText)
			fs.PrintDefaults()
			return nil, err
		}
		return nil, usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q", fs.Arg(0))
	}
	var err error
	if o.hidden, err = parseSizes(hidden); err != nil {
		return nil, usagef("-hidden: %v", err)
	}
	if o.schedule, err = optim.ParseSchedule(schedule); err != nil {
		var ce *optim.ConfigError
		if errors.As(err, &ce) {
			return nil, usagef("-schedule %q: want %s", schedule, ce.Want)
		}
		return nil, usagef("-schedule %q: %v", schedule, err)
	}
	if sweep != "" {
		if o.sweep, err = parseSizes(sweep); err != nil {
			return nil, usagef("-sweep: %v", err)
		}
	}
	if err := o.check(fs); err != nil {
		return nil, usagef("%v", err)
	}
	return o, nil
}

// check validates the values that flag's types do not.
func (o *options) check(fs *flag.FlagSet) error {
	set := make(map[string]bool)
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case !(o.lr > 0) || o.lr > 1e6:
		return fmt.Errorf("-lr %v: the learning rate must be in (0, 1e6]", o.lr)
	case !(o.l2 >= 0) || math.IsInf(o.l2, 0):
		return fmt.Errorf("-l2 %v: the penalty must be a finite number ≥ 0", o.l2)
	case !(o.clip >= 0) || math.IsInf(o.clip, 0):
		return fmt.Errorf("-clip %v: must be a finite number ≥ 0 (0 is off)", o.clip)
	case o.iters < 0:
		return fmt.Errorf("-iters %d is negative", o.iters)
	case o.epochs < 0:
		return fmt.Errorf("-epochs %d is negative", o.epochs)
	case set["epochs"] && set["iters"]:
		return errors.New("-iters and -epochs both set: choose one")
	case o.batch < 0:
		return fmt.Errorf("-batch %d is negative", o.batch)
	case !(o.testSplit >= 0 && o.testSplit < 1):
		return fmt.Errorf("-test-split %v is not in [0, 1)", o.testSplit)
	case o.printEvery < 1:
		return fmt.Errorf("-print-every %d: must be at least 1", o.printEvery)
	case o.sweep != nil && (o.save != "" || o.plot != "" || o.plotCost != ""):
		return errors.New("-sweep trains several models: -save, -plot and -plot-cost need one")
	case o.sweep != nil && set["hidden"]:
		return errors.New("-sweep and -hidden both set: -sweep chooses the hidden sizes")
	case o.n < 0:
		return fmt.Errorf("-n %d is negative", o.n)
	case (o.load == "") != (o.predict == ""):
		return errors.New("-load and -predict go together: a saved model predicts on a CSV")
	case o.out != "" && o.predict == "":
		return errors.New("-out needs -predict")
	case o.label != "" && o.csv == "" && o.predict == "":
		return errors.New("-label needs -csv")
	case !o.gradcheck && (set["gradcheck-mode"] || set["gradcheck-eps"] || set["gradcheck-atol"] || set["gradcheck-rtol"]):
		return errors.New("-gradcheck-mode, -gradcheck-eps, -gradcheck-atol and -gradcheck-rtol need -gradcheck")
	case !(o.checkCfg.Eps >= 0 && o.checkCfg.Eps < 1) || !(o.checkCfg.Atol >= 0) || !(o.checkCfg.Rtol >= 0) || math.IsInf(o.checkCfg.Atol+o.checkCfg.Rtol, 0):
		return fmt.Errorf("-gradcheck-eps %v, -gradcheck-atol %v, -gradcheck-rtol %v: want ε in [0, 1) and finite tolerances ≥ 0 (0: the default)", o.checkCfg.Eps, o.checkCfg.Atol, o.checkCfg.Rtol)
	case o.stratify && o.testSplit == 0 && o.valSplit == 0:
		return errors.New("-stratify needs -test-split or -val-split")
	case o.lesson && !onlySet(set, "lesson", "json"):
		return errors.New("-lesson takes no flag but -json: its data, network and training are the exercise's")
	case o.csv != "" && set["dataset"]:
		return errors.New("-csv and -dataset both set: choose one")
	case o.compare && o.dtype != tensor.Float64:
		return errors.New("-compare needs -dtype float64: it compares the BCE forms at float64's precision")
	case o.serve && o.dtype != tensor.Float64:
		return errors.New("-serve trains in float64 on the page: -dtype float32 does not apply")
	case o.addr != "" && !o.serve:
		return errors.New("-addr needs -serve")
	case o.serve && (o.predict != "" || o.sweep != nil || o.json || o.jsonLines || o.summary || o.plot != "" || o.plotCost != "" || o.exportData != "" || o.gradcheck):
		return errors.New("-serve trains on the page, which shows the run live: -json, -json-lines, -summary, -plot, -plot-cost, -export-data, -sweep, -predict and -gradcheck make a text run's outputs and do not apply")
	}
	if err := o.heldOut.check(set, o); err != nil {
		return err
	}
	if err := o.checkSeveral(); err != nil {
		return err
	}
	if o.serve && !set["print-every"] {
		o.printEvery = 10 // points of the page's cost curves
	}
	if err := o.weighting.check(o); err != nil {
		return err
	}
	if err := o.decision.check(o); err != nil {
		return err
	}
	if err := o.table.check(o); err != nil {
		return err
	}
	if err := o.plots.check(o); err != nil {
		return err
	}
	if err := o.ckpt.check(set, o); err != nil {
		return err
	}
	if err := o.checkMode(set); err != nil {
		return err
	}
	if o.sweep != nil && !set["iters"] && !set["epochs"] {
		o.iters = 5000 // the notebook's sweep
	}
	if !contains(datasetNames(), o.dataset) {
		return fmt.Errorf("-dataset %q: unknown (known: %s)", o.dataset, strings.Join(datasetNames(), ", "))
	}
	if !contains(losses.Names(), o.loss) {
		return fmt.Errorf("-loss %q: unknown (known: %s)", o.loss, strings.Join(losses.Names(), ", "))
	}
	if o.init != "" && !contains(nn.InitNames(), o.init) {
		return fmt.Errorf("-init %q: unknown (known: %s)", o.init, strings.Join(nn.InitNames(), ", "))
	}
	if !contains(nn.ActivationNames(), o.activation) {
		return fmt.Errorf("-activation %q: unknown (known: %s)", o.activation, strings.Join(nn.ActivationNames(), ", "))
	}
	if !contains(optimizerNames(), o.optimizer) {
		return fmt.Errorf("-optimizer %q: unknown (known: %s)", o.optimizer, strings.Join(optimizerNames(), ", "))
	}
	return nil
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }

// predictFlags are the flags that mean something to a prediction run.
var predictFlags = []string{"load", "predict", "out", "label", "json", "quiet", "threshold", "drop", "delimiter", "weight-column"}

// checkMode refuses a flag that the run's mode would ignore.
func (o *options) checkMode(set map[string]bool) error {
	for _, name := range slices.Sorted(maps.Keys(set)) {
		switch {
		case o.predict != "" && !slices.Contains(predictFlags, name):
			return fmt.Errorf("-%s does not apply to -predict, which only predicts with the -load model (flags: -%s)", name, strings.Join(predictFlags, ", -"))
		case o.csv != "" && (name == "n" || name == "noise"):
			return fmt.Errorf("-%s applies to a generated data set, not to -csv", name)
		}
	}
	return nil
}

// seedFlag is a seed of numpy's RandomState: a whole number in
// [0, 2^32-1].
type seedFlag uint32

func (s *seedFlag) String() string { return strconv.FormatUint(uint64(*s), 10) }

func (s *seedFlag) Set(text string) error {
	v, err := strconv.ParseUint(text, 10, 32)
	if err != nil {
		return errors.New("not a whole number in [0, 2^32-1], numpy's range")
	}
	*s = seedFlag(v)
	return nil
}

// parseSizes parses a comma-separated list of positive layer sizes.
func parseSizes(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("no layer sizes")
	}
	var sizes []int
	for i, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("size %d, %q, is not a whole number", i+1, f)
		}
		if n < 1 || n > nn.MaxLayerSize {
			return nil, fmt.Errorf("size %d, %d, is not in [1, %d]", i+1, n, nn.MaxLayerSize)
		}
		if i == nn.MaxLayers {
			return nil, fmt.Errorf("more than %d layers", nn.MaxLayers)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}
