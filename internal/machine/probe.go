package machine

import (
	"fmt"
	"reflect"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// This file holds every probe of gorgonia's internals: gorgonia exports
// neither its op types nor what an op computes, so the machine recognises
// an op by its type (taken from sample nodes), by its String and by its
// unexported fields. Each probe below is written for gorgonia v0.9.18, and
// probe_test.go builds the real op for each and checks what the probe
// reads. A probe that stops matching would not break a program: the op
// would silently run on the generic kernel, slower. The test is what makes
// that loud.

// opKind is what the probe opTypes recognises an op as.
type opKind int

const (
	otherOp opKind = iota
	constantOp
	elemBinaryOp
	elemUnaryOp
	linAlgOp
	sumOp
	reshapeOp
	sizeOp
	repeatOp
	transposeOp
)

var kindNames = [...]string{"other", "constant", "elementwise binary", "elementwise unary", "linear algebra", "sum", "reshape", "size", "repeat", "transpose"}

func (k opKind) String() string { return kindNames[k] }

// opTypes is the probe "op types": the dynamic type of each kind of op,
// read from the ops of sample nodes. opTypesErr says what went wrong if a
// sample could not be built or two kinds share a type; opTypes then holds
// the kinds that could be told apart.
var opTypes, opTypesErr = sampleOpTypes()

// kindOf returns the kind of op by the probe opTypes.
func kindOf(op gorgonia.Op) opKind {
	if op == nil {
		return otherOp
	}
	return opTypes[reflect.TypeOf(op)]
}

// sampleOpTypes builds a small graph with one node of every kind the
// machine knows and maps each node's op type to its kind. It never panics,
// so that a gorgonia which builds a sample differently degrades to the
// generic kernel, and the probe test says why.
func sampleOpTypes() (map[reflect.Type]opKind, error) {
	types := make(map[reflect.Type]opKind)
	var errs []error
	add := func(k opKind, n *gorgonia.Node, err error) {
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("machine: sample %v: %w", k, err))
		case n == nil || n.Op() == nil:
			errs = append(errs, fmt.Errorf("machine: sample %v has no op", k))
		default:
			t := reflect.TypeOf(n.Op())
			if old, ok := types[t]; ok && old != k {
				errs = append(errs, fmt.Errorf("machine: samples %v and %v have the same op type %v", old, k, t))
				delete(types, t)
				return
			}
			types[t] = k
		}
	}
	g := gorgonia.NewGraph()
	x := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(2, 2), gorgonia.WithName("x"))
	b := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(2, 1), gorgonia.WithName("b"))
	add(constantOp, gorgonia.NewConstant(1.0), nil)
	add(constantOp, gorgonia.NewConstant(tensor.New(tensor.WithShape(1), tensor.WithBacking([]float64{1}))), nil)
	n, err := gorgonia.Add(x, x)
	add(elemBinaryOp, n, err)
	n, err = gorgonia.Tanh(x)
	add(elemUnaryOp, n, err)
	n, err = gorgonia.Mul(x, x)
	add(linAlgOp, n, err)
	n, err = gorgonia.Sum(x, 1)
	add(sumOp, n, err)
	n, err = gorgonia.Reshape(x, tensor.Shape{4, 1})
	add(reshapeOp, n, err)
	n, err = gorgonia.SizeOf(0, x)
	add(sizeOp, n, err)
	n, err = gorgonia.Transpose(x)
	add(transposeOp, n, err)
	n, err = broadcastRepeat(g, x, b)
	add(repeatOp, n, err)
	if len(errs) > 0 {
		return types, fmt.Errorf("machine: the probe op types does not fit this gorgonia: %v", errs)
	}
	return types, nil
}

// broadcastRepeat returns the repeat node that BroadcastAdd puts between b
// and the sum: gorgonia has no public constructor for it.
func broadcastRepeat(g *gorgonia.ExprGraph, x, b *gorgonia.Node) (*gorgonia.Node, error) {
	bc, err := gorgonia.BroadcastAdd(x, b, nil, []byte{1})
	if err != nil {
		return nil, err
	}
	var rep *gorgonia.Node
	for it := g.From(bc.ID()); it.Next(); {
		if n := it.Node().(*gorgonia.Node); n.Op() != nil {
			rep = n
		}
	}
	return rep, nil
}

// isOwnOp is the probe "gorgonia's package": whether op is one of
// gorgonia's own ops, read from the package path of its type.
func isOwnOp(op gorgonia.Op) bool {
	return reflect.TypeOf(op).PkgPath() == reflect.TypeOf(gorgonia.Nodes{}).PkgPath()
}

