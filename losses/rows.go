package losses

import (
	"fmt"

	"github.com/gradlab/gradlab/graph"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// CrossTermsError is the error of the dot form on K > 1 label rows. With
// Y and A of shape (K, m), Y·log(A)ᵀ is a (K,K) matrix: entry (j,k) pairs
// label row j with prediction row k, and summing it, as np.sum(np.dot(...))
// does, adds all K² pairings where the cost has only the K on the diagonal.
// The trace form (BCETrace, loss "trace") and the multiply+sum form compute
// the cost for any K. It wraps graph.ErrShape.
type CrossTermsError struct {
	K int // label rows
}

func (e *CrossTermsError) Error() string {
	return fmt.Sprintf("%d label rows: Y·log(A)ᵀ is (%d,%d) and its sum adds all %d pairings of a label row with a prediction row, "+
		"where the cost is only its trace, the %d pairings of each row with its own; use the trace form (BCETrace, loss \"trace\") or BCEMulSum: %v",
		e.K, e.K, e.K, e.K*e.K, e.K, graph.ErrShape)
}

// Unwrap returns graph.ErrShape.
func (e *CrossTermsError) Unwrap() error { return graph.ErrShape }

// BCETrace returns the dot form for any number K of label rows, through
// the trace of the products:
//
//	−(1/m)·tr(Y·log(A)ᵀ + (1−Y)·log(1−A)ᵀ)
//
// with Y and A of shape (K, m). The trace keeps the K pairings of each
// label row with its own prediction row and drops the K² − K cross terms
// that np.sum of the (K,K) product would add (see CrossTermsError); it
// equals BCEMulSum's cost. For K = 1 the trace of a (1,1) matrix is its
// one entry: the value is BCEDot's, bit for bit, as a scalar. The result
// is a scalar.
func BCETrace(a, y *gorgonia.Node) (*gorgonia.Node, error) { return bceTrace(a, y, 0) }

func bceTrace(a, y *gorgonia.Node, rows int) (*gorgonia.Node, error) {
	_, m, err := check(a, y, "A", rows)
	if err != nil {
		return nil, fmt.Errorf("losses: BCETrace: %w", err)
	}
	logA, log1mA, oneMinusY, err := terms(a, y)
	if err != nil {
		return nil, fmt.Errorf("losses: BCETrace: %w", err)
	}
	logprobs, err := traceBoth(y, logA, oneMinusY, log1mA)
	if err != nil {
		return nil, fmt.Errorf("losses: BCETrace: %w", err)
	}
	return scale(logprobs, -1/float64(m))
}

// BCETraceWeighted returns the weighted cost (see Weights) through the
// trace, as BCETrace builds the unweighted one:
//
//	−(1/m)·tr((p·w⊙Y)·log(A)ᵀ + (w⊙(1−Y))·log(1−A)ᵀ)
//
// a scalar, for any number of label rows. With zero weights it is
// BCETrace.
func BCETraceWeighted(a, y *gorgonia.Node, w Weights) (*gorgonia.Node, error) {
	return bceTraceWeighted(a, y, w, 0)
}

func bceTraceWeighted(a, y *gorgonia.Node, w Weights, rows int) (*gorgonia.Node, error) {
	return weighted("BCETraceWeighted", a, y, w, rows, bceTrace, trace, false)
}

// traceBoth builds tr(u1·v1ᵀ + u2·v2ᵀ), summing the two (K,K) products
// before one trace as the dot form sums its two (1,1) products.
func traceBoth(u1, v1, u2, v2 *gorgonia.Node) (*gorgonia.Node, error) {
	pos, err := dot(u1, v1)
	if err != nil {
		return nil, err
	}
	neg, err := dot(u2, v2)
	if err != nil {
		return nil, err
	}
	both, err := gorgonia.Add(pos, neg)
	if err != nil {
		return nil, err
	}
	return diagonalSum(both)
}

// trace returns tr(u·vᵀ) of two (K,m) matrices, a scalar.
func trace(u, v *gorgonia.Node) (*gorgonia.Node, error) {
	p, err := dot(u, v)
	if err != nil {
		return nil, err
	}
	return diagonalSum(p)
}

// diagonalSum returns the trace of the square matrix n: the sum of n
// masked by the identity. The mask multiplies each diagonal entry by
// exactly 1 and each other one by 0, so the trace is the sum of the
// diagonal as computed, with no rounding of its own beyond the sum.
func diagonalSum(n *gorgonia.Node) (*gorgonia.Node, error) {
	k := n.Shape()[0]
	var eye tensor.Tensor
	if n.Dtype() == tensor.Float32 {
		d := make([]float32, k*k)
		for i := range k {
			d[i*k+i] = 1
		}
		eye = tensor.New(tensor.WithShape(k, k), tensor.WithBacking(d))
	} else {
		d := make([]float64, k*k)
		for i := range k {
			d[i*k+i] = 1
		}
		eye = tensor.New(tensor.WithShape(k, k), tensor.WithBacking(d))
	}
	masked, err := gorgonia.HadamardProd(n, gorgonia.NewConstant(eye, gorgonia.WithName(fmt.Sprintf("losses.eye%d", k))))
	if err != nil {
		return nil, err
	}
	return gorgonia.Sum(masked)
}
