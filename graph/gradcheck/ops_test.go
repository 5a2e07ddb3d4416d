package gradcheck_test

import (
	"fmt"
	"hash"
	"hash/fnv"

	"github.com/chewxy/hm"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// skew is the identity whose gradient is wrong in one element: element at
// of the incoming gradient (every element if at < 0) is multiplied by
// factor and added offset. It plants a known fault in an otherwise correct
// network.
type skew struct {
	at             int
	factor, offset float64
}

// skewed returns skew applied to n.
func skewed(n *gorgonia.Node, at int, factor, offset float64) *gorgonia.Node {
	return gorgonia.Must(gorgonia.ApplyOp(skew{at, factor, offset}, n))
}

func (op skew) Arity() int            { return 1 }
func (op skew) Type() hm.Type         { a := hm.TypeVariable('a'); return hm.NewFnType(a, a) }
func (op skew) ReturnsPtr() bool      { return false }
func (op skew) CallsExtern() bool     { return false }
func (op skew) OverwritesInput() int  { return -1 }
func (op skew) String() string        { return fmt.Sprintf("skew{%d,%g,%g}", op.at, op.factor, op.offset) }
func (op skew) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op skew) Hashcode() uint32      { h := fnv.New32a(); op.WriteHash(h); return h.Sum32() }
func (op skew) DiffWRT(int) []bool    { return []bool{true} }
func (op skew) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}
func (op skew) Do(in ...gorgonia.Value) (gorgonia.Value, error) {
	return in[0].(tensor.Tensor).Clone().(gorgonia.Value), nil
}
func (op skew) SymDiff(in gorgonia.Nodes, out, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	d, err := gorgonia.ApplyOp(skewGrad(op), grad)
	return gorgonia.Nodes{d}, err
}

// skewGrad is skew's gradient: the incoming gradient with its fault.
type skewGrad skew

func (op skewGrad) Arity() int            { return 1 }
func (op skewGrad) Type() hm.Type         { a := hm.TypeVariable('a'); return hm.NewFnType(a, a) }
func (op skewGrad) ReturnsPtr() bool      { return false }
func (op skewGrad) CallsExtern() bool     { return false }
func (op skewGrad) OverwritesInput() int  { return -1 }
func (op skewGrad) String() string        { return "∂" + skew(op).String() }
func (op skewGrad) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op skewGrad) Hashcode() uint32      { h := fnv.New32a(); op.WriteHash(h); return h.Sum32() }
func (op skewGrad) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}
func (op skewGrad) Do(in ...gorgonia.Value) (gorgonia.Value, error) {
	out := in[0].(tensor.Tensor).Clone().(*tensor.Dense)
	for i := 0; i < out.Size(); i++ {
		if op.at >= 0 && i != op.at {
			continue
		}
		switch d := out.Data().(type) {
		case []float64:
			d[i] = d[i]*op.factor + op.offset
		case []float32:
			d[i] = float32(float64(d[i])*op.factor + op.offset)
		}
	}
	return out, nil
}
