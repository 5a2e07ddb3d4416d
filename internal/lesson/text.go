package lesson

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// WriteText writes the lesson as text for a terminal: every number from
// l, every shape beside its value.
func (l *Lesson) WriteText(w io.Writer) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("The vectorized cross-entropy: np.dot or np.multiply")
	p("Every number below was computed just now by gradlab's graph; testdata/lesson.py holds each to numpy.")
	l.Products.write(p)
	l.Example.write(p)
	l.Agreement.write(p, l.Example)
	for i, g := range l.Gallery {
		g.write(p, i == 0)
	}
	writeTraining(p, l.Training)
	_, err := io.WriteString(w, b.String())
	return err
}

type printer func(format string, args ...any)

func (pr Products) write(p printer) {
	p("\n1. np.dot and np.multiply are different products")
	p("   A                  = %s", pr.A)
	p("   B                  = %s", pr.B)
	p("   np.dot(A, B)       = %s    row i of A times column j of B, summed over k: Σₖ A[i,k]·B[k,j]", pr.Dot)
	p("   np.multiply(A, B)  = %s    position by position: A[i,j]·B[i,j]", pr.Multiply)
	p("   np.sum(np.dot(A, B))      = %s", pr.SumDot)
	p("   np.sum(np.multiply(A, B)) = %s", pr.SumMultiply)
	p("   The matrix product pairs every row with every column; the elementwise product pairs only")
	p("   equal positions. Summing afterwards does not undo the difference.")
}

func (ex Example) write(p printer) {
	p("\n2. The exercise's cost, both ways (m = %d)", ex.M)
	p("   Y  = %s", ex.Y)
	p("   A2 = %s", ex.A2)
	p("   dot form      Y·log(A2)ᵀ + (1−Y)·log(1−A2)ᵀ       = %s", ex.Dot)
	p("   np.matmul     the same product as np.dot for 2-D inputs (gradlab's Mul is both) = %s", ex.Dot)
	p("   multiply+sum  Σ(Y⊙log(A2) + (1−Y)⊙log(1−A2))      = %s", full(ex.MulSum))
	p("   cost = −logprobs/m: dot %s, multiply+sum %s", ex.CostDot, ex.Cost)
	p("   The asscalar step: gradients start from a scalar, and a (1,1) matrix is not one.")
	p("     graph.Compile of the (1,1) cost: %s", ex.CompileError)
	p("     graph.AsScalar on the graph     = %s; graph.Scalar on the value = %s", ex.Cost, strconv.FormatFloat(ex.Item, 'g', -1, 64))
	p("     ∂cost/∂A2 through AsScalar      = %s", ex.Grad)
	p("     the same as multiply+sum's to %s (largest |Δ|)", strconv.FormatFloat(ex.GradDiff, 'g', 3, 64))
	p("   squeeze drops axes of length 1; asscalar takes the one element, and there must be one:")
	p("     np.squeeze(cost)  = %s", ex.SqueezeCost)
	p("     np.squeeze(A2)    = %s: still not a scalar", ex.SqueezeA2)
	p("     AsScalar(A2): %s", ex.ItemError)
	p("   In 1-D, y and log(a2) of shape (%d,), np.dot is a scalar already: %s", ex.M, full(ex.VectorDot))
}

func (a Agreement) write(p printer, ex Example) {
	p("\n3. Why they agree, and where the coincidence ends")
	p("   A (1,m)·(m,1) product is Σₖ Y[0,k]·log(A2)[k,0]: the elementwise products, summed.")
	p("     Y⊙log(A2) + (1−Y)⊙log(1−A2) = %s", a.Elementwise)
	p("     its sum = %s; the dot form's one element = %s", full(a.ElementwiseSum), full(Value{Data: ex.Dot.Data}))
	p("   With K = 2 label rows (several outputs), Y and A are (2, m):")
	p("     Y = %s", a.Y)
	p("     A = %s", a.A)
	p("     Y·log(A)ᵀ + (1−Y)·log(1−A)ᵀ = %s: entry (i,j) pairs label row i with prediction row j", a.Dot)
	p("     np.sum of it   = %s adds all K² = 4 pairings", full(a.SumDot))
	p("     its trace      = %s adds the K pairings of a row with its own", full(a.Trace))
	p("     multiply+sum   = %s is the trace", full(a.MulSum))
	p("     cost −trace/m  = %s; −sum/m would give %s", full(a.Cost), full(a.NaiveCost))
}

