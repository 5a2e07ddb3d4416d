package losses

import (
	"errors"
	"fmt"
	"math"

	"github.com/gradlab/gradlab/internal/ops"
	"gorgonia.org/gorgonia"
)

// ErrWeight is the error of a weight that is not a finite number > 0, or
// of class weights that cannot be computed.
var ErrWeight = errors.New("losses: bad weight")

// Weights weigh the terms of a BCE cost, as PyTorch and scikit-learn do:
//
//	cost = −(1/m)·Σᵢ wᵢ·(p·yᵢ·log aᵢ + (1−yᵢ)·log(1−aᵢ)),  wᵢ = Class[0]·(1−yᵢ) + Class[1]·yᵢ
//
// Pos is PyTorch's pos_weight (BCEWithLogitsLoss); wᵢ is PyTorch's weight
// (BCELoss and BCEWithLogitsLoss, one per example) taken from the
// example's label, as scikit-learn's class_weight gives it. The mean is
// over m, not over Σwᵢ, as PyTorch's reduction "mean" takes it. The zero
// Weights weigh nothing: the unweighted cost, built by the unweighted
// forms.
//
// With K label rows the same weights apply to every row: each term's
// weight comes from its own label, c₀ for a 0 and c₁ for a 1, as
// PyTorch's BCELoss takes a weight tensor of the labels' shape (K, m),
// and Pos multiplies every positive term. The mean is still over the m
// examples. Weights per label row (pos_weight of shape (K,)) are not
// offered.
type Weights struct {
	// Pos multiplies each positive term y·log a; 0 means 1.
	Pos float64
	// Class is the weight of the examples of class 0 and of class 1; the
	// zero value means 1 for both.
	Class [2]float64
}

// IsZero reports whether w weighs nothing: every weight unset or 1.
func (w Weights) IsZero() bool {
	return (w.Pos == 0 || w.Pos == 1) && (w.Class == [2]float64{} || w.Class == [2]float64{1, 1})
}

// check returns an error wrapping ErrWeight for a weight that is not a
// finite number > 0 (Pos and an unset Class may be 0).
func (w Weights) check() error {
	bad := func(x float64) bool { return !(x > 0) || math.IsInf(x, 0) }
	if w.Pos != 0 && bad(w.Pos) {
		return fmt.Errorf("pos_weight %v is not a finite number > 0: %w", w.Pos, ErrWeight)
	}
	if w.Class != [2]float64{} && (bad(w.Class[0]) || bad(w.Class[1])) {
		return fmt.Errorf("class weights %v are not finite numbers > 0: %w", w.Class, ErrWeight)
	}
	return nil
}

// Balanced returns the class weights that give each class the same total
// weight, scikit-learn's class_weight="balanced": m/(2·mₖ) for the mₖ of
// the m labels that are k. Every label must be 0 or 1, and both classes
// present.
func Balanced(labels []float64) ([2]float64, error) {
	var count [2]int
	for i, y := range labels {
		if y != 0 && y != 1 {
			return [2]float64{}, fmt.Errorf("losses: balanced weights: label %d is %v, not 0 or 1: %w", i, y, ErrWeight)
		}
		count[int(y)]++
	}
	if count[0] == 0 || count[1] == 0 {
		return [2]float64{}, fmt.Errorf("losses: balanced weights: %d examples of class 0 and %d of class 1; both must be present: %w", count[0], count[1], ErrWeight)
	}
	m := float64(len(labels))
	return [2]float64{m / (2 * float64(count[0])), m / (2 * float64(count[1]))}, nil
}

// BCEDotWeighted returns the weighted cost (see Weights) built with matrix
// products, as BCEDot builds the unweighted one:
//
//	−(1/m)·((p·w⊙Y)·log(A)ᵀ + (w⊙(1−Y))·log(1−A)ᵀ)
//
// a (1,1) matrix. With zero weights it is BCEDot. Like BCEDot it refuses
// K > 1 label rows with a *CrossTermsError; BCETraceWeighted takes them.
func BCEDotWeighted(a, y *gorgonia.Node, w Weights) (*gorgonia.Node, error) {
	return bceDotWeighted(a, y, w, 0)
}

