package serve

import (
	"bytes"
	"errors"
	"io"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/model"
	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/tensor"
)

// data are what a run trains and validates on: the training part as
// trained on (standardized if asked), and both parts as they came, which
// the model takes and the page draws.
type data struct {
	name             string
	upload           *datasets.Set // the uploaded set, kept for the next settings
	trainX, trainY   *tensor.Dense
	rawTrainX        *tensor.Dense
	valX, valY       *tensor.Dense // raw; nil without validation data
	fitValX          *tensor.Dense // valX as trained on: standardized if asked
	standard         *datasets.Standardizer
	features, labels []string
	lo, hi           [2]float64 // the plane drawn: the data's extent with a margin; planar data only
}

// planar reports whether d has two features, a plane the page draws the
// boundary and the hidden units' outputs over.
func (d *data) planar() bool { return d.dims() == 2 }

// dims is the number of features.
func (d *data) dims() int { return d.trainX.Shape()[0] }

// ReadUpload parses a CSV file of features and a label column held in
// memory, as the page uploads it; it is never written to disk.
func ReadUpload(r io.Reader, name, label string) (*datasets.Set, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxUploadBytes+1))
	if err != nil {
		return nil, err
	}
	if len(body) > MaxUploadBytes {
		return nil, bad("csv", name, "a file of at most %d bytes", MaxUploadBytes)
	}
	set, err := datasets.ReadCSV(bytes.NewReader(body), name, datasets.CSVOptions{Label: label})
	if err != nil {
		return nil, &SettingError{Field: "csv", Value: name, Want: "a CSV of numeric features and a label: " + err.Error()}
	}
	if err := checkSet(set); err != nil {
		return nil, err
	}
	return set, nil
}

// checkSet reports an error unless set has labels and a size the page
// trains and draws: at most MaxFeatures features, MaxExamples examples.
func checkSet(set *datasets.Set) error {
	switch {
	case set.Dims() > MaxFeatures:
		return bad("csv", set.Name, "at most %d features, the inputs the page draws; it has %d", MaxFeatures, set.Dims())
	case set.Examples() > MaxExamples:
		return bad("csv", set.Name, "at most %d examples; it has %d", MaxExamples, set.Examples())
	case set.Y == nil:
		return bad("csv", set.Name, "a label column")
	}
	return nil
}

// loadData builds the data of s; upload is the set of an upload run, val
// the validation set of ValCSV.
func loadData(s Settings, upload, val *datasets.Set) (*data, error) {
	set, err := source(s, upload)
	if err != nil {
		return nil, err
	}
	if err := checkSet(set); err != nil {
		return nil, err
	}
	d := &data{name: set.Name, upload: upload, features: set.Features, labels: set.Labels}
	trainSet := set
	switch {
	case s.TestSplit > 0:
		if trainSet, val, err = datasets.Split(set, s.TestSplit, s.DataSeed, s.Stratify); err != nil {
			return nil, bad("test-split", s.TestSplit, "a split that leaves examples in both parts: %v", err)
		}
	case s.ValCSV:
		if err := checkValidation(val, set); err != nil {
			return nil, err
		}
	default:
		val = nil
	}
	if val != nil {
		d.valX, d.valY, d.fitValX = val.X, val.Y, val.X
	}
	d.rawTrainX, d.trainX, d.trainY = trainSet.X, trainSet.X, trainSet.Y
	if s.Standardize {
		z, err := datasets.FitStandardizer(trainSet.X)
		if err != nil {
			return nil, err
		}
		if d.trainX, err = z.Apply(trainSet.X); err != nil {
			return nil, err
		}
		if val != nil {
			if d.fitValX, err = z.Apply(val.X); err != nil {
				return nil, err
			}
		}
		d.standard = &z
	}
	if d.planar() {
		lo, hi := extent(set.X)
		if val != nil && s.ValCSV {
			vlo, vhi := extent(val.X)
			for r := range 2 {
				lo[r], hi[r] = min(lo[r], vlo[r]), max(hi[r], vhi[r])
			}
		}
		d.lo, d.hi = lo, hi
	}
	return d, nil
}

