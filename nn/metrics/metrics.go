// Package metrics measures how well probabilities of class 1 fit labels 0
// and 1: accuracy, precision, recall, F1, the confusion matrix, log loss
// and ROC AUC, defined as scikit-learn defines them, so that its numbers
// can check these (testdata/metrics.py writes them). A trained model's
// Evaluate (package nn/model) predicts and calls Evaluate here.
package metrics

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/gradlab/gradlab/graph"
)

// Metrics describe how well probabilities of class 1 fit labels 0 and 1.
// A probability above the threshold predicts class 1; by default the
// threshold is Threshold, as the exercise's predict has it. The
// definitions are scikit-learn's.
type Metrics struct {
	Examples int
	Accuracy float64

	// Threshold is the decision threshold the predictions were made at.
	Threshold float64

	// Precision and Recall are of class 1. Where a ratio has no
	// denominator (no predicted or no true 1s) it is 0, as scikit-learn's
	// zero_division=0 makes it; so is F1.
	Precision float64
	Recall    float64
	F1        float64

	// Confusion counts examples by true label (row) and predicted label
	// (column): [[TN, FP], [FN, TP]], scikit-learn's layout.
	Confusion [2][2]int

	// LogLoss is the mean BCE with probabilities clipped to [ε, 1−ε], ε
	// the float64 machine epsilon 2^−52, as scikit-learn's log_loss clips
	// them (its eps="auto", the default since version 1.2).
	LogLoss float64

	// AUC is the area under the ROC curve, ties counted as halves; NaN
	// when the labels hold a single class, for which it is undefined.
	AUC float64
}

// logLossClip bounds probabilities away from 0 and 1 in LogLoss.
const logLossClip = 0x1p-52

// Threshold is the probability above which an example is predicted to be
// of class 1.
const Threshold = 0.5

// ErrValue is wrapped by the errors of Evaluate about a probability
// outside [0, 1] or a label other than 0 and 1.
var ErrValue = errors.New("metrics: bad value")

// Evaluate computes the metrics of probabilities probs against labels at
// the default decision threshold, Threshold.
func Evaluate(probs, labels []float64) (Metrics, error) {
	return EvaluateAt(probs, labels, Threshold)
}

// EvaluateAt computes the metrics of probabilities probs against labels
// with a probability above threshold predicting class 1. The threshold
// must be in [0, 1]; log loss and AUC do not depend on it.
func EvaluateAt(probs, labels []float64, threshold float64) (Metrics, error) {
	if len(probs) != len(labels) || len(probs) == 0 {
		return Metrics{}, fmt.Errorf("metrics: %d probabilities and %d labels: want the same positive number: %w", len(probs), len(labels), graph.ErrShape)
	}
	if err := CheckThreshold(threshold); err != nil {
		return Metrics{}, err
	}
	m := Metrics{Examples: len(probs), Threshold: threshold}
	for i, p := range probs {
		if !(p >= 0 && p <= 1) {
			return Metrics{}, fmt.Errorf("%w: probability %d is %v, not in [0, 1]", ErrValue, i, p)
		}
		y := labels[i]
		if y != 0 && y != 1 {
			return Metrics{}, fmt.Errorf("%w: label %d is %v, not 0 or 1", ErrValue, i, y)
		}
		pred := 0
		if p > threshold {
			pred = 1
		}
		m.Confusion[int(y)][pred]++
		q := math.Min(math.Max(p, logLossClip), 1-logLossClip)
		m.LogLoss -= y*math.Log(q) + (1-y)*math.Log(1-q)
	}
	n := float64(m.Examples)
	m.LogLoss /= n
	tn, fp, fn, tp := m.Confusion[0][0], m.Confusion[0][1], m.Confusion[1][0], m.Confusion[1][1]
	m.Accuracy = float64(tn+tp) / n
	m.Precision = ratio(tp, tp+fp)
	m.Recall = ratio(tp, tp+fn)
	m.F1 = ratio(2*tp, 2*tp+fp+fn)
	m.AUC = auc(probs, labels)
	return m, nil
}

// CheckThreshold returns an error wrapping ErrValue for a decision
// threshold outside [0, 1].
func CheckThreshold(t float64) error {
	if !(t >= 0 && t <= 1) {
		return fmt.Errorf("%w: threshold %v is not in [0, 1]", ErrValue, t)
	}
	return nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// auc is the Mann–Whitney statistic: the chance that a random example of
// class 1 gets a higher probability than one of class 0, ties counting as
// half. Tied probabilities share their average rank.
func auc(probs, labels []float64) float64 {
	idx := make([]int, len(probs))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return probs[idx[a]] < probs[idx[b]] })
	var rankSum, pos float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && probs[idx[j]] == probs[idx[i]] {
			j++
		}
		rank := float64(i+j+1) / 2 // the average of ranks i+1 … j
		for _, k := range idx[i:j] {
			if labels[k] == 1 {
				rankSum += rank
				pos++
			}
		}
		i = j
	}
	neg := float64(len(probs)) - pos
	if pos == 0 || neg == 0 {
		return math.NaN()
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}
