package lesson_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gradlab/gradlab/internal/lesson"
	"github.com/gradlab/gradlab/losses/mistakes"
)

// fixture is testdata/lesson.json, written by testdata/lesson.py.
type fixture struct {
	Products struct {
		A, B, Dot, Multiply [][]float64
		SumDot              float64 `json:"sum_dot"`
		SumMultiply         float64 `json:"sum_multiply"`
	}
	Example struct {
		Y, A2          [][]float64
		M              int
		Dot            [][]float64
		DotShape       []int       `json:"dot_shape"`
		Matmul         [][]float64 `json:"matmul"`
		MulSum         float64     `json:"mulsum"`
		MulSumShape    []int       `json:"mulsum_shape"`
		CostDot        [][]float64 `json:"cost_dot"`
		Cost           float64
		Squeeze11Shape []int   `json:"squeeze_1x1_shape"`
		Asscalar       float64 `json:"asscalar"`
		Squeeze1mShape []int   `json:"squeeze_1xm_shape"`
		VectorDot      float64 `json:"vector_dot"`
		VectorDotShape []int   `json:"vector_dot_shape"`
		Grad           [][]float64
	}
	Several struct {
		Elementwise    [][]float64
		ElementwiseSum float64 `json:"elementwise_sum"`
		Y, A, Dot      [][]float64
		SumDot         float64 `json:"sum_dot"`
		Trace          float64
		MulSum         float64 `json:"mulsum"`
		Cost           float64
		NaiveCost      float64 `json:"naive_cost"`
		TorchSumOverM  float64 `json:"torch_sum_over_m"`
	}
	Gallery struct {
		Iterations       int
		Initial, Trained map[string]galleryRow
	}
	Training struct {
		Iterations, Every int
		Reports           []struct {
			Iteration  int
			CostMulSum float64   `json:"cost_mulsum"`
			CostDot    float64   `json:"cost_dot"`
			HandGrad   []float64 `json:"hand_grad"`
		}
	}
}

type galleryRow struct {
	Error         string
	Cost          float64
	CostShape     []int   `json:"cost_shape"`
	LogprobsShape []int   `json:"logprobs_shape"`
	GradMaxDiff   float64 `json:"grad_max_abs_diff"`
	GradRelDiff   float64 `json:"grad_rel_diff"`
	GradCosine    float64 `json:"grad_cosine"`
}

func load(t *testing.T) fixture {
	t.Helper()
	b, err := os.ReadFile("testdata/lesson.json")
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if f.Example.M != 8 || len(f.Gallery.Initial) != 7 || len(f.Training.Reports) == 0 {
		t.Fatal("lesson.json lacks the example, the gallery or the training reports")
	}
	return f
}

// The lesson trains a network; every test reads the same run.
var (
	once   sync.Once
	shared *lesson.Lesson
	runErr error
)

func run(t *testing.T) *lesson.Lesson {
	t.Helper()
	once.Do(func() { shared, runErr = lesson.Run(context.Background()) })
	if runErr != nil {
		t.Fatal(runErr)
	}
	return shared
}

func flat(rows [][]float64) []float64 {
	var v []float64
	for _, r := range rows {
		v = append(v, r...)
	}
	return v
}

func shapeOf(rows [][]float64) []int { return []int{len(rows), len(rows[0])} }

// near holds got to want within tol, relative to max(1, |want|).
func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if d := math.Abs(got - want); !(d <= tol*math.Max(1, math.Abs(want))) {
		t.Errorf("%s = %.17g, numpy %.17g", what, got, want)
	}
}

// value holds v to numpy's array want, shape and elements.
func value(t *testing.T, what string, v lesson.Value, want []float64, shape []int, tol float64) {
	t.Helper()
	if fmt.Sprint(v.Shape) != fmt.Sprint(shape) {
		t.Errorf("%s has shape %v, numpy's %v", what, v.Shape, shape)
	}
	if len(v.Data) != len(want) {
		t.Fatalf("%s: %d values, numpy %d", what, len(v.Data), len(want))
	}
	for i := range want {
		near(t, fmt.Sprintf("%s[%d]", what, i), v.Data[i], want[i], tol)
	}
}

var scalar = []int{}

func TestProducts(t *testing.T) {
	f, l := load(t), run(t)
	p, w := l.Products, f.Products
	value(t, "A", p.A, flat(w.A), shapeOf(w.A), 0)
	value(t, "B", p.B, flat(w.B), shapeOf(w.B), 0)
	value(t, "dot", p.Dot, flat(w.Dot), shapeOf(w.Dot), 0)
	value(t, "multiply", p.Multiply, flat(w.Multiply), shapeOf(w.Multiply), 0)
	value(t, "sum dot", p.SumDot, []float64{w.SumDot}, scalar, 0)
	value(t, "sum multiply", p.SumMultiply, []float64{w.SumMultiply}, scalar, 0)
	if w.SumDot != 42 || w.SumMultiply != 23 {
		t.Errorf("numpy's sums are %v and %v; the course's, 42 and 23", w.SumDot, w.SumMultiply)
	}
}