// checkValidation reports an error unless val, the validation set given
// at start, is one the page validates set on: given, with labels, of
// set's features and at most MaxExamples examples.
func checkValidation(val, set *datasets.Set) error {
	switch {
	case val == nil:
		return bad("val-csv", true, "false: no validation file was given at start (cmd/train's -val-csv)")
	case val.Y == nil:
		return bad("val-csv", val.Name, "a validation file with a label column")
	case val.Dims() != set.Dims():
		return bad("val-csv", val.Name, "a validation file of the data's %d features; it has %d", set.Dims(), val.Dims())
	case val.Examples() > MaxExamples:
		return bad("val-csv", val.Name, "at most %d examples; it has %d", MaxExamples, val.Examples())
	}
	return nil
}

// source generates the data set of s, or returns the upload.
func source(s Settings, upload *datasets.Set) (*datasets.Set, error) {
	if s.Dataset == Upload {
		if upload == nil {
			return nil, bad("dataset", s.Dataset, "a CSV file: upload one (an upload is not kept in the page's address)")
		}
		return upload, nil
	}
	o := datasets.Options{N: s.N, Noise: s.Noise, Seed: s.DataSeed}
	set, err := datasets.Generate(s.Dataset, o)
	var oe *datasets.OptionError
	if errors.As(err, &oe) {
		if field, ok := map[string]string{"N": "n", "Noise": "noise"}[oe.Option]; ok {
			return nil, bad(field, oe.Value, "%s for %s", oe.Want, s.Dataset)
		}
	}
	if err != nil {
		return nil, bad("dataset", s.Dataset, "a data set the settings can make: %v", err)
	}
	return set, nil
}

// extent returns the bounding box of the two rows of x with a tenth of a
// margin on every side.
func extent(x *tensor.Dense) (lo, hi [2]float64) {
	v := x.Materialize().(*tensor.Dense).Float64s()
	m := len(v) / 2
	for r := range 2 {
		row := v[r*m : (r+1)*m]
		lo[r], hi[r] = row[0], row[0]
		for _, a := range row {
			lo[r], hi[r] = min(lo[r], a), max(hi[r], a)
		}
		pad := (hi[r] - lo[r]) / 10
		if pad == 0 {
			pad = 1
		}
		lo[r], hi[r] = lo[r]-pad, hi[r]+pad
	}
	return lo, hi
}

// newTrainer makes the trainer of a run of s on d, in compare mode, with
// the hooks given.
func newTrainer(s Settings, d *data, onReport func(train.Report) error, onStep func(int, float64)) (*train.Trainer, error) {
	act, err := nn.ActivationByName(s.Activation)
	if err != nil {
		return nil, err
	}
	loss, err := losses.ByName(s.Loss)
	if err != nil {
		return nil, err
	}
	var init nn.Init // the zero value: nn.DefaultInit of the activation
	if s.Init != "" {
		if init, err = nn.InitByName(s.Init); err != nil {
			return nil, err
		}
	}
	opt, err := s.optimizer()
	if err != nil {
		return nil, bad("optimizer", s.Optimizer, "settings it takes: %v", err)
	}
	c := train.Config{
		Hidden: s.Hidden, Activation: act, Init: init, Weights: nprand.New(s.Seed), Loss: loss, Optimizer: opt,
		BatchSize: s.Batch, Seed: s.Seed, Compare: true,
		Patience: s.Patience, MinDelta: s.MinDelta,
		OnReport: onReport, OnStep: onStep,
	}
	if s.EveryEpochs > 0 {
		c.EveryEpochs = s.EveryEpochs
	} else {
		c.Every = s.PrintEvery
	}
	if d.valX != nil {
		c.Validation = &train.Data{X: d.fitValX, Y: d.valY}
	}
	if s.Epochs > 0 {
		c.Epochs = s.Epochs
	} else {
		c.Iterations = s.Iters
	}
	tr, err := train.New(d.trainX, d.trainY, c)
	if err != nil {
		return nil, err
	}
	m := tr.Model()
	m.Standardize = d.standard
	m.Meta = model.Meta{Loss: s.Loss, Optimizer: s.Optimizer, Features: d.features, Labels: d.labels}
	return tr, nil
}

// perEpoch is the number of steps of one pass over d's training part.
func (s Settings) perEpoch(d *data) int {
	m := d.trainX.Shape()[1]
	b := s.Batch
	if b == 0 || b > m {
		b = m
	}
	return (m + b - 1) / b
}

// iterations is the number of steps a run of s on d takes.
func (s Settings) iterations(d *data) int {
	if s.Epochs > 0 {
		return s.Epochs * s.perEpoch(d)
	}
	return s.Iters
}
