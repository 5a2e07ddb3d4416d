package train

import (
	"fmt"
	"math"
	"sort"

	"gorgonia.org/tensor"
)

// Metrics describe how well probabilities of class 1 fit labels 0 and 1.
// A probability above 0.5 predicts class 1, as in Classes. The definitions
// are scikit-learn's, so that its numbers can check these.
type Metrics struct {
	Examples int
	Accuracy float64

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

// Evaluate computes the metrics of probabilities probs against labels.
func Evaluate(probs, labels []float64) (Metrics, error) {
	if len(probs) != len(labels) || len(probs) == 0 {
		return Metrics{}, fmt.Errorf("train: metrics of %d probabilities and %d labels: want the same positive number", len(probs), len(labels))
	}
	var m Metrics
	m.Examples = len(probs)
	for i, p := range probs {
		if !(p >= 0 && p <= 1) {
			return Metrics{}, fmt.Errorf("train: metrics: probability %d is %v, not in [0, 1]", i, p)
		}
		y := labels[i]
		if y != 0 && y != 1 {
			return Metrics{}, fmt.Errorf("train: metrics: label %d is %v, not 0 or 1", i, y)
		}
		pred := 0
		if p > 0.5 {
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

// Evaluate predicts on x and computes the metrics against y.
func (m *Model) Evaluate(x, y *tensor.Dense) (Metrics, error) {
	if err := checkData(x, y); err != nil {
		return Metrics{}, err
	}
	probs, err := m.Predict(x)
	if err != nil {
		return Metrics{}, err
	}
	return Evaluate(probs, floats(y))
}
