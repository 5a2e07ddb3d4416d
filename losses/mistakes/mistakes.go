// Package mistakes builds the wrong binary cross-entropy costs that
// learners write in the vectorized-loss exercise, each on a gorgonia graph
// as the correct forms of package losses are, so that a teacher can show
// what a mistake computes, put one into a training run, or recognise one
// in a learner's answer.
//
// Every constructor takes the predictions A and the labels Y as (1, m)
// rows, the shapes the exercise has, and builds what the mistaken numpy
// line computes from them:
//
//	WrongTranspose   np.dot(Y.T, np.log(A2))      an (m,m) matrix, then summed
//	Broadcast        np.multiply(Y.T, np.log(A2)) an (m,1) against a (1,m): (m,m)
//	NoTranspose      np.dot(Y, np.log(A2))        ValueError: shapes not aligned
//	NoMean           -np.sum(logprobs)            the 1/m left out
//	NoNegativeClass  np.multiply(Y, np.log(A2))   the (1−Y)·log(1−A2) term left out
//	NoMinus          np.sum(logprobs) / m         the sign left out
//
// The outer-product mistakes are one function in two spellings:
// Σᵢⱼ YᵢlogAⱼ = (ΣY)(Σ log A), whether a matrix product or a broadcast
// makes the (m,m) matrix. Where A is near 0.5 everywhere, as at the
// exercise's initial weights, it is also close to NoMean's m times the
// cost: Σ log A ≈ m·log 0.5 for every row.
//
// SumOfDot, kept apart from the gallery (All), takes K label rows: np.sum
// of the dot form's (K,K) matrix, which is the cost only for K = 1.
//
// The correct forms stay in package losses, whose shape checks refuse
// all of these; nothing here is a loss to train with on purpose. Every
// logarithm is clamped at losses.LogFloor, as the correct forms' are, so
// that a mistake's cost and gradient differ from the correct ones only by
// the mistake.
package mistakes

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/ops"
	"github.com/gradlab/gradlab/losses"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// A Mistake is one wrong form of the cost, named.
type Mistake struct {
	Name      string // short and stable: "wrong-transpose"
	Numpy     string // the line a learner writes, in numpy
	Formula   string // what it computes, in words a grader can say: "Yᵀ·log(A2) summed"
	Diagnosis string // one line: what went wrong and how to put it right
	// Build builds the mistaken cost of the predictions a against the
	// labels y, both (1, m), on their graph: what the learner's
	// compute_cost returns, or the error numpy raises.
	Build func(a, y *gorgonia.Node) (*gorgonia.Node, error)
}

var all = []Mistake{
	{
		Name:      "wrong-transpose",
		Formula:   "Yᵀ·log(A2) summed",
		Numpy:     "np.sum(np.dot(Y.T, np.log(A2)) + np.dot((1 - Y).T, np.log(1 - A2)))",
		Diagnosis: "Yᵀ·log(A2) is an (m,m) matrix, every label times every log: the transpose is on the wrong side; write Y·log(A2)ᵀ, a (1,1)",
		Build:     WrongTranspose,
	},
	{
		Name:      "broadcast",
		Formula:   "the broadcast Yᵀ⊙log(A2), an (m,m) matrix, summed",
		Numpy:     "np.sum(np.multiply(Y.T, np.log(A2)) + np.multiply((1 - Y).T, np.log(1 - A2)))",
		Diagnosis: "an (m,1) column times a (1,m) row broadcasts to an (m,m) matrix without a word from numpy: multiply two (1,m) rows, Y and log(A2), with no transpose",
		Build:     Broadcast,
	},
	{
		Name:      "no-transpose",
		Formula:   "Y·log(A2) without the transpose",
		Numpy:     "np.dot(Y, np.log(A2)) + np.dot(1 - Y, np.log(1 - A2))",
		Diagnosis: "a (1,m) row times a (1,m) row has no inner dimension to sum over (numpy: shapes not aligned): transpose the second factor, Y·log(A2)ᵀ",
		Build:     NoTranspose,
	},
	{
		Name:      "no-mean",
		Formula:   "the cost without its 1/m",
		Numpy:     "cost = -np.sum(logprobs)",
		Diagnosis: "the sum is not divided by m: the cost is m times too large and grows with the data set; divide by m",
		Build:     NoMean,
	},
	{
		Name:      "no-negative-class",
		Formula:   "the cost without its (1−Y)·log(1−A2) term",
		Numpy:     "logprobs = np.multiply(Y, np.log(A2))",
		Diagnosis: "the (1−Y)·log(1−A2) term is missing: examples labelled 0 cost nothing, so predicting 1 everywhere is free; add it",
		Build:     NoNegativeClass,
	},
	{
		Name:      "no-minus",
		Formula:   "the cost with the wrong sign",
		Numpy:     "cost = np.sum(logprobs) / m",
		Diagnosis: "the minus sign is missing: the log-likelihood is negative, so the cost is too, and gradient descent climbs away from the labels; cost = −logprobs/m",
		Build:     NoMinus,
	},
}