func (g Gallery) write(p printer, first bool) {
	if first {
		p("\n4. The mistakes, on the exercise network's own A2 (planar data, m = 400, weights after seed 2)")
		p("   gradients by W1, b1, W2, b2 against the correct cost's: largest |Δ|, ‖g−g*‖/‖g*‖, cosine")
		p("   at the initial weights:")
	} else {
		p("   after %d iterations of gradient descent:", g.Iteration)
	}
	for _, r := range g.Rows {
		if r.Error != "" {
			p("   %-17s %s", r.Name, r.Error)
		} else {
			p("   %-17s cost %-22s shape %-6s widest %-10s |Δ| %-10s rel %-10s cos %s", r.Name,
				strconv.FormatFloat(r.Cost, 'g', -1, 64), shape(r.CostShape), shape(r.Widest),
				short(r.GradMaxDiff), short(r.GradRelDiff), short(r.GradCosine))
		}
		if !first && r.Name != "correct" {
			p("   %-17s %s", "", r.Diagnosis)
		}
	}
	if first {
		p("   wrong-transpose and broadcast are one function in two spellings: Σᵢⱼ Y[i]·log(A2)[j] = (ΣY)(Σ log A2).")
		p("   Near A2 = 0.5 everywhere, as here, that is close to no-mean's m times the cost; training pulls them apart.")
	}
}

func writeTraining(p printer, steps []Step) {
	p("\n5. Inside training: both forms on the same A2 at each report")
	p("   the gradients: autodiff of each form, and the notebook's hand-derived backward_propagation")
	p("   %-9s  %-22s  %-22s  %-9s  %-17s  %s", "iteration", "cost (dot)", "cost (multiply+sum)", "|Δ cost|", "|Δ grad| (forms)", "|Δ grad| (by hand)")
	for _, s := range steps {
		p("   %-9d  %-22s  %-22s  %-9s  %-17s  %s", s.Iteration, strconv.FormatFloat(s.CostDot, 'g', -1, 64),
			strconv.FormatFloat(s.CostMulSum, 'g', -1, 64), short(s.CostDiff), short(s.MaxGradDiff), short(s.HandDiff))
	}
}

// String writes v as numpy prints it, eight decimals at most, on one
// line, then its shape.
func (v Value) String() string { return v.format(numpy) }

// numpy writes x as numpy's array printing does by default: at most eight
// decimals, trailing zeros dropped; scientific far from 1.
func numpy(x float64) string {
	if a := math.Abs(x); a != 0 && (a < 1e-4 || a >= 1e8) {
		return strconv.FormatFloat(x, 'e', 8, 64)
	}
	s := strconv.FormatFloat(x, 'f', 8, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

// full writes v with every digit of its elements, as Python's repr does.
func full(v Value) string {
	return v.format(func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) })
}

func (v Value) format(num func(float64) string) string {
	var b strings.Builder
	var rec func(dims []int, data []float64)
	rec = func(dims []int, data []float64) {
		if len(dims) == 0 {
			b.WriteString(num(data[0]))
			return
		}
		b.WriteByte('[')
		step := len(data) / max(dims[0], 1)
		for i := 0; i < dims[0]; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			rec(dims[1:], data[i*step:(i+1)*step])
		}
		b.WriteByte(']')
	}
	if len(v.Data) == 0 {
		return "[] shape " + shape(v.Shape)
	}
	rec(v.Shape, v.Data)
	return b.String() + " shape " + shape(v.Shape)
}

// shape writes s as numpy does: (), (8,), (1, 8).
func shape(s []int) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = strconv.Itoa(d)
	}
	if len(s) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func short(x float64) string { return strconv.FormatFloat(x, 'g', 3, 64) }
