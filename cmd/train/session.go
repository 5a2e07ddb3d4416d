package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/gradlab/gradlab/internal/outfile"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/train"
	"github.com/schollz/progressbar/v3"
)

// session is one run of the command.
type session struct {
	ctx            context.Context // of the command: a signal ends it
	o              *options
	stdout, stderr io.Writer
	progress       bool
	data           *data
	trainer        *train.Trainer
	bar            *progressbar.ProgressBar
	report         jsonReport
	curve          *curve // every step's cost, for -plot-cost
	resumed        int    // the iterations -resume's checkpoint had done
}

func newSession(ctx context.Context, o *options, stdout, stderr io.Writer, progress bool) (*session, error) {
	d, err := loadData(ctx, o)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err // stopped while loading: nothing to report or keep
	}
	s := &session{ctx: ctx, o: o, stdout: stdout, stderr: stderr, progress: progress, data: d}
	if per := batchesPerEpoch(d.trainX.Shape()[1], o.batch); o.epochs > math.MaxInt/per {
		return nil, usagef("-epochs %d: %d batches an epoch make more steps than can be counted", o.epochs, per)
	}
	for _, hidden := range append([][]int{o.hidden}, sizesOf(o.sweep)...) {
		if err := nn.CheckSizes(append(append([]int{d.trainX.Shape()[0]}, hidden...), d.outputs())); err != nil {
			return nil, usagef("-hidden %v with %d features: %v", hidden, d.trainX.Shape()[0], err)
		}
	}
	if f := d.trainX.Shape()[0]; o.plot != "" && f != 2 {
		return nil, fmt.Errorf("-plot: the decision boundary is drawn for data of 2 features; %s has %d", d.name, f)
	}
	if d.oneClass() {
		fmt.Fprintf(stderr, "train: warning: the training data hold one class only (%d examples): accuracy means little\n", d.trainY.Shape()[1])
	}
	if o.exportData != "" {
		if err := writeOutput(ctx, stdout, "-export-data", o.exportData, d.exportCSV); err != nil {
			return nil, err
		}
		if outfile.IsStdout(o.exportData) {
			s.stdout = stderr // the data took standard output; the report goes beside the errors
		}
	}
	if s.trainer, err = s.newTrainer(o.hidden); err != nil {
		return nil, err
	}
	return s, nil
}

// sizesOf lists -sweep's sizes as one-layer networks.
func sizesOf(sweep []int) [][]int {
	var out [][]int
	for _, n := range sweep {
		out = append(out, []int{n})
	}
	return out
}

// batchesPerEpoch is the number of batches of size batch (0: all) in an epoch of
// m examples.
func batchesPerEpoch(m, batch int) int {
	if batch == 0 || batch > m {
		batch = m
	}
	return (m + batch - 1) / batch
}

// write writes an output of the run. A signal stops a write that waits
// for a FIFO's reader; but what a run stopped by a signal keeps it keeps,
// so then only a second signal does.
func (s *session) write(flag, path string, write func(io.Writer) error) error {
	ctx := s.ctx
	if ctx.Err() != nil {
		ctx = context.WithoutCancel(ctx)
	}
	return writeOutput(ctx, s.stdout, flag, path, write)
}

// newTrainer prepares a training run with the given hidden layers and
// freshly drawn weights.
func (s *session) newTrainer(hidden []int) (*train.Trainer, error) {
	cfg, err := s.config(hidden)
	if err != nil {
		return nil, err
	}
	t, err := train.New(s.data.trainX, s.data.trainY, cfg)
	return t, s.o.ckpt.resumeError(err)
}

// config turns the options into a training configuration.
func (s *session) config(hidden []int) (train.Config, error) {
	o := s.o
	act, err := nn.ActivationByName(o.activation)
	if err != nil {
		return train.Config{}, err
	}
	init := nn.DefaultInit(act)
	if o.init != "" {
		if init, err = nn.InitByName(o.init); err != nil {
			return train.Config{}, err
		}
	}
	loss, err := losses.ByName(o.loss)
	if err != nil {
		return train.Config{}, err
	}
	if loss, err = o.weighting.weigh(loss, s.data.trainLabels()); err != nil {
		return train.Config{}, err
	}
	opt, err := newOptimizer(o)
	if err != nil {
		return train.Config{}, err
	}
	c := train.Config{
		Hidden:     hidden,
		Activation: act,
		Init:       init,
		Weights:    newWeights(o.seed),
		Loss:       loss,
		Optimizer:  opt,
		BatchSize:  o.batch,
		Dtype:      o.dtype,
		Seed:       o.seed,
		Every:      o.printEvery,
		Compare:    o.compare,
		OnReport:   s.onReport,
		OnStep:     s.onStep,
	}
	c.SampleWeights = s.data.trainW
	s.configHeldOut(&c)
	if err := s.configCheckpoint(&c); err != nil {
		return train.Config{}, err
	}
	if o.epochs > 0 {
		c.Epochs = o.epochs
	} else {
		c.Iterations = o.iters
	}
	return c, nil
}

func (s *session) run(ctx context.Context) error {
	if s.o.sweep != nil {
		return s.sweep(ctx)
	}
	s.report = s.newReport()
	if s.o.gradcheck {
		if err := s.gradCheck(); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err // stopped before training: the initial weights are not a model to keep
	}
	if s.o.summary && !s.o.json && !s.o.jsonLines && !s.o.quiet {
		fmt.Fprint(s.stdout, s.trainer.Summary())
	}
	res, runErr := s.train(ctx)
	if res == nil || runErr != nil && ctx.Err() == nil {
		return runErr // a failure, not an interruption: nothing to report
	}
	if runErr != nil && res.Iterations == 0 {
		return runErr // stopped before the first step: nothing trained to keep
	}
	// An interrupted run still reports, and keeps, what it has.
	s.report.Interrupted = runErr != nil && ctx.Err() != nil
	if err := s.evaluate(res); err != nil {
		return err
	}
	if err := s.keep(res); err != nil {
		return err
	}
	switch {
	case s.o.json:
		if err := s.printJSON(); err != nil {
			return err
		}
	case s.o.jsonLines:
		if err := json.NewEncoder(s.stdout).Encode(s.report); err != nil {
			return err
		}
	default:
		s.printEarlyStop()
		s.printAccuracy()
	}
	return runErr
}