// All returns the mistakes, in the order of the package documentation.
func All() []Mistake { return slices.Clone(all) }

// ErrUnknown is wrapped by ByName's error for a name it does not know.
var ErrUnknown = errors.New("mistakes: unknown mistake")

// ByName returns the mistake called name.
func ByName(name string) (Mistake, error) {
	for _, m := range all {
		if m.Name == name {
			return m, nil
		}
	}
	return Mistake{}, fmt.Errorf("%w %q (known: %v)", ErrUnknown, name, Names())
}

// Names returns the mistakes' names, in the order of All.
func Names() []string {
	names := make([]string, len(all))
	for i, m := range all {
		names[i] = m.Name
	}
	return names
}

// NotAlignedError is the error numpy raises for a matrix product whose
// inner dimensions differ, np.dot(Y, np.log(A2)) with both (1, m):
// "shapes (1,m) and (1,m) not aligned". It wraps graph.ErrShape and the
// error gorgonia returned.
type NotAlignedError struct {
	Left, Right tensor.Shape
	Err         error // gorgonia's
}

// Error says what numpy's ValueError says, in numpy's words.
func (e *NotAlignedError) Error() string {
	return fmt.Sprintf("mistakes: shapes %s and %s not aligned: %d (dim %d) != %d (dim 0)",
		numpyShape(e.Left), numpyShape(e.Right), e.Left[len(e.Left)-1], len(e.Left)-1, e.Right[0])
}

// numpyShape writes s as numpy prints a shape: (1,8).
func numpyShape(s tensor.Shape) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = strconv.Itoa(d)
	}
	return "(" + strings.Join(parts, ",") + ")"
}

// Unwrap returns graph.ErrShape and gorgonia's error.
func (e *NotAlignedError) Unwrap() []error { return []error{graph.ErrShape, e.Err} }

// WrongTranspose returns −(1/m)·Σ(Yᵀ·log(A) + (1−Y)ᵀ·log(1−A)): the
// matrix products of an (m,1) column by a (1,m) row, each (m,m), summed.
// Its value is −(1/m)·((ΣY)(Σ log A) + (Σ(1−Y))(Σ log(1−A))).
func WrongTranspose(a, y *gorgonia.Node) (*gorgonia.Node, error) {
	return build("WrongTranspose", a, y, func(t terms) (*gorgonia.Node, error) {
		return pair(t, func(u, v *gorgonia.Node) (*gorgonia.Node, error) {
			ut, err := gorgonia.Transpose(u)
			if err != nil {
				return nil, err
			}
			return gorgonia.Mul(ut, v)
		}, true, -1)
	})
}

// Broadcast returns −(1/m)·Σ(Yᵀ⊙log(A) + (1−Y)ᵀ⊙log(1−A)) with the (m,1)
// columns broadcast against the (1,m) rows into (m,m) matrices, as numpy
// does without a word: the same value as WrongTranspose, spelled with an
// elementwise product.
func Broadcast(a, y *gorgonia.Node) (*gorgonia.Node, error) {
	return build("Broadcast", a, y, func(t terms) (*gorgonia.Node, error) {
		return pair(t, func(u, v *gorgonia.Node) (*gorgonia.Node, error) {
			ut, err := gorgonia.Transpose(u)
			if err != nil {
				return nil, err
			}
			// The column repeats along axis 1, the row along axis 0.
			return gorgonia.BroadcastHadamardProd(ut, v, []byte{1}, []byte{0})
		}, true, -1)
	})
}

// NoTranspose returns the error that the dot form without its transpose,
// Y·log(A), meets: a *NotAlignedError, as numpy's np.dot raises one.
func NoTranspose(a, y *gorgonia.Node) (*gorgonia.Node, error) {
	return build("NoTranspose", a, y, func(t terms) (*gorgonia.Node, error) {
		if _, err := gorgonia.Mul(t.y, t.logA); err != nil {
			return nil, &NotAlignedError{Left: t.y.Shape().Clone(), Right: t.logA.Shape().Clone(), Err: err}
		}
		return nil, fmt.Errorf("gorgonia multiplied %v by %v", t.y.Shape(), t.logA.Shape())
	})
}

// NoMean returns −Σ(Y⊙log(A) + (1−Y)⊙log(1−A)): the cost without its
// 1/m, m times the correct one.
func NoMean(a, y *gorgonia.Node) (*gorgonia.Node, error) {
	return build("NoMean", a, y, func(t terms) (*gorgonia.Node, error) {
		return pair(t, gorgonia.HadamardProd, true, -1*float64(t.m))
	})
}

