package losses

import (
	"fmt"
	"math"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/ops"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Sample weights are one weight per example chosen by the caller,
// scikit-learn's sample_weight and the weight PyTorch's BCELoss and
// BCEWithLogitsLoss take: with the row s of m weights the cost is
//
//	cost = −(1/m)·Σᵢ sᵢ·cᵢ·(p·yᵢ·log aᵢ + (1−yᵢ)·log(1−aᵢ))
//
// where cᵢ is the class weight of the example's label and p the
// pos_weight (see Weights): each example's weight is sᵢ·cᵢ. With K label
// rows, sᵢ weighs each of the example's K terms. The mean is over m, not
// over Σsᵢ, as PyTorch's reduction "mean" takes it.
//
// The row is a graph input node of shape (1, m) and the graph's dtype,
// not a constant: a mini-batch run feeds each batch's weights into the
// same node at every step (graph.Feed, or graph.Bind of a buffer it
// refills), as it feeds the batch's X and Y. Its values are read only
// when the program runs, so the functions check its shape and dtype and
// the caller checks its values, with CheckSample: a weight must be a
// finite number > 0.

// BCEDotSampleWeighted returns the cost weighted by the row s of sample
// weights and by w, built with matrix products as BCEDot builds the
// unweighted one:
//
//	−(1/m)·((p·s⊙c⊙Y)·log(A)ᵀ + (s⊙c⊙(1−Y))·log(1−A)ᵀ)
//
// a (1,1) matrix. With a nil s it is BCEDotWeighted(a, y, w). Like BCEDot
// it refuses K > 1 label rows with a *CrossTermsError.
func BCEDotSampleWeighted(a, y, s *gorgonia.Node, w Weights) (*gorgonia.Node, error) {
	return bceDotSampleWeighted(a, y, s, w, 0)
}

func bceDotSampleWeighted(a, y, s *gorgonia.Node, w Weights, rows int) (*gorgonia.Node, error) {
	if s == nil {
		return bceDotWeighted(a, y, w, rows)
	}
	return sampleWeighted("BCEDotSampleWeighted", a, y, s, w, rows, dot, true)
}

// BCEMulSumSampleWeighted returns the cost weighted by the row s of
// sample weights and by w, built with elementwise products and a sum as
// BCEMulSum builds the unweighted one:
//
//	−(1/m)·Σ(p·s⊙c⊙Y⊙log A + s⊙c⊙(1−Y)⊙log(1−A))
//
// a scalar; with K label rows s weighs each row alike. With a nil s it is
// BCEMulSumWeighted(a, y, w).
func BCEMulSumSampleWeighted(a, y, s *gorgonia.Node, w Weights) (*gorgonia.Node, error) {
	return bceMulSumSampleWeighted(a, y, s, w, 0)
}

func bceMulSumSampleWeighted(a, y, s *gorgonia.Node, w Weights, rows int) (*gorgonia.Node, error) {
	if s == nil {
		return bceMulSumWeighted(a, y, w, rows)
	}
	return sampleWeighted("BCEMulSumSampleWeighted", a, y, s, w, rows, mulSum, false)
}

// BCETraceSampleWeighted returns the cost weighted by the row s of sample
// weights and by w through the trace, as BCETrace builds the unweighted
// one:
//
//	−(1/m)·tr((p·s⊙c⊙Y)·log(A)ᵀ + (s⊙c⊙(1−Y))·log(1−A)ᵀ)
//
// a scalar, for any number of label rows. With a nil s it is
// BCETraceWeighted(a, y, w).
func BCETraceSampleWeighted(a, y, s *gorgonia.Node, w Weights) (*gorgonia.Node, error) {
	return bceTraceSampleWeighted(a, y, s, w, 0)
}

func bceTraceSampleWeighted(a, y, s *gorgonia.Node, w Weights, rows int) (*gorgonia.Node, error) {
	if s == nil {
		return bceTraceWeighted(a, y, w, rows)
	}
	return sampleWeighted("BCETraceSampleWeighted", a, y, s, w, rows, trace, false)
}

// BCEWithLogitsSampleWeighted returns the cost weighted by the row s of
// sample weights and by w from the logits Z, as PyTorch's
// BCEWithLogitsLoss(weight=s·c, pos_weight=p):
//
//	(1/m)·Σ s⊙c⊙(p·Y⊙softplus(−Z) + (1−Y)⊙softplus(Z))
//
// finite and accurate for any logit, a scalar. With a nil s it is
// BCEWithLogitsWeighted(z, y, w).
func BCEWithLogitsSampleWeighted(z, y, s *gorgonia.Node, w Weights) (*gorgonia.Node, error) {
	return bceWithLogitsSampleWeighted(z, y, s, w, 0)
}

func bceWithLogitsSampleWeighted(z, y, s *gorgonia.Node, w Weights, rows int) (*gorgonia.Node, error) {
	const name = "BCEWithLogitsSampleWeighted"
	if s == nil {
		return bceWithLogitsWeighted(z, y, w, rows)
	}
	_, m, err := check(z, y, "Z", rows)
	if err == nil {
		err = w.check()
	}
	if err == nil {
		err = checkRow(s, y)
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
	ew, err := exampleWeights(y, s, w)
	if err != nil {
		return nil, fmt.Errorf("losses: %s: %w", name, err)
	}
	if l, err = gorgonia.HadamardProd(ew, l); err != nil {
		return nil, fmt.Errorf("losses: %s: %w", name, err)
	}
	sum, err := gorgonia.Sum(l)
	if err != nil {
		return nil, fmt.Errorf("losses: %s: %w", name, err)
	}
	return scale(sum, 1/float64(m))
}

// sampleWeighted builds a form on probabilities weighted by the row s
// and by w; combine and oneRow are as in weighted.
func sampleWeighted(name string, a, y, s *gorgonia.Node, w Weights, rows int,
	combine func(u, v *gorgonia.Node) (*gorgonia.Node, error), oneRow bool) (*gorgonia.Node, error) {
	k, m, err := check(a, y, "A", rows)
	if err == nil && k > 1 && oneRow {
		err = &CrossTermsError{K: k}
	}
	if err == nil {
		err = w.check()
	}
	if err == nil {
		err = checkRow(s, y)
	}
	if err != nil {
		return nil, fmt.Errorf("losses: %s: %w", name, err)
	}
	logA, log1mA, oneMinusY, err := terms(a, y)
	if err != nil {
		return nil, fmt.Errorf("losses: %s: %w", name, err)
	}
	ew, err := exampleWeights(y, s, w)
	if err != nil {
		return nil, fmt.Errorf("losses: %s: %w", name, err)
	}
	logprobs, err := combineWeighted(ew, y, oneMinusY, logA, log1mA, w.Pos, combine)
	if err != nil {
		return nil, fmt.Errorf("losses: %s: %w", name, err)
	}
	return scale(logprobs, -1/float64(m))
}

// combineWeighted builds combine(p·ew⊙Y, log A) + combine(ew⊙(1−Y), log(1−A)).
func combineWeighted(ew, y, oneMinusY, logA, log1mA *gorgonia.Node, pos float64,
	combine func(u, v *gorgonia.Node) (*gorgonia.Node, error)) (*gorgonia.Node, error) {
	posW, err := gorgonia.HadamardProd(ew, y)
	if err != nil {
		return nil, err
	}
	negW, err := gorgonia.HadamardProd(ew, oneMinusY)
	if err != nil {
		return nil, err
	}
	return combinePair(posW, negW, logA, log1mA, pos, combine)
}

// exampleWeights builds the weight of each term, Y's shape (K, m): the
// row s repeated over the K label rows, times the class weights of the
// labels. The rows are repeated by the outer product 1·s of a (K,1)
// column of ones, whose entries are each one exact product.
func exampleWeights(y, s *gorgonia.Node, w Weights) (*gorgonia.Node, error) {
	ew := s
	if k := y.Shape()[0]; k > 1 {
		ones := tensor.New(tensor.WithShape(k, 1), tensor.Of(y.Dtype()))
		if err := ones.Memset(oneOf(y.Dtype())); err != nil {
			return nil, err
		}
		var err error
		if ew, err = gorgonia.Mul(gorgonia.NewConstant(ones, gorgonia.WithName(fmt.Sprintf("losses.ones%d", k))), s); err != nil {
			return nil, err
		}
	}
	if classless(w) {
		return ew, nil
	}
	cw, err := classWeights(y, w.Class)
	if err != nil {
		return nil, err
	}
	return gorgonia.HadamardProd(ew, cw)
}

func oneOf(dt tensor.Dtype) any {
	if dt == tensor.Float32 {
		return float32(1)
	}
	return float64(1)
}

// checkRow validates a row s of sample weights against the labels y.
func checkRow(s, y *gorgonia.Node) error {
	if s.Graph() != y.Graph() {
		return fmt.Errorf("the sample weights and Y belong to different graphs")
	}
	if s.Dtype() != y.Dtype() {
		return fmt.Errorf("the sample weights are %v but Y is %v: %w", s.Dtype(), y.Dtype(), graph.ErrDtype)
	}
	ss, ys := s.Shape(), y.Shape()
	if !isMatrix(ss) || ss[0] != 1 || ss[1] != ys[1] {
		return fmt.Errorf("the sample weights have shape %v and Y %v; want a (1, %d) row, one weight per example: %w", ss, ys, ys[1], graph.ErrShape)
	}
	return nil
}

// SampleError is the error of a sample weight that is not a finite
// number > 0. It wraps ErrWeight.
type SampleError struct {
	Index int     // of the example
	Value float64 // its weight
}

func (e *SampleError) Error() string {
	return fmt.Sprintf("losses: sample weight %d is %v, not a finite number > 0", e.Index, e.Value)
}

// Unwrap returns ErrWeight.
func (e *SampleError) Unwrap() error { return ErrWeight }

// CheckSample returns a *SampleError for the first of the sample weights
// s that is not a finite number > 0, and nil if there is none.
func CheckSample(s []float64) error {
	for i, v := range s {
		if !(v > 0) || math.IsInf(v, 0) {
			return &SampleError{Index: i, Value: v}
		}
	}
	return nil
}

var sampleByName = map[string]func(in, y, s *gorgonia.Node, w Weights, rows int) (*gorgonia.Node, error){
	"dot":    bceDotSampleWeighted,
	"mulsum": bceMulSumSampleWeighted,
	"logits": bceWithLogitsSampleWeighted,
	"trace":  bceTraceSampleWeighted,
}

// SampleCost is Cost weighted by the row s of sample weights, a (1, m)
// input node of y's graph and dtype, on top of l's Weights: it builds the
// sample-weighted form of l's name (BCEDotSampleWeighted and the others).
// With a nil s it is Cost, bit for bit.
func (l Loss) SampleCost(z, a, y, s *gorgonia.Node) (*gorgonia.Node, error) {
	if s == nil {
		return l.Cost(z, a, y)
	}
	f, ok := sampleByName[l.Name]
	if l.build == nil || !ok {
		return nil, fmt.Errorf("losses: the zero Loss has no cost; use ByName")
	}
	in := a
	if l.Logits {
		in = z
	}
	c, err := f(in, y, s, l.Weights, l.LabelRows)
	if err != nil {
		return nil, err
	}
	return graph.AsScalar(c)
}