// binaryOf is the probe "elementwise binary op": the operator of an
// elementwise binary op that returns a new value ("+ false": the false is
// gorgonia's retSame), read from its String.
func binaryOf(op gorgonia.Op) (byte, bool) {
	switch op.String() {
	case "+ false":
		return '+', true
	case "- false":
		return '-', true
	case "⊙ false":
		return '*', true
	case "÷ false":
		return '/', true
	}
	return 0, false
}

// unaryName is the probe "elementwise unary op": the name of an
// elementwise function, which is its op's String ("tanh", "ln", ...).
func unaryName(op gorgonia.Op) string { return op.String() }

// matMulOf is the probe "matrix product": whether a linear algebra op is a
// product of two matrices and which of them it transposes, read from its
// String ("A × Bᵀ").
func matMulOf(op gorgonia.Op) (transA, transB, ok bool) {
	switch op.String() {
	case "A × B":
		return false, false, true
	case "A × Bᵀ":
		return false, true, true
	case "Aᵀ × B":
		return true, false, true
	case "Aᵀ × Bᵀ":
		return true, true, true
	}
	return false, false, false
}

// isMatrixTranspose is the probe "matrix transpose": whether a transpose
// op swaps the two axes of a matrix, read from its String.
func isMatrixTranspose(op gorgonia.Op) bool { return op.String() == "Aᵀ{1, 0}" }

// sumAlong is the probe "sum axes": the axes a sum op reduces, read from
// its unexported field along.
func sumAlong(op gorgonia.Op) ([]int, bool) { return intsField(op, "along") }

// repeatAlong is the probe "repeat axis": the axis along which a repeat op
// copies its argument, read from its unexported field along.
func repeatAlong(op gorgonia.Op) (int, bool) {
	v := reflect.ValueOf(op)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return 0, false
	}
	f := v.FieldByName("along")
	if !f.IsValid() || f.Kind() != reflect.Int {
		return 0, false
	}
	return int(f.Int()), true
}

// intsField reads the []int-like unexported field name of an op struct.
func intsField(op gorgonia.Op, name string) ([]int, bool) {
	v := reflect.ValueOf(op)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil, false
	}
	f := v.FieldByName(name)
	if !f.IsValid() || f.Kind() != reflect.Slice {
		return nil, false
	}
	out := make([]int, f.Len())
	for i := range out {
		e := f.Index(i)
		switch e.Kind() {
		case reflect.Int, reflect.Int64, reflect.Int32:
			out[i] = int(e.Int())
		default:
			return nil, false
		}
	}
	return out, true
}

// opsPkg is the import path of gradlab's own ops. The machine cannot
// import the package (its tests run programs on the machine), so the
// probes below know its ops by their type names.
const opsPkg = "github.com/gradlab/gradlab/internal/ops"

// isOps is the probe "gradlab's ops": whether op is internal/ops' op type
// name.
func isOps(op gorgonia.Op, name string) bool {
	if op == nil {
		return false
	}
	t := reflect.TypeOf(op)
	return t.PkgPath() == opsPkg && t.Name() == name
}

// clampedLogFloor is the probe "clamped log": whether op is internal/ops'
// clamped logarithm, and its floor, read from its unexported field floor.
func clampedLogFloor(op gorgonia.Op) (float64, bool) {
	if !isOps(op, "clampedLog") {
		return 0, false
	}
	v := reflect.ValueOf(op)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	f := v.FieldByName("floor")
	if !f.IsValid() || f.Kind() != reflect.Float64 {
		return 0, false
	}
	return f.Float(), true
}

// isClampedLogGrad is the probe "clamped log gradient": whether op is the
// op that internal/ops' clamped log differentiates to, (x, g) ↦
// g/max(x, gradEpsilon) for x ≥ 0, g/x otherwise.
func isClampedLogGrad(op gorgonia.Op) bool { return isOps(op, "clampedLogGrad") }

// gradEpsilon is internal/ops' GradEpsilon, the least denominator of the
// clamped log's gradient; probe_test.go holds the two equal.
const gradEpsilon = 1e-12

// isSigmoid and isSigmoidGrad are the probes "sigmoid": whether op is
// internal/ops' sigmoid, or the op it differentiates to, (x, y, g) ↦
// y·σ(−x)·g. TestSigmoid32IsTheOps finds both in a float32 graph.
func isSigmoid(op gorgonia.Op) bool     { return isOps(op, "sigmoid") }
func isSigmoidGrad(op gorgonia.Op) bool { return isOps(op, "sigmoidGrad") }
