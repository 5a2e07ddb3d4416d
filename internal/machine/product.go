package machine

import (
	"math"

	"github.com/gradlab/gradlab/internal/gemm"
	"gonum.org/v1/gonum/blas/gonum"
	"gorgonia.org/gorgonia"
)

// shallow is a float64 product of depth k ≤ maxShallow, such as a first
// layer's W·X on two features or the outer product W2ᵀ·dZ2 of a single
// output, computed element by element as internal/gemm computes it, so
// that it can join a tiled run (tile.go) with the elementwise work around
// it: its output, a large matrix, is then read back from the cache. Each
// element is either one chain of fused multiply-adds from zero
// (gemm.Chain) or gonum's serial sum, zero plus the products of A's
// nonzero elements in order (gemm.Exact, not transposing B).
type shallow struct {
	*matMul[float64, f64]
	chain bool
	a, b  []float64 // bound by bind
}

// maxShallow is the deepest product that shallow computes.
const maxShallow = 4

// shallowFor returns mm as a shallow product when it is one that pays,
// large enough to be tiled, else mm.
func shallowFor[T float, D dtype[T]](mm *matMul[T, D]) kernel {
	m, ok := any(mm).(*matMul[float64, f64])
	if !ok || m.k > maxShallow || m.m*m.n < minTiled {
		return mm
	}
	switch {
	case gemm.Chain(m.m, m.n, m.k):
		return &shallow{matMul: m, chain: true}
	case gemm.Exact(m.m, m.n, m.k) && !m.tB:
		return &shallow{matMul: m}
	}
	return mm
}

func (k *shallow) do(args []gorgonia.Value) (gorgonia.Value, error) {
	v, ok := k.bind(args)
	if !ok {
		return k.matMul.do(args)
	}
	spanAll(k)
	return v, nil
}

func (k *shallow) elems() int { return k.m * k.n }

func (k *shallow) bind(args []gorgonia.Value) (gorgonia.Value, bool) {
	_, a, aok := operand[float64, f64](args[0])
	_, b, bok := operand[float64, f64](args[1])
	if !aok || !bok || len(a) != k.m*k.k || len(b) != k.k*k.n {
		return nil, false
	}
	k.a, k.b = a, b
	return k.out.dense, true
}

// span computes the elements [lo, hi) of C, row by row, in stretches
// that stay in L1 while each is summed over k in order.
func (k *shallow) span(lo, hi int) {
	for t := lo; t < hi; t += chunk {
		k.stretch(t, min(t+chunk, hi))
	}
}

func (k *shallow) stretch(lo, hi int) {
	n := k.n
	for i := lo / n; i*n < hi; i++ {
		j0, j1 := max(lo, i*n)-i*n, min(hi, (i+1)*n)-i*n
		row := k.out.data[i*n+j0 : i*n+j1]
		clear(row)
		for p := range k.k {
			av := k.a[i*k.k+p]
			if k.tA {
				av = k.a[p*k.m+i]
			}
			switch {
			case !k.chain:
				// gonum's own call, as its serial Dgemm makes it.
				gonum.Implementation{}.Daxpy(len(row), av, k.b[p*n+j0:], 1, row, 1)
			case k.tB:
				for j := range row {
					row[j] = math.FMA(av, k.b[(j0+j)*k.k+p], row[j])
				}
			default:
				gemm.AxpyFMA(av, k.b[p*n+j0:], row)
			}
		}
	}
}