// gradCheck checks the gradients at the initial weights on the first 64
// examples. A failed check is the run's failure: it prints its report
// (the JSON report with -json), and training does not start.
func (s *session) gradCheck() error {
	r, err := s.trainer.GradCheck(s.ctx, s.o.checkCfg, 64)
	if err != nil {
		return err
	}
	s.report.Gradcheck = r
	if s.o.json {
		if !r.Passed {
			if err := s.printJSON(); err != nil {
				return err
			}
		}
	} else {
		fmt.Fprintln(s.stdout, strings.TrimRight(r.String(), "\n"))
	}
	if !r.Passed {
		return errGradCheck
	}
	return nil
}

// errGradCheck is the failure of a run whose gradient check failed.
var errGradCheck = errors.New("the gradient check failed (report above); training did not start")

func (s *session) printJSON() error {
	enc := json.NewEncoder(s.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(s.report)
}

// train runs the training loop, with a progress bar when wanted.
func (s *session) train(ctx context.Context) (*train.Result, error) {
	if total := s.iterations(); s.progress && total > 0 {
		s.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(s.stderr),
			progressbar.OptionSetDescription("training"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionShowIts(),
			progressbar.OptionClearOnFinish(),
		)
		if s.resumed > 0 {
			_ = s.bar.Set(s.resumed) // a resumed run's bar starts where the checkpoint left off
		}
		defer s.bar.Finish()
	}
	if s.iterations() == 0 {
		// train.Config reads zero iterations as its default; -iters 0
		// means no training at all: the initial weights are the model.
		return &train.Result{Model: s.trainer.Model()}, nil
	}
	res, err := s.trainer.Run(ctx)
	if res != nil {
		s.report.Iterations = res.Iterations
		s.report.TrainSeconds = res.Duration.Seconds()
		s.report.addResult(res)
	}
	return res, err
}

// iterations is the number of steps the run will take.
func (s *session) iterations() int {
	if s.o.epochs == 0 {
		return s.o.iters
	}
	return s.o.epochs * batchesPerEpoch(s.data.trainX.Shape()[1], s.o.batch)
}

func (s *session) onStep(i int, cost float64) {
	s.recordStep(i, cost)
	if s.bar != nil {
		s.bar.Describe(fmt.Sprintf("cost %.6f", cost))
		_ = s.bar.Add(1)
	}
}

func (s *session) onReport(r train.Report) error {
	s.report.add(r)
	if s.o.jsonLines {
		return json.NewEncoder(s.stdout).Encode(newCostJSON(r))
	}
	if !s.o.json && !s.o.quiet && s.o.sweep == nil {
		if s.bar != nil {
			_ = s.bar.Clear()
		}
		printReport(s.stdout, r, s.data.outputs())
	}
	return nil
}

// evaluate measures the accuracy on the training and test parts. The
// model takes the data as they came, and standardizes them itself when it
// was trained on standardized data.
func (s *session) evaluate(res *train.Result) error {
	d := s.data
	res.Model.Standardize, res.Model.Meta = d.standard, s.meta()
	if d.outputs() > 1 {
		return s.evaluateLabels(res)
	}
	m, err := res.Model.Evaluate(d.rawTrainX, d.trainY)
	if err != nil {
		return err
	}
	names := labelNames(res.Model.Meta)
	s.report.TrainAccuracy, s.report.TrainMetrics = m.Accuracy, newMetricsJSON(m, names)
	if d.valX != nil {
		m, err := res.Model.Evaluate(d.rawValX, d.valY)
		if err != nil {
			return err
		}
		s.report.ValidationAccuracy, s.report.ValidationMetrics = &m.Accuracy, newMetricsJSON(m, names)
	}
	if d.testX != nil {
		m, err := res.Model.Evaluate(d.rawTestX, d.testY)
		if err != nil {
			return err
		}
		s.report.TestAccuracy, s.report.TestMetrics = &m.Accuracy, newMetricsJSON(m, names)
	}
	return nil
}

func (s *session) printAccuracy() {
	r := s.report
	if r.Interrupted {
		fmt.Fprintf(s.stdout, "Interrupted after %d iterations.\n", r.Iterations)
	}
	if s.data.outputs() > 1 {
		s.printLabelAccuracy()
		return
	}
	// The notebook's "Accuracy: 90%" is the training part's: say so.
	fmt.Fprintf(s.stdout, "Train accuracy: %.2f%%\n", 100*r.TrainAccuracy)
	if v := r.ValidationAccuracy; v != nil {
		fmt.Fprintf(s.stdout, "Validation accuracy: %.2f%%\n", 100**v)
	}
	if t := r.TestAccuracy; t != nil {
		fmt.Fprintf(s.stdout, "Test accuracy: %.2f%%\n", 100**t)
	}
	if s.o.quiet {
		return
	}
	printMetrics(s.stdout, "Train", r.TrainMetrics)
	if r.ValidationMetrics != nil {
		printMetrics(s.stdout, "Validation", r.ValidationMetrics)
	}
	if r.TestMetrics != nil {
		printMetrics(s.stdout, "Test", r.TestMetrics)
	}
}
