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
// against a (1,m) into an (m,m) matrix; these functions refuse both.
//
// # At 0, 1 and below the clamp
//
// Every logarithm is clamped at LogFloor, as PyTorch's BCELoss does, so that
// predictions of exactly 0 or 1 give a finite cost, equal to PyTorch's at
// every a in [0, 1]. Where the clamp holds, the cost's own derivative is 0,
// no learning signal, and PyTorch departs from it in its own way: its
// gradient is (a − y)/max(a(1−a), 1e-12). gradlab's convention is the
// gradient of log at the edge of the clamp: each log x contributes
// 1/max(x, t), with t = e^LogFloor ≈ 3.7e-44 (float32: 2^−126, the least
// normal float32, since 1/e^−100 overflows float32). Point by point, for one
// example (m examples divide every gradient by m):
//
//	a, y                      cost          gradlab ∂/∂a     PyTorch ∂/∂a          true ∂/∂a
//	a = 0, y = 0              0             1                0                     1
//	a = 0, y = 1              100           −1/t ≈ −2.7e43   −1e12                 −∞
//	a = 1, y = 0              100           +1/t ≈ +2.7e43   +1e12                 +∞
//	a = 1, y = 1              0             −1               0                     −1
//	0 < a < t, y = 1          100           −1/t             −(1−a)/1e-12 ≈ −1e12  0 (clamped; unclamped −1/a)
//	0 < a < t, y = 0          −log(1−a) = 0 1/(1−a) = 1      a/1e-12 ≈ 0           1
//	t ≤ a, a(1−a) < 1e-12     −log(·)       true             (a − y)/1e-12         −y/a + (1−y)/(1−a)
//	a(1−a) ≥ 1e-12            −log(·)       true             true                  −y/a + (1−y)/(1−a)
//
// In float64 1 − a ≥ 2^−53 for every a < 1, so on that side only a = 1 meets
// the clamp. In float32 ±1/t = ±2^126 ≈ ±8.5e37, and t lies above e^−100:
// for a in [e^−100, 2^−126) the cost is −log a, unclamped, and the gradient
// −2^126, where the true −1/a is near or beyond the largest float32. So
// gradlab's gradient is the true derivative wherever the cost is
// differentiable and unclamped (float32: and a, 1−a ≥ 2^−126), including
// where PyTorch's is not (a(1−a) < 1e-12); at a prediction of exactly its
// label it is the one-sided derivative, ∓1, where PyTorch gives 0; and a
// confidently wrong prediction, 0 for a 1 or 1 for a 0, gets a large, finite
// gradient towards the label. BCEDot and BCEMulSum obey the same table
// (their gradients pass through the same clamped log,
// internal/ops.ClampedLog); testdata/bce.json, written by bce.py from
// PyTorch 1.13 and mpmath, holds both forms to it in float64 and float32.
// Inside (t, 1), where the exercise lives, nothing is clamped: costs and
// gradients are bit for bit those of the unclamped formulas.
//
// On probabilities the information is gone once σ(z) rounds to 0 or 1
// (float64: z < −745 or z > 36.7), whatever the convention: for any logit
// beyond, BCEWithLogits keeps an exact cost and gradient.
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
func BCEDot(a, y *gorgonia.Node) (*gorgonia.Node, error) {
	m, err := check(a, y, "A")
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
// result is a scalar.
func BCEMulSum(a, y *gorgonia.Node) (*gorgonia.Node, error) {
	m, err := check(a, y, "A")
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
// y = 1 beyond z ≈ 36.7. The result is a scalar.
func BCEWithLogits(z, y *gorgonia.Node) (*gorgonia.Node, error) {
	m, err := check(z, y, "Z")
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
// node is built, and returns m.
func check(p, y *gorgonia.Node, name string) (int, error) {
	if p == nil || y == nil {
		return 0, fmt.Errorf("nil node")
	}
	if p.Graph() != y.Graph() {
		return 0, fmt.Errorf("%s and Y belong to different graphs", name)
	}
	for _, n := range []*gorgonia.Node{p, y} {
		if dt := n.Dtype(); dt != tensor.Float64 && dt != tensor.Float32 {
			return 0, fmt.Errorf("%s has dtype %v, not a float: %w", n.Name(), dt, graph.ErrDtype)
		}
	}
	if p.Dtype() != y.Dtype() {
		return 0, fmt.Errorf("%s is %v but Y is %v: %w", name, p.Dtype(), y.Dtype(), graph.ErrDtype)
	}
	ps, ys := p.Shape(), y.Shape()
	if !isRow(ps) || !isRow(ys) || ps[1] != ys[1] {
		return 0, fmt.Errorf("%s has shape %v and Y has shape %v; both must be (1, m) with the same m: %w",
			name, ps, ys, graph.ErrShape)
	}
	return ps[1], nil
}

func isRow(s tensor.Shape) bool { return len(s) == 2 && s[0] == 1 && s[1] >= 1 }

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

// dot returns the (1,1) product u·vᵀ of two (1,m) rows.
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
	build  func(in, y *gorgonia.Node) (*gorgonia.Node, error)
}

var byName = map[string]Loss{
	"dot":    {Name: "dot", build: BCEDot},
	"mulsum": {Name: "mulsum", build: BCEMulSum},
	"logits": {Name: "logits", Logits: true, build: BCEWithLogits},
}

// ByName returns the loss called name: "dot" (BCEDot), "mulsum"
// (BCEMulSum) or "logits" (BCEWithLogits).
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
	c, err := l.build(in, y)
	if err != nil {
		return nil, err
	}
	return graph.AsScalar(c)
}