func bceDotWeighted(a, y *gorgonia.Node, w Weights, rows int) (*gorgonia.Node, error) {
	return weighted("BCEDotWeighted", a, y, w, rows, bceDot, dot, true)
}

// BCEMulSumWeighted returns the weighted cost (see Weights) built with
// elementwise products and a sum, as BCEMulSum builds the unweighted one:
//
//	−(1/m)·Σ(p·w⊙Y⊙log A + w⊙(1−Y)⊙log(1−A))
//
// a scalar. With zero weights it is BCEMulSum.
func BCEMulSumWeighted(a, y *gorgonia.Node, w Weights) (*gorgonia.Node, error) {
	return bceMulSumWeighted(a, y, w, 0)
}

func bceMulSumWeighted(a, y *gorgonia.Node, w Weights, rows int) (*gorgonia.Node, error) {
	return weighted("BCEMulSumWeighted", a, y, w, rows, bceMulSum, mulSum, false)
}

// BCEWithLogitsWeighted returns the weighted cost (see Weights) from the
// logits Z, as PyTorch's BCEWithLogitsLoss(weight=w, pos_weight=p):
//
//	(1/m)·Σ w⊙(p·Y⊙softplus(−Z) + (1−Y)⊙softplus(Z))
//
// finite and accurate for any logit, a scalar. With zero weights it is
// BCEWithLogits.
func BCEWithLogitsWeighted(z, y *gorgonia.Node, w Weights) (*gorgonia.Node, error) {
	return bceWithLogitsWeighted(z, y, w, 0)
}

func bceWithLogitsWeighted(z, y *gorgonia.Node, w Weights, rows int) (*gorgonia.Node, error) {
	const name = "BCEWithLogitsWeighted"
	if w.IsZero() {
		return bceWithLogits(z, y, rows)
	}
	_, m, err := check(z, y, "Z", rows)
	if err == nil {
		err = w.check()
	}
	if err != nil {
		return nil, fmt.Errorf("losses: %s: %w", name, err)
	}
	p := w.Pos
	if p == 0 {
		p = 1
	}
	l, err := ops.PosWeightedLogitBCE(z, y, p)
	if err != nil {
		return nil, fmt.Errorf("losses: %s: %w", name, err)
	}
	if !classless(w) {
		wy, err := classWeights(y, w.Class)
		if err != nil {
			return nil, fmt.Errorf("losses: %s: %w", name, err)
		}
		if l, err = gorgonia.HadamardProd(wy, l); err != nil {
			return nil, fmt.Errorf("losses: %s: %w", name, err)
		}
	}
	sum, err := gorgonia.Sum(l)
	if err != nil {
		return nil, fmt.Errorf("losses: %s: %w", name, err)
	}
	return scale(sum, 1/float64(m))
}

func classless(w Weights) bool {
	return w.Class == [2]float64{} || w.Class == [2]float64{1, 1}
}

// weighted builds a weighted form on probabilities: combine(u, v) is
// the form's u·vᵀ, Σu⊙v or tr(u·vᵀ), plain the unweighted form for zero
// weights; oneRow is true for a form that refuses K > 1 label rows; rows
// are the declared label rows (see check).
func weighted(name string, a, y *gorgonia.Node, w Weights, rows int,
	plain func(a, y *gorgonia.Node, rows int) (*gorgonia.Node, error),
	combine func(u, v *gorgonia.Node) (*gorgonia.Node, error), oneRow bool) (*gorgonia.Node, error) {
	if w.IsZero() {
		return plain(a, y, rows)
	}
	k, m, err := check(a, y, "A", rows)
	if err == nil && k > 1 && oneRow {
		err = &CrossTermsError{K: k}
	}
	if err == nil {
		err = w.check()
	}
	if err != nil {
		return nil, fmt.Errorf("losses: %s: %w", name, err)
	}
	logprobs, err := weightedLogprobs(a, y, w, combine)
	if err != nil {
		return nil, fmt.Errorf("losses: %s: %w", name, err)
	}
	return scale(logprobs, -1/float64(m))
}

