package ops

import (
	"fmt"
	"hash"
	"math"

	"github.com/chewxy/hm"
	"gorgonia.org/gorgonia"
)

// PosWeightedLogitBCE returns p·y·softplus(−z) + (1−y)·softplus(z)
// elementwise, the binary cross-entropy of the logits z against the labels
// y with the positive term weighted by p: PyTorch's BCEWithLogitsLoss with
// pos_weight p, per element. Its gradient by z is (1−y)·σ(z) − p·y·σ(−z),
// each sigmoid computed where it does not cancel; y gets no gradient.
//
// At p = 1 it equals LogitBCE mathematically but not bit for bit: LogitBCE
// stays the op of the unweighted cost.
func PosWeightedLogitBCE(z, y *gorgonia.Node, p float64) (*gorgonia.Node, error) {
	return gorgonia.ApplyOp(posWeightedBCE{p: p}, z, y)
}

// softplus is log(1+e^x) without overflow or cancellation.
func softplus(x float64) float64 { return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }

// posWeightedBCE is p·y·softplus(−z) + (1−y)·softplus(z).
type posWeightedBCE struct {
	elementwise
	p float64
}

func (op posWeightedBCE) Arity() int            { return 2 }
func (op posWeightedBCE) Type() hm.Type         { return fnType(2) }
func (op posWeightedBCE) String() string        { return fmt.Sprintf("PosWeightedLogitBCE{%g}", op.p) }
func (op posWeightedBCE) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op posWeightedBCE) Hashcode() uint32      { return hashOf(op) }
func (op posWeightedBCE) DiffWRT(int) []bool    { return []bool{true, false} }

func (op posWeightedBCE) at(v [3]float64, _ bool) float64 {
	z, y := v[0], v[1]
	return op.p*y*softplus(-z) + (1-y)*softplus(z)
}

func (op posWeightedBCE) Do(in ...gorgonia.Value) (gorgonia.Value, error) { return do(op, in) }

// UsePreallocDo writes into prealloc.
func (op posWeightedBCE) UsePreallocDo(prealloc gorgonia.Value, in ...gorgonia.Value) (gorgonia.Value, error) {
	if out, a, ok := float64s(prealloc, in, 2); ok {
		z, y := a[0][:len(out)], a[1][:len(out)]
		for i := range out {
			out[i] = op.at([3]float64{z[i], y[i]}, false)
		}
		return prealloc, nil
	}
	return doInto(op, prealloc, in)
}

// SymDiff gives ∂/∂z = g⊙((1−y)·σ(z) − p·y·σ(−z)); y is not differentiated.
func (op posWeightedBCE) SymDiff(in gorgonia.Nodes, out, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	dz, err := gorgonia.ApplyOp(posWeightedBCEGrad{p: op.p}, in[0], in[1], grad)
	if err != nil {
		return nil, err
	}
	return gorgonia.Nodes{dz, nil}, nil
}

// posWeightedBCEGrad maps (z, y, g) to g·((1−y)·σ(z) − p·y·σ(−z)).
type posWeightedBCEGrad struct {
	elementwise
	p float64
}

func (op posWeightedBCEGrad) Arity() int     { return 3 }
func (op posWeightedBCEGrad) Type() hm.Type  { return fnType(3) }
func (op posWeightedBCEGrad) String() string { return fmt.Sprintf("PosWeightedLogitBCEGrad{%g}", op.p) }
func (op posWeightedBCEGrad) WriteHash(h hash.Hash) {
	fmt.Fprint(h, op.String())
}
func (op posWeightedBCEGrad) Hashcode() uint32 { return hashOf(op) }

func (op posWeightedBCEGrad) at(v [3]float64, _ bool) float64 {
	z, y, g := v[0], v[1], v[2]
	return g * ((1-y)*σ(z) - op.p*y*σ(-z))
}

func (op posWeightedBCEGrad) Do(in ...gorgonia.Value) (gorgonia.Value, error) { return do(op, in) }

// UsePreallocDo writes into prealloc.
func (op posWeightedBCEGrad) UsePreallocDo(prealloc gorgonia.Value, in ...gorgonia.Value) (gorgonia.Value, error) {
	if out, a, ok := float64s(prealloc, in, 3); ok {
		z, y, g := a[0][:len(out)], a[1][:len(out)], a[2][:len(out)]
		for i := range out {
			out[i] = op.at([3]float64{z[i], y[i], g[i]}, false)
		}
		return prealloc, nil
	}
	return doInto(op, prealloc, in)
}