// NoNegativeClass returns −(1/m)·Σ(Y⊙log(A)): the cost without the term
// of the examples labelled 0.
func NoNegativeClass(a, y *gorgonia.Node) (*gorgonia.Node, error) {
	return build("NoNegativeClass", a, y, func(t terms) (*gorgonia.Node, error) {
		return pair(t, gorgonia.HadamardProd, false, -1)
	})
}

// NoMinus returns (1/m)·Σ(Y⊙log(A) + (1−Y)⊙log(1−A)): the cost with the
// wrong sign, the mean log-likelihood.
func NoMinus(a, y *gorgonia.Node) (*gorgonia.Node, error) {
	return build("NoMinus", a, y, func(t terms) (*gorgonia.Node, error) {
		return pair(t, gorgonia.HadamardProd, true, 1)
	})
}

// terms are the pieces every form of the cost is made of.
type terms struct {
	m                          int
	y, logA, oneMinusY, log1mA *gorgonia.Node
}

// build checks a and y, builds their terms and then the cost with f, and
// names the constructor in any error.
func build(name string, a, y *gorgonia.Node, f func(terms) (*gorgonia.Node, error)) (*gorgonia.Node, error) {
	return buildRows(name, a, y, false, f)
}

// buildRows is build, taking (K, m) matrices when rows is true.
func buildRows(name string, a, y *gorgonia.Node, rows bool, f func(terms) (*gorgonia.Node, error)) (*gorgonia.Node, error) {
	t, err := newTerms(a, y, rows)
	if err == nil {
		var c *gorgonia.Node
		if c, err = f(t); err == nil {
			return c, nil
		}
	}
	var na *NotAlignedError
	if errors.As(err, &na) {
		return nil, err // numpy's error, which already says where
	}
	return nil, fmt.Errorf("mistakes: %s: %w", name, err)
}

// pair returns Σ(op(Y, log A) + op(1−Y, log(1−A))), or Σ op(Y, log A)
// alone when both is false, times scale/m: scale −1 is the correct sign
// and mean, 1 the wrong sign, −m no mean.
func pair(t terms, op func(u, v *gorgonia.Node) (*gorgonia.Node, error), both bool, scale float64) (*gorgonia.Node, error) {
	sum, err := op(t.y, t.logA)
	if err != nil {
		return nil, err
	}
	if both {
		neg, err := op(t.oneMinusY, t.log1mA)
		if err != nil {
			return nil, err
		}
		if sum, err = gorgonia.Add(sum, neg); err != nil {
			return nil, err
		}
	}
	if sum, err = gorgonia.Sum(sum); err != nil {
		return nil, err
	}
	return gorgonia.HadamardProd(sum, constant(sum, scale/float64(t.m)))
}

// newTerms checks that a and y are (1, m) float rows of one graph, as the
// correct forms of package losses require, or (K, m) matrices when rows is
// true, and builds log(A), 1−Y and log(1−A).
func newTerms(a, y *gorgonia.Node, rows bool) (terms, error) {
	if a == nil || y == nil {
		return terms{}, errors.New("nil node")
	}
	if a.Graph() != y.Graph() {
		return terms{}, errors.New("the predictions A and the labels Y belong to different graphs")
	}
	if dt := a.Dtype(); (dt != tensor.Float64 && dt != tensor.Float32) || y.Dtype() != dt {
		return terms{}, fmt.Errorf("the predictions A are %v and the labels Y %v; both must be float64 or both float32: %w", a.Dtype(), y.Dtype(), graph.ErrDtype)
	}
	as, ys := a.Shape(), y.Shape()
	fits := len(as) == 2 && len(ys) == 2 && as[0] == ys[0] && as[1] == ys[1] && (as[0] == 1 || rows && as[0] > 1)
	if !fits {
		return terms{}, fmt.Errorf("the predictions A have shape %v and the labels Y %v; both must be (1, m) with the same m: %w", as, ys, graph.ErrShape)
	}
	t := terms{m: as[1], y: y}
	one := constant(a, 1)
	var err error
	if t.logA, err = ops.ClampedLog(a, losses.LogFloor); err != nil {
		return terms{}, err
	}
	oneMinusA, err := gorgonia.Sub(one, a)
	if err != nil {
		return terms{}, err
	}
	if t.log1mA, err = ops.ClampedLog(oneMinusA, losses.LogFloor); err != nil {
		return terms{}, err
	}
	if t.oneMinusY, err = gorgonia.Sub(one, y); err != nil {
		return terms{}, err
	}
	return t, nil
}

func constant(like *gorgonia.Node, c float64) *gorgonia.Node {
	if like.Dtype() == tensor.Float32 {
		return gorgonia.NewConstant(float32(c))
	}
	return gorgonia.NewConstant(c)
}
