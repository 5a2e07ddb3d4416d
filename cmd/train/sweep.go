package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gradlab/gradlab/nn/train"
)

// sweepRow is one hidden-layer size's outcome.
type sweepRow struct {
	Hidden        int      `json:"hidden"`
	Cost          float64  `json:"cost"` // of the final weights on the training part
	TrainAccuracy float64  `json:"train_accuracy"`
	TestAccuracy  *float64 `json:"test_accuracy"`
	TrainSeconds  float64  `json:"train_seconds"`
}

// sweep trains one hidden layer of each -sweep size, as the notebook's
// last part does: the weights are drawn again with the same seed for each
// size, so the sizes differ in nothing else.
func (s *session) sweep(ctx context.Context) error {
	var rows []sweepRow
	for _, n := range s.o.sweep {
		t, err := s.newTrainer([]int{n})
		if err != nil {
			return err
		}
		s.trainer = t
		s.report = s.newReport()
		s.report.Hidden = []int{n}
		res, err := s.train(ctx)
		if err != nil {
			return fmt.Errorf("hidden size %d: %w", n, err)
		}
		if err := s.evaluate(res); err != nil {
			return err
		}
		row := sweepRow{Hidden: n, TrainAccuracy: s.report.TrainAccuracy,
			TestAccuracy: s.report.TestAccuracy, TrainSeconds: s.report.TrainSeconds}
		// The final weights' cost over the training part, not the last
		// report's, which came before thousands of steps.
		final, err := t.ScoreData(train.Data{X: s.data.trainX, Y: s.data.trainY, Weights: s.data.trainW})
		if err != nil {
			return err
		}
		row.Cost = final.Cost
		rows = append(rows, row)
		if !s.o.json {
			fmt.Fprintf(s.stdout, "Train accuracy for %d hidden units: %.2f %%\n", n, 100*row.TrainAccuracy)
		}
	}
	if s.o.json {
		enc := json.NewEncoder(s.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Dataset    string     `json:"dataset"`
			Iterations int        `json:"iterations"`
			Sweep      []sweepRow `json:"sweep"`
		}{s.data.name, s.iterations(), rows})
	}
	return nil
}
