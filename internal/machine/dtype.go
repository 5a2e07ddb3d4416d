package machine

import (
	"math"

	"github.com/chewxy/math32"
	"github.com/gradlab/gradlab/internal/gemm"
	"github.com/gradlab/gradlab/internal/vmath"
	"gonum.org/v1/gonum/blas"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// float is the element type of the machine's own kernels.
type float interface{ float32 | float64 }

// dtype is what a kernel needs to know of its element type T beyond
// arithmetic: how gorgonia stores T's tensors and scalars, and what
// gorgonia computes for T's elementwise functions and products, so that
// each kernel is written once for float64 and float32. Its two
// implementations, f64 and f32, hold no data: a kernel's type names one
// and calls it without an interface value.
type dtype[T float] interface {
	dtype() tensor.Dtype
	elems(*tensor.Dense) []T
	scalar(gorgonia.Value) (T, bool)
	newScalar() (gorgonia.Value, *T)
	// unary returns gorgonia's function of the op named name for T's
	// tensors, and a vector version of it that computes the same numbers,
	// if there is one.
	unary(name string) (f func(T) T, vec func(dst, x []T), ok bool)
	// gemm sets C = op(A)·op(B) as the tensor package's product of T
	// does, as internal/gemm describes.
	gemm(tA, tB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int)
	// clampedLog sets dst = max(log x, floor) as internal/ops computes
	// it for T.
	clampedLog(dst, x []T, floor float64)
	// sum returns the sum of x: sequentially in float64, as the tensor
	// package sums; in float32, not as it does (see sum32).
	sum(x []T) T
}

type f64 struct{}

func (f64) dtype() tensor.Dtype             { return tensor.Float64 }
func (f64) elems(d *tensor.Dense) []float64 { return d.Float64s() }
func (f64) newScalar() (gorgonia.Value, *float64) {
	s := new(gorgonia.F64)
	return s, (*float64)(s)
}

func (f64) scalar(v gorgonia.Value) (float64, bool) {
	s, ok := v.(*gorgonia.F64)
	if !ok {
		return 0, false
	}
	return float64(*s), true
}

func (f64) unary(name string) (func(float64) float64, func(dst, x []float64), bool) {
	f, ok := unaryFuncs[name]
	return f, vecFuncs[name], ok
}

func (f64) gemm(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	gemm.Dgemm(tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
}

func (f64) clampedLog(dst, x []float64, floor float64) { vmath.ClampedLog(dst, x, floor) }

func (f64) sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

// vecFuncs are the float64 functions of unaryFuncs that have vector
// versions, bit for bit the same.
var vecFuncs = map[string]func(dst, x []float64){
	"tanh": vmath.Tanh,
	"exp":  vmath.Exp,
	"ln":   vmath.Log,
	"sigmoid": func(dst, x []float64) {
		for i := range dst {
			dst[i] = sigmoid(x[i]) // inlined
		}
	},
}

type f32 struct{}

func (f32) dtype() tensor.Dtype             { return tensor.Float32 }
func (f32) elems(d *tensor.Dense) []float32 { return d.Float32s() }
func (f32) newScalar() (gorgonia.Value, *float32) {
	s := new(gorgonia.F32)
	return s, (*float32)(s)
}

func (f32) scalar(v gorgonia.Value) (float32, bool) {
	s, ok := v.(*gorgonia.F32)
	if !ok {
		return 0, false
	}
	return float32(*s), true
}

func (f32) unary(name string) (func(float32) float32, func(dst, x []float32), bool) {
	f, ok := unaryFuncs32[name]
	return f, vecFuncs32[name], ok
}

func (f32) gemm(tA, tB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	sgemm(tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
}

func (f32) clampedLog(dst, x []float32, floor float64) {
	// internal/ops widens a float32 to float64 and narrows the result.
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = float32(math.Max(math.Log(float64(v)), floor))
	}
}

func (f32) sum(x []float32) float32 { return sum32(x) }

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// unaryFuncs32 are gorgonia's float32 elementwise functions on tensors, by
// op name: the tensor package's (chewxy/math32). The sigmoid is left to
// the generic kernel.
var unaryFuncs32 = map[string]func(float32) float32{
	"tanh":   math32.Tanh,
	"neg":    func(x float32) float32 { return -x },
	"square": func(x float32) float32 { return x * x },
	"cube":   func(x float32) float32 { return x * x * x },
	"exp":    math32.Exp,
	"ln":     math32.Log,
	"sqrt":   math32.Sqrt,
	"inv":    func(x float32) float32 { return 1 / x },
	"abs":    math32.Abs,
}