// weightedLogprobs builds combine(p·w⊙Y, log A) + combine(w⊙(1−Y), log(1−A)).
func weightedLogprobs(a, y *gorgonia.Node, w Weights, combine func(u, v *gorgonia.Node) (*gorgonia.Node, error)) (*gorgonia.Node, error) {
	logA, log1mA, oneMinusY, err := terms(a, y)
	if err != nil {
		return nil, err
	}
	posW, negW := y, oneMinusY
	if !classless(w) {
		wy, err := classWeights(y, w.Class)
		if err != nil {
			return nil, err
		}
		if posW, err = gorgonia.HadamardProd(wy, y); err != nil {
			return nil, err
		}
		if negW, err = gorgonia.HadamardProd(wy, oneMinusY); err != nil {
			return nil, err
		}
	}
	return combinePair(posW, negW, logA, log1mA, w.Pos, combine)
}

// combinePair builds combine(p·posW, log A) + combine(negW, log(1−A)),
// leaving posW as it is for a pos_weight p of 0 or 1.
func combinePair(posW, negW, logA, log1mA *gorgonia.Node, p float64,
	combine func(u, v *gorgonia.Node) (*gorgonia.Node, error)) (*gorgonia.Node, error) {
	var err error
	if p != 0 && p != 1 {
		if posW, err = gorgonia.HadamardProd(posW, constant(posW, p)); err != nil {
			return nil, err
		}
	}
	pos, err := combine(posW, logA)
	if err != nil {
		return nil, err
	}
	neg, err := combine(negW, log1mA)
	if err != nil {
		return nil, err
	}
	return gorgonia.Add(pos, neg)
}

// classWeights builds the row of example weights c₀·(1−Y) + c₁·Y.
func classWeights(y *gorgonia.Node, c [2]float64) (*gorgonia.Node, error) {
	oneMinusY, err := gorgonia.Sub(constant(y, 1), y)
	if err != nil {
		return nil, err
	}
	w0, err := gorgonia.HadamardProd(oneMinusY, constant(y, c[0]))
	if err != nil {
		return nil, err
	}
	w1, err := gorgonia.HadamardProd(y, constant(y, c[1]))
	if err != nil {
		return nil, err
	}
	return gorgonia.Add(w0, w1)
}

// mulSum returns Σ u⊙v, a scalar.
func mulSum(u, v *gorgonia.Node) (*gorgonia.Node, error) {
	uv, err := gorgonia.HadamardProd(u, v)
	if err != nil {
		return nil, err
	}
	return gorgonia.Sum(uv)
}

var weightedByName = map[string]func(in, y *gorgonia.Node, w Weights, rows int) (*gorgonia.Node, error){
	"dot":    bceDotWeighted,
	"mulsum": bceMulSumWeighted,
	"logits": bceWithLogitsWeighted,
	"trace":  bceTraceWeighted,
}

// Weighted returns the loss l with the weights w, of the same form: its
// Cost builds BCEDotWeighted, BCEMulSumWeighted, BCEWithLogitsWeighted or
// BCETraceWeighted.
// With zero weights it is l, unchanged bit for bit. The error wraps
// ErrWeight for a weight that is not a finite number > 0.
func (l Loss) Weighted(w Weights) (Loss, error) {
	if l.build == nil {
		return Loss{}, fmt.Errorf("losses: the zero Loss has no cost; use ByName")
	}
	if err := w.check(); err != nil {
		return Loss{}, fmt.Errorf("losses: %s: %w", l.Name, err)
	}
	if w.IsZero() {
		return l, nil
	}
	f := weightedByName[l.Name]
	l.Weights = w
	l.build = func(in, y *gorgonia.Node, rows int) (*gorgonia.Node, error) { return f(in, y, w, rows) }
	return l, nil
}
