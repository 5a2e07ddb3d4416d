package machine

import (
	"math"

	"github.com/gradlab/gradlab/internal/par"
	"github.com/gradlab/gradlab/internal/vmath"
	"gonum.org/v1/gonum/blas/gonum"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The machine's float32 kernels where they differ from float64's: the
// vector tanh and arithmetic, the product, the sum and internal/ops'
// sigmoid.

// vecFuncs32 are the float32 functions of unaryFuncs32 that have vector
// versions, bit for bit the same.
var vecFuncs32 = map[string]func(dst, x []float32){
	"tanh": vmath.Tanh32,
}

// The float32 product. The tensor package multiplies float32 matrices with
// gonum's Sgemm, whose every call above a few 64×64 blocks starts a
// goroutine a block and a channel: it allocates at every step, even the
// exercise's. sgemm computes the same numbers, bit for bit: gonum's
// DotUnitary (through Sdot) on the same slices in the same order, and its
// AxpyUnitary's elementwise y += a·x on vmath's AVX2 kernel, which rounds
// every element alike; on the calling goroutine, or split over the cores
// by rows or columns of C when the product is large: a split changes
// which core computes an element, never the order of its sum.

// sgemmBlock is gonum's block size, and sgemmParBlocks the number of
// blocks of C from which gonum computes in blocks (see sgemm, NT).
const (
	sgemmBlock     = 64
	sgemmParBlocks = 4
)

// sgemm sets C = op(A)·op(B) as gonum's Sgemm(tA, tB, m, n, k, 1, a, lda, b,
// ldb, 0, c, ldc) does.
func sgemm(tA, tB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if k == 0 { // an empty sum: gonum's C = 0
		for i := range m {
			clear(c[i*ldc : i*ldc+n])
		}
		return
	}
	if tA && tB || m == 0 || n == 0 {
		// Never built by gorgonia's Mul; gonum's own loop for it.
		gonum.Implementation{}.Sgemm(trans(tA), trans(tB), m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
		return
	}
	p := sgemmProduct{tA: tA, tB: tB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc}
	// gonum sums a dot product of A·Bᵀ in blocks of 64 when C has enough
	// blocks to compute them in parallel, else in one piece.
	p.blocked = blocks(m)*blocks(n) >= sgemmParBlocks
	switch {
	case m*n*k < par.Grain*4:
		p.span(0, m, 0, n)
	case m >= n:
		q := p // on the heap for the goroutines; p stays on the stack
		par.Split(m, func(lo, hi int) { q.span(lo, hi, 0, n) })
	default:
		q := p
		par.Split(n, func(lo, hi int) { q.span(0, m, lo, hi) })
	}
}

func blocks(d int) int { return (d + sgemmBlock - 1) / sgemmBlock }

// sgemmProduct is one product's operands.
type sgemmProduct struct {
	tA, tB   bool
	m, n, k  int
	a, b, c  []float32
	lda, ldb int
	ldc      int
	blocked  bool
	impl     gonum.Implementation
}

// span computes the rows i0 to i1 and columns j0 to j1 of C. Each element
// starts at +0, as gonum's C does, with its first term written rather
// than added to a cleared C (Scale32: 0 + a·b), and gonum's skip of a zero
// multiplier kept: a row whose first multiplier is 0 is cleared instead.
func (p *sgemmProduct) span(i0, i1, j0, j1 int) {
	switch {
	case !p.tA && !p.tB: // C[i,:] += A[i,l]·B[l,:], l in order
		for i := i0; i < i1; i++ {
			ci := p.c[i*p.ldc+j0 : i*p.ldc+j1]
			for l, v := range p.a[i*p.lda : i*p.lda+p.k] {
				p.term(l == 0, v, p.b[l*p.ldb+j0:l*p.ldb+j1], ci)
			}
		}
	case p.tA: // C[i,:] += A[l,i]·B[l,:], l in order
		for l := range p.k {
			bl := p.b[l*p.ldb+j0 : l*p.ldb+j1]
			for i := i0; i < i1; i++ {
				p.term(l == 0, p.a[l*p.lda+i], bl, p.c[i*p.ldc+j0:i*p.ldc+j1])
			}
		}
	default: // C[i,j] = A[i,:]·B[j,:], in blocks of k or whole
		step := p.k
		if p.blocked {
			step = sgemmBlock
		}
		for i := i0; i < i1; i++ {
			ai := p.a[i*p.lda : i*p.lda+p.k]
			ci := p.c[i*p.ldc : i*p.ldc+p.n]
			for j := j0; j < j1; j++ {
				bj := p.b[j*p.ldb : j*p.ldb+p.k]
				var s float32
				for l := 0; l < p.k; l += step {
					e := min(l+step, p.k)
					s += p.impl.Sdot(e-l, ai[l:e], 1, bj[l:e], 1)
				}
				ci[j] = s
			}
		}
	}
}

// term adds v·b to c, gonum's AxpyUnitary, or, for the first term, sets c
// to 0 + v·b; a zero v adds nothing.
func (p *sgemmProduct) term(first bool, v float32, b, c []float32) {
	switch {
	case v == 0 && first:
		clear(c)
	case v == 0:
	case first:
		vmath.Scale32(v, b, c)
	default:
		vmath.Axpy32(v, b, c)
	}
}

// sum32 returns the sum of x accumulated in float64 and rounded once to
// float32, in vmath.Sum32's fixed order: a departure from gorgonia, whose
// float32 sum adds sequentially in float32. Once the running sum is large
// its every addition rounds by up to half its ulp, all in one direction
// for terms of one sign: the BCE of bench's F40000 (40,000 examples)
// summed so came out 1.2e-4 (about 2,000 ulps) above its float64 value.
// PyTorch's float32 sums are accurate in the same way (cascaded), numpy's
// (pairwise) nearly so.
func sum32(x []float32) float32 { return vmath.Sum32(x) }

// vecBinary computes binaryLoop's c = a op b on vmath's float32 vector
// kernels, bit for bit the same, and reports whether it did: for float32
// elements only.
func vecBinary[T float](op byte, c, a []T, as T, b []T, bs T) bool {
	c32, ok := any(c).([]float32)
	if !ok || len(c) < 8 {
		return false
	}
	a32, _ := any(a).([]float32)
	b32, _ := any(b).([]float32)
	return vmath.Binary32(op, c32, a32, any(as).(float32), b32, any(bs).(float32))
}

// opsFloat32 returns the machine's float32 kernel for internal/ops'
// sigmoid or its gradient, or nil: for float32 elements only (the ops'
// own float64 loops are as fast as the machine's would be).
func opsFloat32[T float, D dtype[T]](op gorgonia.Op, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
	var d D
	if d.dtype() != tensor.Float32 || n.IsScalar() {
		return nil
	}
	for _, c := range kids {
		if !c.Shape().Eq(n.Shape()) {
			return nil
		}
	}
	size := n.Shape().TotalSize()
	k := sigmoid32{out: newOutput[float32, f32](n), tmp: make([]float64, size), fallback: fallback}
	switch {
	case isSigmoid(op) && len(kids) == 1:
		return &k
	case isSigmoidGrad(op) && len(kids) == 3:
		k.grad = true
		return &k
	}
	return nil
}

// sigmoid32 is internal/ops' float32 sigmoid, or its gradient, bit for
// bit: the op widens to float64, computes σ there (1/(1+e^−x), with
// e^x/(1+e^x) below −709) and narrows; its gradient (x, y, g) ↦
// float32(y·float32(σ(−x)))·g, with y = σ(x). The exponentials run on
// vmath's vector exp, math.Exp's numbers, into tmp.
type sigmoid32 struct {
	grad     bool
	out      output[float32]
	tmp      []float64
	fallback kernel
	x, y, g  []float32 // bound by bind; y and g for the gradient
}

func (k *sigmoid32) do(args []gorgonia.Value) (gorgonia.Value, error) {
	v, ok := k.bind(args)
	if !ok {
		return k.fallback.do(args)
	}
	spanAll(k)
	return v, nil
}

func (k *sigmoid32) elems() int { return len(k.out.data) }

func (k *sigmoid32) bind(args []gorgonia.Value) (gorgonia.Value, bool) {
	var in [3][]float32
	for i, a := range args {
		_, xs, ok := operand[float32, f32](a)
		if !ok || len(xs) != len(k.out.data) {
			return nil, false
		}
		in[i] = xs
	}
	k.x, k.y, k.g = in[0], in[1], in[2]
	return k.out.dense, true
}

func (k *sigmoid32) span(lo, hi int) {
	c, x, t := k.out.data[lo:hi], k.x[lo:hi], k.tmp[lo:hi]
	if !k.grad {
		// σ(x) = 1/(1+e^−x).
		for i, v := range x {
			t[i] = -float64(v)
		}
		vmath.Exp(t, t)
		for i, v := range x {
			if w := float64(v); w < -709 {
				e := math.Exp(w)
				c[i] = float32(e / (1 + e))
			} else {
				c[i] = float32(1 / (1 + t[i]))
			}
		}
		return
	}
	// σ(−x) = 1/(1+e^x), e^−x/(1+e^−x) above 709.
	for i, v := range x {
		t[i] = float64(v)
	}
	vmath.Exp(t, t)
	y, g := k.y[lo:hi], k.g[lo:hi]
	for i, v := range x {
		var s float64
		if w := float64(v); w > 709 {
			e := math.Exp(-w)
			s = e / (1 + e)
		} else {
			s = 1 / (1 + t[i])
		}
		ys := float32(float64(y[i]) * float64(float32(s)))
		c[i] = float32(float64(ys) * float64(g[i]))
	}
}
