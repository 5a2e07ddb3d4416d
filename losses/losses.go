// Package losses builds binary cross-entropy (BCE) costs on a gorgonia
// graph, in the two forms of the vectorized-loss exercise and in the stable
// form from logits.
//
// With labels Y and predictions A, both (1, m), the exercise writes
//
//	logprobs = Y·log(A)ᵀ + (1−Y)·log(1−A)ᵀ       (np.dot: a (1,1) matrix)
//	logprobs = Σ(Y⊙log A + (1−Y)⊙log(1−A))      (np.multiply + np.sum: a scalar)
//	cost     = −logprobs/m
//
// The two agree only because Y and A are single rows: a (1,m)·(m,1) product
// is exactly the sum of the elementwise products. For general matrices they
// differ (see the package example), and numpy silently broadcasts an (m,1)
// against a (1,m) into an (m,m) matrix; these functions refuse the
// broadcast, and take A and Y only of one shape.
//
// # Several label rows
//
// With K labels per example (multi-label classification), Y and A are
// (K, m): row k holds label k of every example. The cost sums every term
// and divides by the m examples:
//
//	cost = −1/m Σ_k Σ_i [y_ki log a_ki + (1−y_ki) log(1−a_ki)]
//
// which is PyTorch's
//
//	torch.nn.functional.binary_cross_entropy(A, Y, reduction="sum") / m
//
// (testdata/rows.json, written by rows.py from PyTorch, holds the forms to
// it for K = 1, 2, 3, values and gradients). It divides by m, not by K·m
// as PyTorch's reduction "mean" does, nor by K per example as Keras'
// binary_crossentropy does (its mean over the last axis, then over the
// batch: again the sum over K·m): for K = 1 this is the course's cost, bit
// for bit, and for any K it is the sum of the K single-label costs, so
// each label keeps the gradient it would have alone. The two means are
// this cost divided by K.
//
// A (K, 1) column with K > 1 is refused: it is what a transposed (1, m)
// row looks like, and K labels of a single example are far rarer than a
// learner's transposed row. A caller that knows it has K label rows, as a
// trainer whose last mini-batch holds one example does, declares them
// (Loss.WithLabelRows): its costs then take a (K, 1) batch for what it is.
//
// BCEMulSum and BCEWithLogits sum over all K·m terms as they stand. The
// dot form does not generalize: Y·log(A)ᵀ is (K,K), its entry (j,k) pairs
// label row j with prediction row k, and np.sum of it adds all K²
// pairings where the cost is its trace, the K pairings of each row with
// its own. BCEDot refuses K > 1 with a *CrossTermsError that says so;
// BCETrace (loss "trace") is the dot form through the trace, correct for
// any K and equal to BCEDot for K = 1. The naive sum is
// mistakes.SumOfDot. Weights apply to every row alike (see Weights), and
// so does an example's sample weight (see SampleCost).
//
// # At 0, 1 and below the clamp
//
// Every logarithm is clamped at LogFloor, as PyTorch's BCELoss does, so that
// predictions of exactly 0 or 1 give a finite cost, equal to PyTorch's at
// every a in [0, 1]. Where the clamp holds, the cost's own derivative is 0,
// no learning signal. PyTorch's gradient departs from it in its own way, as
// (a − y)/max(a(1−a), 1e-12); gradlab's bounds each logarithm instead: log x
// contributes 1/max(x, 1e-12) (internal/ops.ClampedLog). Point by point, for
// one example (m examples divide every gradient by m):
//
//	a, y                       cost        gradlab ∂/∂a   PyTorch ∂/∂a          true ∂/∂a
//	a = 0, y = 0               0           1              0                     1 (one-sided)
//	a = 0, y = 1               100         −1e12          −1e12                 −∞
//	a = 1, y = 0               100         +1e12          +1e12                 +∞
//	a = 1, y = 1               0           −1             0                     −1 (one-sided)
//	0 < a < e^−100, y = 1      100         −1e12          −(1−a)/1e-12          0 (clamped)
//	e^−100 ≤ a < 1e-12, y = 1  −log a      −1e12          −(1−a)/1e-12          −1/a
//	0 < a < 1e-12, y = 0       −log(1−a)   1/(1−a)        a/1e-12 ≈ 0           1/(1−a)
//	1−1e-12 < a < 1            mirrored: the same with a ↔ 1−a, y ↔ 1−y, signs flipped
//	1e-12 ≤ a ≤ 1−1e-12        −log(·)     −y/a + (1−y)/(1−a), as PyTorch's and the true one
//
// So gradlab's gradient is PyTorch's wherever PyTorch's is the true
// derivative, and also where a label's own term is the true derivative but
// PyTorch's product a(1−a) is not (a prediction at or near its label); at
// a confidently wrong prediction, 0 for a 1 or 1 for a 0, both give the
// same large, finite gradient towards the label, 1e12. The bound is 1e-12
// rather than e^LogFloor because through a sigmoid, 1 − σ(z) rounds to 0
// beyond z ≈ 36.7 while σ'(z) = σ(z)σ(−z) stays exact: a bound of e^−100
// would make ∂cost/∂z jump there from about 1 to e^(100−z) ≈ 1e27, where
// 1e-12 lets it fall smoothly to 1e12·e^−z. BCEDot and BCEMulSum obey the
// same table, in float64 and float32 alike (their gradients pass through
// the same clamped log); testdata/bce.json, written by bce.py from PyTorch
// 1.13 and mpmath, holds both forms to it. Inside [1e-12, 1−1e-12], where
// the exercise lives, nothing is bounded: costs and gradients are bit for
// bit those of the unclamped formulas.
//
// On probabilities the information is gone once σ(z) rounds to 0 or 1
// (float64: z < −745 or z > 36.7), whatever the convention: for any logit,
// BCEWithLogits keeps an exact cost and gradient.
package losses