func TestExample(t *testing.T) {
	f, l := load(t), run(t)
	ex, w := l.Example, f.Example
	const tol = 1e-15
	if ex.M != w.M {
		t.Errorf("m = %d, numpy's %d", ex.M, w.M)
	}
	value(t, "Y", ex.Y, flat(w.Y), shapeOf(w.Y), 0)
	value(t, "A2", ex.A2, flat(w.A2), shapeOf(w.A2), 0)
	value(t, "dot", ex.Dot, flat(w.Dot), w.DotShape, tol)
	value(t, "dot as matmul", ex.Dot, flat(w.Matmul), w.DotShape, tol)
	value(t, "mulsum", ex.MulSum, []float64{w.MulSum}, w.MulSumShape, tol)
	value(t, "cost (dot)", ex.CostDot, flat(w.CostDot), shapeOf(w.CostDot), tol)
	value(t, "AsScalar(cost)", ex.Cost, []float64{w.Cost}, w.Squeeze11Shape, tol)
	near(t, "Scalar(cost)", ex.Item, w.Asscalar, tol)
	value(t, "squeeze(cost)", ex.SqueezeCost, []float64{w.Cost}, w.Squeeze11Shape, tol)
	value(t, "squeeze(A2)", ex.SqueezeA2, flat(w.A2), w.Squeeze1mShape, 0)
	value(t, "1-D dot", ex.VectorDot, []float64{w.VectorDot}, w.VectorDotShape, tol)
	value(t, "∂cost/∂A2", ex.Grad, flat(w.Grad), shapeOf(w.Grad), tol)
	if ex.GradDiff > 1e-16 {
		t.Errorf("the forms' gradients differ by %g", ex.GradDiff)
	}
	// The published numbers of the issue, to their printed digits.
	if math.Abs(w.Dot[0][0]+0.78914626) > 5e-9 || w.MulSum != -0.7891462576187036 || math.Abs(w.Cost-0.09864328) > 5e-9 {
		t.Errorf("numpy's example is %v, %v, %v", w.Dot, w.MulSum, w.Cost)
	}
	for what, msg := range map[string]string{"compile": ex.CompileError, "AsScalar": ex.ItemError} {
		if !strings.Contains(msg, "shape mismatch") {
			t.Errorf("%s error %q does not say it is a shape mismatch", what, msg)
		}
	}
}

func TestAgreement(t *testing.T) {
	f, l := load(t), run(t)
	a, w := l.Agreement, f.Several
	const tol = 1e-15
	value(t, "elementwise", a.Elementwise, flat(w.Elementwise), shapeOf(w.Elementwise), tol)
	value(t, "elementwise sum", a.ElementwiseSum, []float64{w.ElementwiseSum}, scalar, tol)
	value(t, "Y", a.Y, flat(w.Y), shapeOf(w.Y), 0)
	value(t, "A", a.A, flat(w.A), shapeOf(w.A), 0)
	value(t, "dot", a.Dot, flat(w.Dot), shapeOf(w.Dot), tol)
	value(t, "sum of dot", a.SumDot, []float64{w.SumDot}, scalar, tol)
	value(t, "trace", a.Trace, []float64{w.Trace}, scalar, tol)
	value(t, "mulsum", a.MulSum, []float64{w.MulSum}, scalar, tol)
	value(t, "cost", a.Cost, []float64{w.Cost}, scalar, tol)
	value(t, "naive cost", a.NaiveCost, []float64{w.NaiveCost}, scalar, tol)
	// PyTorch's BCELoss(reduction="sum") over m is the trace's cost.
	near(t, "cost against PyTorch", a.Cost.Scalar(), w.TorchSumOverM, 1e-15)
}

