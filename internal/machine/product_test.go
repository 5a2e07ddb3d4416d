package machine

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gradlab/gradlab/internal/gemm"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestShallow holds the shallow products, computed element by element
// inside tiled runs, to internal/gemm's Dgemm on the same operands bit for
// bit, in both ways gemm sums (a chain of fused multiply-adds, and gonum's
// sum that skips A's zeros: there an infinity in B meets a zero of A), with
// every transpose the kind allows, and followed by elementwise work so
// that they run tiled.
func TestShallow(t *testing.T) {
	src := rand.New(rand.NewPCG(31, 32))
	for _, s := range [][3]int{{4, 2, 200003}, {4, 1, 300000}, {4, 3, 8001}, {1, 4, 20000}} {
		m, k, n := s[0], s[1], s[2]
		if !gemm.Chain(m, n, k) && !gemm.Exact(m, n, k) {
			continue // OpenBLAS's (the openblas build): its sums are its own
		}
		g := gorgonia.NewGraph()
		a := randInput(g, tensor.Float64, "A", src, m, k)
		at := randInput(g, tensor.Float64, "At", src, k, m)
		b := randInput(g, tensor.Float64, "B", src, k, n)
		bt := randInput(g, tensor.Float64, "Bt", src, n, k)
		if k > 1 && !gemm.Chain(m, n, k) {
			// gonum skips A's zeros, and so 0·∞; the packed kernel
			// (and so a chain) does not, and the TapeMachine is gonum.
			a.Value().Data().([]float64)[1] = 0            // A[0][1]
			at.Value().Data().([]float64)[m] = 0           // Atᵀ[0][1]
			b.Value().Data().([]float64)[n] = math.Inf(1)  // B[1][0]
			bt.Value().Data().([]float64)[1] = math.Inf(1) // Btᵀ[1][0]
		}
		tr := func(x *gorgonia.Node) *gorgonia.Node { return gorgonia.Must(gorgonia.Transpose(x)) }
		type product struct {
			tA, tB bool
			c      *gorgonia.Node
		}
		ps := []product{{false, false, gorgonia.Must(gorgonia.Mul(a, b))}, {true, false, gorgonia.Must(gorgonia.Mul(tr(at), b))}}
		if gemm.Chain(m, n, k) {
			ps = append(ps, product{false, true, gorgonia.Must(gorgonia.Mul(a, tr(bt)))})
		}
		var outs []*gorgonia.Node
		for _, p := range ps {
			outs = append(outs, p.c, gorgonia.Must(gorgonia.Tanh(p.c)))
		}
		mach := newMachine(t, g, outs)
		for range 2 {
			if err := mach.Run(); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range ps {
			if _, ok := kernelOf(mach, p.c).(*shallow); !ok {
				t.Fatalf("%v, tA %v, tB %v: kernel %T, want a shallow product", s, p.tA, p.tB, kernelOf(mach, p.c))
			}
			av, bv, lda, ldb := a.Value().Data().([]float64), b.Value().Data().([]float64), k, n
			if p.tA {
				av, lda = at.Value().Data().([]float64), m
			}
			if p.tB {
				bv, ldb = bt.Value().Data().([]float64), k
			}
			want := make([]float64, m*n)
			gemm.Dgemm(p.tA, p.tB, m, n, k, av, lda, bv, ldb, want, n)
			got := mach.Value(p.c).Data().([]float64)
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
					t.Fatalf("%v, tA %v, tB %v: C[%d] = %v, gemm %v", s, p.tA, p.tB, i, got[i], want[i])
				}
			}
		}
		if !gemm.Chain(m, n, k) {
			// gonum's sums are the TapeMachine's, and so is all the rest;
			// a chain rounds as the packed kernel does, held to gemm above.
			sameAsTape(t, g, outs...)
		}
		if mach.instrs[0].run < 2 {
			t.Errorf("%v: the products and their tanh run as %d tiled instructions, want them in one run", s, mach.instrs[0].run)
		}
	}
}