import (
	"fmt"
	"maps"
	"slices"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/ops"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// LogFloor is the least value a logarithm in a BCE cost takes.
const LogFloor = -100

// BCEDot returns −(1/m)·(Y·log(A)ᵀ + (1−Y)·log(1−A)ᵀ) built with matrix
// products, as np.dot computes it. The result has shape (1,1), as np.dot
// gives; graph.AsScalar turns it into the scalar that gradients need, the
// step the exercise takes with np.squeeze or float().
//
// For K > 1 label rows it refuses, with a *CrossTermsError: the product
// would be (K,K), and its sum is not the cost (see BCETrace).
func BCEDot(a, y *gorgonia.Node) (*gorgonia.Node, error) { return bceDot(a, y, 0) }

// bceDot is BCEDot for the declared label rows (see Loss.LabelRows).
func bceDot(a, y *gorgonia.Node, rows int) (*gorgonia.Node, error) {
	k, m, err := check(a, y, "A", rows)
	if err == nil && k > 1 {
		err = &CrossTermsError{K: k}
	}
	if err != nil {
		return nil, fmt.Errorf("losses: BCEDot: %w", err)
	}
	logA, log1mA, oneMinusY, err := terms(a, y)
	if err != nil {
		return nil, fmt.Errorf("losses: BCEDot: %w", err)
	}
	pos, err := dot(y, logA)
	if err != nil {
		return nil, fmt.Errorf("losses: BCEDot: %w", err)
	}
	neg, err := dot(oneMinusY, log1mA)
	if err != nil {
		return nil, fmt.Errorf("losses: BCEDot: %w", err)
	}
	logprobs, err := gorgonia.Add(pos, neg)
	if err != nil {
		return nil, fmt.Errorf("losses: BCEDot: %w", err)
	}
	return scale(logprobs, -1/float64(m))
}

// BCEMulSum returns −(1/m)·Σ(Y⊙log A + (1−Y)⊙log(1−A)) built with
// elementwise products and a sum, as np.multiply and np.sum compute it. The
// result is a scalar. With K label rows the sum runs over all K·m terms,
// still divided by m (see the package doc).
func BCEMulSum(a, y *gorgonia.Node) (*gorgonia.Node, error) { return bceMulSum(a, y, 0) }

func bceMulSum(a, y *gorgonia.Node, rows int) (*gorgonia.Node, error) {
	_, m, err := check(a, y, "A", rows)
	if err != nil {
		return nil, fmt.Errorf("losses: BCEMulSum: %w", err)
	}
	logA, log1mA, oneMinusY, err := terms(a, y)
	if err != nil {
		return nil, fmt.Errorf("losses: BCEMulSum: %w", err)
	}
	pos, err := gorgonia.HadamardProd(y, logA)
	if err != nil {
		return nil, fmt.Errorf("losses: BCEMulSum: %w", err)
	}
	neg, err := gorgonia.HadamardProd(oneMinusY, log1mA)
	if err != nil {
		return nil, fmt.Errorf("losses: BCEMulSum: %w", err)
	}
	both, err := gorgonia.Add(pos, neg)
	if err != nil {
		return nil, fmt.Errorf("losses: BCEMulSum: %w", err)
	}
	logprobs, err := gorgonia.Sum(both)
	if err != nil {
		return nil, fmt.Errorf("losses: BCEMulSum: %w", err)
	}
	return scale(logprobs, -1/float64(m))
}

// BCEWithLogits returns the mean BCE of sigmoid(Z) against Y computed from
// the logits Z directly, as (1/m)·Σ(max(Z,0) − Z⊙Y + log1p(exp(−|Z|))). It
// is finite and accurate for any logit, where the forms on probabilities
// lose everything once sigmoid(Z) rounds to 0 or 1. Its gradient by Z,
// (σ(Z) − Y)/m, is accurate to a few ulps for any logit too (σ(z) − 1 is
// computed as −σ(−z)), where PyTorch's, computed as written, is 0 for
// y = 1 beyond z ≈ 36.7. The result is a scalar. With K label rows the sum
// runs over all K·m terms, still divided by m.
func BCEWithLogits(z, y *gorgonia.Node) (*gorgonia.Node, error) { return bceWithLogits(z, y, 0) }

func bceWithLogits(z, y *gorgonia.Node, rows int) (*gorgonia.Node, error) {
	_, m, err := check(z, y, "Z", rows)
	if err != nil {
		return nil, fmt.Errorf("losses: BCEWithLogits: %w", err)
	}
	l, err := ops.LogitBCE(z, y)
	if err != nil {
		return nil, fmt.Errorf("losses: BCEWithLogits: %w", err)
	}
	sum, err := gorgonia.Sum(l)
	if err != nil {
		return nil, fmt.Errorf("losses: BCEWithLogits: %w", err)
	}
	return scale(sum, 1/float64(m))
}

// check validates the predictions p and labels y of a BCE cost before any
// node is built, and returns their K rows and m columns. rows is the
// number of label rows the caller declared (Loss.LabelRows), 0 for none:
// a (K, 1) column is taken for K labels of one example only when K is
// declared.
func check(p, y *gorgonia.Node, name string, rows int) (k, m int, err error) {
	if p == nil || y == nil {
		return 0, 0, fmt.Errorf("nil node")
	}
	if p.Graph() != y.Graph() {
		return 0, 0, fmt.Errorf("%s and Y belong to different graphs", name)
	}
	for _, n := range []*gorgonia.Node{p, y} {
		if dt := n.Dtype(); dt != tensor.Float64 && dt != tensor.Float32 {
			return 0, 0, fmt.Errorf("%s has dtype %v, not a float: %w", n.Name(), dt, graph.ErrDtype)
		}
	}
	if p.Dtype() != y.Dtype() {
		return 0, 0, fmt.Errorf("%s is %v but Y is %v: %w", name, p.Dtype(), y.Dtype(), graph.ErrDtype)
	}
	ps, ys := p.Shape(), y.Shape()
	if !isMatrix(ps) || !isMatrix(ys) || ps[0] != ys[0] || ps[1] != ys[1] {
		return 0, 0, fmt.Errorf("%s has shape %v and Y has shape %v; both must be (1, m) with the same m, or (K, m) alike for K label rows: %w",
			name, ps, ys, graph.ErrShape)
	}
	if ps[0] > 1 && ps[1] == 1 && ps[0] != rows {
		return 0, 0, fmt.Errorf("%s and Y have shape %v: a column, what (1, m) rows become transposed; K label rows of one example need K declared (Loss.WithLabelRows): %w",
			name, ps, graph.ErrShape)
	}
	return ps[0], ps[1], nil
}

// isMatrix is true of a (K, m) shape; tensor.Shape.Eq would take a (1, m)
// for an (m), which the losses refuse.
func isMatrix(s tensor.Shape) bool { return len(s) == 2 && s[0] >= 1 && s[1] >= 1 }

// terms builds log(A), log(1−A) and 1−Y.
func terms(a, y *gorgonia.Node) (logA, log1mA, oneMinusY *gorgonia.Node, err error) {
	one := constant(a, 1)
	if logA, err = ops.ClampedLog(a, LogFloor); err != nil {
		return nil, nil, nil, err
	}
	oneMinusA, err := gorgonia.Sub(one, a)
	if err != nil {
		return nil, nil, nil, err
	}
	if log1mA, err = ops.ClampedLog(oneMinusA, LogFloor); err != nil {
		return nil, nil, nil, err
	}
	if oneMinusY, err = gorgonia.Sub(one, y); err != nil {
		return nil, nil, nil, err
	}
	return logA, log1mA, oneMinusY, nil
}

// dot returns the product u·vᵀ of two (K,m) matrices: (1,1) for rows.
func dot(u, v *gorgonia.Node) (*gorgonia.Node, error) {
	vt, err := gorgonia.Transpose(v)
	if err != nil {
		return nil, err
	}
	return gorgonia.Mul(u, vt)
}

// scale returns n⊙c for a constant c of n's dtype.
func scale(n *gorgonia.Node, c float64) (*gorgonia.Node, error) {
	out, err := gorgonia.HadamardProd(n, constant(n, c))
	if err != nil {
		return nil, fmt.Errorf("losses: scaling by %g: %w", c, err)
	}
	return out, nil
}

func constant(like *gorgonia.Node, c float64) *gorgonia.Node {
	if like.Dtype() == tensor.Float32 {
		return gorgonia.NewConstant(float32(c))
	}
	return gorgonia.NewConstant(c)
}

// Loss is a BCE cost chosen by name, for command lines and configurations.
type Loss struct {
	Name string
	// Logits is true when the cost is computed from the logits Z rather
	// than from the probabilities A = sigmoid(Z).
	Logits bool
	// Weights are the weights the cost applies (see Loss.Weighted); zero
	// for ByName's losses.
	Weights Weights
	// LabelRows is the number K of label rows the cost takes, declared by
	// WithLabelRows; 0 for ByName's losses, which refuse a (K, 1) column
	// as a transposed (1, m) row.
	LabelRows int
	build     func(in, y *gorgonia.Node, rows int) (*gorgonia.Node, error)
}

var byName = map[string]Loss{
	"dot":    {Name: "dot", build: bceDot},
	"mulsum": {Name: "mulsum", build: bceMulSum},
	"logits": {Name: "logits", Logits: true, build: bceWithLogits},
	"trace":  {Name: "trace", build: bceTrace},
}

// ByName returns the loss called name: "dot" (BCEDot), "mulsum"
// (BCEMulSum), "logits" (BCEWithLogits) or "trace" (BCETrace).
func ByName(name string) (Loss, error) {
	l, ok := byName[name]
	if !ok {
		return Loss{}, fmt.Errorf("losses: unknown loss %q (known: %v)", name, Names())
	}
	return l, nil
}

// Names returns the names ByName knows, sorted.
func Names() []string { return slices.Sorted(maps.Keys(byName)) }

// Cost builds the loss from the logits z or the probabilities a, whichever
// it takes, against the labels y, and returns it as a scalar ready for
// gradients.
func (l Loss) Cost(z, a, y *gorgonia.Node) (*gorgonia.Node, error) {
	if l.build == nil {
		return nil, fmt.Errorf("losses: the zero Loss has no cost; use ByName")
	}
	in := a
	if l.Logits {
		in = z
	}
	c, err := l.build(in, y, l.LabelRows)
	if err != nil {
		return nil, err
	}
	return graph.AsScalar(c)
}

// WithLabelRows returns l declaring k label rows, k ≥ 1: its costs then
// take Y and A of shape (k, m) for any m, a (k, 1) batch of one example
// among them, which l refuses as a transposed (1, m) row unless k is
// declared. Shapes of other row counts are unchanged: a (K, 1) column of
// K ≠ k rows is still refused. Declaring changes no cost's value.
func (l Loss) WithLabelRows(k int) (Loss, error) {
	if k < 1 {
		return Loss{}, fmt.Errorf("losses: %d label rows: want k ≥ 1: %w", k, graph.ErrShape)
	}
	l.LabelRows = k
	return l, nil
}