func TestGallery(t *testing.T) {
	f, l := load(t), run(t)
	if len(l.Gallery) != 2 || l.Gallery[0].Iteration != 0 || l.Gallery[1].Iteration != f.Gallery.Iterations {
		t.Fatalf("galleries at %+v, want at 0 and %d", l.Gallery, f.Gallery.Iterations)
	}
	for i, want := range []map[string]galleryRow{f.Gallery.Initial, f.Gallery.Trained} {
		g := l.Gallery[i]
		if len(g.Rows) != len(mistakes.All())+1 {
			t.Fatalf("gallery %d has %d rows", i, len(g.Rows))
		}
		for _, r := range g.Rows {
			w, ok := want[r.Name]
			what := fmt.Sprintf("%s at iteration %d", r.Name, g.Iteration)
			switch {
			case !ok:
				t.Errorf("%s: not in lesson.json", what)
				continue
			case w.Error != "":
				if r.Error != "mistakes: "+w.Error {
					t.Errorf("%s: error %q, numpy's %q", what, r.Error, w.Error)
				}
				continue
			case r.Error != "":
				t.Errorf("%s: %s", what, r.Error)
				continue
			}
			if r.Diagnosis == "" || r.Numpy == "" {
				t.Errorf("%s: no diagnosis or numpy line", what)
			}
			// Training leaves gradlab's weights within rounding of numpy's:
			// the gradients' distances hold to 1e-9 of their size.
			near(t, what+": cost", r.Cost, w.Cost, 1e-12)
			if fmt.Sprint(r.CostShape) != fmt.Sprint(w.CostShape) || fmt.Sprint(r.Widest) != fmt.Sprint(w.LogprobsShape) {
				t.Errorf("%s: shape %v, widest %v; numpy's cost %v, logprobs %v", what, r.CostShape, r.Widest, w.CostShape, w.LogprobsShape)
			}
			near(t, what+": largest |Δ gradient|", r.GradMaxDiff, w.GradMaxDiff, 1e-9)
			near(t, what+": relative distance", r.GradRelDiff, w.GradRelDiff, 1e-9)
			near(t, what+": cosine", r.GradCosine, w.GradCosine, 1e-9)
		}
	}
}

func TestTraining(t *testing.T) {
	f, l := load(t), run(t)
	w := f.Training
	if w.Iterations != lesson.Iterations || w.Every != lesson.Every || len(l.Training) != len(w.Reports) {
		t.Fatalf("%d reports of %d iterations every %d; numpy's %d of %d every %d",
			len(l.Training), lesson.Iterations, lesson.Every, len(w.Reports), w.Iterations, w.Every)
	}
	for i, s := range l.Training {
		r := w.Reports[i]
		if s.Iteration != r.Iteration {
			t.Errorf("report %d at iteration %d, numpy's at %d", i, s.Iteration, r.Iteration)
		}
		near(t, fmt.Sprintf("dot cost at %d", s.Iteration), s.CostDot, r.CostDot, 1e-12)
		near(t, fmt.Sprintf("mulsum cost at %d", s.Iteration), s.CostMulSum, r.CostMulSum, 1e-12)
		if len(s.HandGrad) != len(r.HandGrad) {
			t.Fatalf("%d hand-derived gradients, numpy's %d", len(s.HandGrad), len(r.HandGrad))
		}
		for k := range r.HandGrad {
			near(t, fmt.Sprintf("hand-derived gradient %d at %d", k, s.Iteration), s.HandGrad[k], r.HandGrad[k], 1e-12)
		}
		if s.HandDiff > 1e-14 {
			t.Errorf("at %d the hand-derived gradient is %g from autodiff's", s.Iteration, s.HandDiff)
		}
		// The two forms agree to rounding: they sum the m = 400 terms in
		// two orders (a product's, a loop's), each off by at most m ulps of
		// the sum in the worst case; arm64's fused multiply-adds move them
		// by some ulps more than amd64 does.
		if s.CostDiff > 400*ulp(s.CostMulSum) || s.MaxGradDiff > 1e-14 {
			t.Errorf("at %d the forms differ by %g in cost and %g in gradient", s.Iteration, s.CostDiff, s.MaxGradDiff)
		}
	}
}

func ulp(x float64) float64 { return math.Nextafter(math.Abs(x), math.Inf(1)) - math.Abs(x) }

// The text prints numpy's numbers, as numpy prints them, beside their
// shapes.
func TestWriteText(t *testing.T) {
	f, l := load(t), run(t)
	var b bytes.Buffer
	if err := l.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	repr := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, want := range []string{
		"\n1. ", "\n2. ", "\n3. ", "\n4. ", "\n5. ",
		"= " + repr(f.Products.SumDot) + " shape ()",
		"= " + repr(f.Products.SumMultiply) + " shape ()",
		"[[-0.78914626]] shape (1, 1)", // numpy's print of the dot form
		repr(f.Example.MulSum) + " shape ()",
		"[[0.09864328]] shape (1, 1)",
		"shape (8,): still not a scalar",
		repr(f.Several.Trace) + " shape ()",
		repr(f.Several.SumDot) + " shape ()",
		"mistakes: " + f.Gallery.Initial["no-transpose"].Error,
		"widest (400, 400)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the text lacks %q", want)
		}
	}
	for _, m := range mistakes.All() {
		if !strings.Contains(text, m.Name) || !strings.Contains(text, m.Diagnosis) {
			t.Errorf("the text lacks %s or its diagnosis", m.Name)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := lesson.Run(ctx); err == nil || !strings.Contains(err.Error(), "lesson: ") {
		t.Errorf("a cancelled lesson returned %v", err)
	}
}
