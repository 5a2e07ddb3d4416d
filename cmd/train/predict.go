package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/nn/metrics"
	"github.com/gradlab/gradlab/nn/model"
)

// predict runs a saved model on a CSV and writes its predictions: the
// probability of label 1 and the predicted label, with the label names the
// model was trained with. When the CSV has labels, it reports the metrics
// too: on standard output when the predictions go to a file (-out), on
// standard error when they take standard output.
func predict(o *options, stdout, stderr io.Writer) error {
	m, err := model.Load(o.load)
	if err != nil {
		return err
	}
	set, err := readForModel(o, m.Net.Sizes()[0], m.Meta)
	if err != nil {
		return err
	}
	probs, err := m.Predict(set.X) // standardized by the model, as it was trained
	if err != nil {
		return err
	}
	names := m.Meta.Labels
	if names == nil {
		names = []string{"0", "1"}
	}
	report := stdout
	if o.out == "" {
		report = stderr
		err = writePredictions(stdout, probs, names)
	} else {
		err = writeFile(o.out, func(w io.Writer) error { return writePredictions(w, probs, names) })
	}
	if err != nil || set.Y == nil {
		return err
	}
	met, err := metrics.Evaluate(probs, set.Y.Data().([]float64))
	if err != nil {
		return err
	}
	return printPredictMetrics(report, o, set, newMetricsJSON(met))
}

// readForModel reads the -predict CSV, which holds the model's features and
// maybe a label column: one more column than the model has inputs.
func readForModel(o *options, inputs int, meta model.Meta) (*datasets.Set, error) {
	cols, err := columns(o.predict)
	if err != nil {
		return nil, err
	}
	opts := datasets.CSVOptions{Label: o.label, Labels: meta.Labels}
	if opts.Labels == nil {
		opts.Labels = []string{"0", "1"}
	}
	switch cols {
	case inputs:
		opts.NoLabels = true
	case inputs + 1:
	default:
		return nil, fmt.Errorf("%s has %d columns; the model takes %d features (and an optional label column)", o.predict, cols, inputs)
	}
	return datasets.LoadCSV(o.predict, opts)
}

// columns returns the number of fields in the first row of a CSV file.
func columns(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	rec, err := csv.NewReader(f).Read()
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	return len(rec), nil
}

func writePredictions(w io.Writer, probs []float64, names []string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"probability", "prediction"}); err != nil {
		return err
	}
	for i, c := range model.Classes(probs) {
		if err := cw.Write([]string{strconv.FormatFloat(probs[i], 'g', -1, 64), names[int(c)]}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func printPredictMetrics(w io.Writer, o *options, set *datasets.Set, m *metricsJSON) error {
	if o.json {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Model   string       `json:"model"`
			Data    string       `json:"data"`
			Metrics *metricsJSON `json:"metrics"`
		}{o.load, set.Name, m})
	}
	fmt.Fprintf(w, "Accuracy: %.2f%%\n", 100*m.Accuracy)
	printMetrics(w, "Predictions", m)
	return nil
}
