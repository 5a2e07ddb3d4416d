package gradcheck_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/graph/gradcheck"
	"github.com/gradlab/gradlab/internal/longtest"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The networks of issue 16, built as cmd/train builds them for its check
// (weights of numpy's seed 2, data seed 1, the first 64 examples, the
// mulsum loss), pass with the default tolerances. The course's rule fails
// the spirals network, with the relative difference issue 16 reports.
// Breast cancer's 100,100 network, whose course-mode false alarm (issue
// 16's 2.73e-07) needs the 64 examples, takes five times the rest of the
// test, so it runs when GRADLAB_LONG is set, as CI sets it, and so does
// the sigmoid spirals network; the tanh spirals network checks the same
// at a third of the size in every run.
func TestIssue16FalseAlarmsGone(t *testing.T) {
	if testing.Short() {
		t.Skip("two forward runs for each of 8,800 parameters")
	}
	for _, tc := range []struct {
		name   string
		c      netConfig
		course string // the relative difference issue 16 reports, "" if none
		long   bool   // run only when GRADLAB_LONG is set (internal/longtest)
	}{
		{"spirals tanh 64,64", spirals64(t), "2.45e-06", false},
		{"spirals sigmoid 64,64", netConfig{set: spirals(t), hidden: []int{64, 64}, act: nn.Sigmoid}, "", true},
		{"breast cancer tanh 100,100", netConfig{set: breastCancer(t), hidden: []int{100, 100}, act: nn.Tanh}, "", true},
	} {
		if tc.long && !longtest.Enabled() {
			t.Logf("%s: not checked; GRADLAB_LONG=1 checks it (CI does)", tc.name)
			continue
		}
		tc.c.m, tc.c.seed = 64, 2
		r := checked(t, tc.name+keyFull, tc.c)
		if !r.Passed || r.FailedCount != 0 || r.UnresolvedCount != 0 || r.KinkedCount != 0 {
			t.Errorf("%s: a correct network does not pass cleanly:\n%v", tc.name, r)
		}
		if tc.course == "" {
			continue
		}
		r = checked(t, tc.name+keyCourse, tc.c, gradcheck.WithMode(gradcheck.Course), gradcheck.WithSensitivity())
		if got := fmtG(r.Difference); r.Passed || got != tc.course {
			t.Errorf("%s, course mode: passed %v, difference %s, want a failure with %s", tc.name, r.Passed, got, tc.course)
		}
	}
}

// An error of 1e-4 relative in one element fails with the defaults and is
// named (PyTorch's rtol of 1e-3 would let any relative error below 1e-3
// pass by construction: the sensitivity report says so, see
// TestSensitivity); the correct network passes them.
func TestOneElementWrongBy1e4(t *testing.T) {
	var opts []gradcheck.Option
	c := spirals64(t)
	if r := checked(t, spirals64Full, c, opts...); !r.Passed {
		t.Fatalf("the correct network fails the tight tolerances:\n%v", r)
	}
	// W3 is (1, 64); its element 47 has the largest gradient.
	c.spoil = spoilLayer(2, 47, 1+1e-4)
	r, err := gradcheck.Check(build(t, c).prog, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if r.Passed || r.FailedCount != 1 || r.Failed[0].Node != "W3" || !slices.Equal(r.Failed[0].Index, []int{0, 47}) {
		t.Fatalf("want W3[0 47] alone to fail:\n%v", r)
	}
	if e := r.Failed[0]; math.Abs(e.Analytic/e.Numeric-1-1e-4) > 1e-6 {
		t.Errorf("W3[0 47]: analytic/numeric = %v, want 1+1e-4", e.Analytic/e.Numeric)
	}
	if !strings.Contains(r.String(), "W3[0 47]") {
		t.Errorf("the report does not name W3[0 47]:\n%v", r)
	}
}

// Every failing element is listed up to MaxListed, and counted.
func TestFailuresListedAndCapped(t *testing.T) {
	c := netConfig{set: spirals(t), hidden: []int{4}, act: nn.Tanh, m: 16, seed: 2,
		spoil: func(m *nn.MLP) { m.Layers[0].W = skewed(skewed(m.Layers[0].W, 1, 2, 0), 6, -1, 0) }}
	r, err := gradcheck.Check(build(t, c).prog)
	if err != nil {
		t.Fatal(err)
	}
	if r.FailedCount != 2 || len(r.Failed) != 2 {
		t.Fatalf("want the 2 spoiled elements of W1 to fail:\n%v", r)
	}
	for i, want := range [][]int{{0, 1}, {3, 0}} {
		e := r.Failed[i]
		if e.Node != "W1" || !slices.Equal(e.Index, want) || e.AbsErr != math.Abs(e.Analytic-e.Numeric) ||
			e.RelErr != e.AbsErr/math.Max(math.Abs(e.Analytic), math.Abs(e.Numeric)) {
			t.Errorf("failure %d: %+v, want W1%v with its errors", i, e, want)
		}
	}
	c.spoil = func(m *nn.MLP) { m.Layers[0].W = skewed(m.Layers[0].W, -1, 3, 0) }
	r, err = gradcheck.Config{MaxListed: 3}.Check(build(t, c).prog)
	if err != nil {
		t.Fatal(err)
	}
	if r.FailedCount != 8 || len(r.Failed) != 3 || !strings.Contains(r.String(), "8 failed, the first 3") {
		t.Errorf("MaxListed 3 of 8 failures: count %d, listed %d:\n%v", r.FailedCount, len(r.Failed), r)
	}
}

// Inputs can be checked: the gradient by X of the network, compiled with
// CompileWRT.
func TestWRTInputs(t *testing.T) {
	c := netConfig{set: spirals(t), hidden: []int{8}, act: nn.Tanh, m: 32, seed: 2, wrtX: true}
	n := build(t, c)
	r, err := gradcheck.Check(n.prog, gradcheck.WithWRT(n.x))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Passed || len(r.Nodes) != 1 || r.Nodes[0].Name != "X" || r.Checked != 2*32 {
		t.Errorf("check by X: %v", r)
	}
	// With no WRT, every node the program differentiates by: the
	// parameters, then X.
	r, err = gradcheck.Check(n.prog)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, nr := range r.Nodes {
		names = append(names, nr.Name)
	}
	if want := []string{"W1", "b1", "W2", "b2", "X"}; !slices.Equal(names, want) || !r.Passed {
		t.Errorf("nodes checked %v, want %v; passed %v", names, want, r.Passed)
	}
	// Y is an input the program does not differentiate by.
	for _, wrt := range []*gorgonia.Node{n.y, nil} {
		if _, err := gradcheck.Check(n.prog, gradcheck.WithWRT(wrt)); !errors.Is(err, gradcheck.ErrNotDifferentiated) {
			t.Errorf("check by %v: err = %v, want ErrNotDifferentiated", wrt, err)
		}
	}
}

// The values moved are restored bit for bit, in every mode.
func TestRestoresValues(t *testing.T) {
	for _, mode := range []gradcheck.Mode{gradcheck.Full, gradcheck.Fast, gradcheck.Sweep, gradcheck.Course} {
		n := build(t, netConfig{set: spirals(t), hidden: []int{3}, act: nn.Tanh, m: 8, seed: 2, wrtX: true})
		var before [][]float64
		nodes := n.prog.WRT()
		for _, p := range nodes {
			before = append(before, slices.Clone(p.Value().Data().([]float64)))
		}
		if _, err := gradcheck.Check(n.prog, gradcheck.WithMode(mode), gradcheck.WithSensitivity()); err != nil {
			t.Fatal(err)
		}
		for i, p := range nodes {
			if got := p.Value().Data().([]float64); !slices.Equal(got, before[i]) {
				t.Errorf("%v mode: %s after the check %v, before %v", mode, p.Name(), got, before[i])
			}
		}
	}
}

// A check whose context ends stops with the context's error, part way,
// and leaves the values as they were.
func TestCheckContext(t *testing.T) {
	n := build(t, netConfig{set: spirals(t), hidden: []int{16}, act: nn.Tanh, m: 8, seed: 2})
	var before [][]float64
	for _, p := range n.prog.WRT() {
		before = append(before, slices.Clone(p.Value().Data().([]float64)))
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := gradcheck.CheckContext(ctx, n.prog); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled check: %v, want context.Canceled", err)
	}
	for i, p := range n.prog.WRT() {
		if got := p.Value().Data().([]float64); !slices.Equal(got, before[i]) {
			t.Errorf("%s changed by a cancelled check", p.Name())
		}
	}
	var none context.Context // a user's mistake, which staticcheck would flag if written as nil
	if _, err := (gradcheck.Config{}).CheckContext(none, n.prog); err == nil {
		t.Error("a nil context was taken")
	}
}

// A float32 graph is checked in float32 with its own ε and tolerances.
func TestFloat32(t *testing.T) {
	c := netConfig{set: spirals(t), hidden: []int{16, 16}, act: nn.Tanh, init: nn.Xavier, m: 64, seed: 2, dtype: tensor.Float32}
	r, err := gradcheck.Check(build(t, c).prog)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Passed || r.Eps != gradcheck.Float32Eps || r.Atol != gradcheck.Float32Atol || r.Rtol != gradcheck.Float32Rtol ||
		!strings.Contains(r.Method, "float32") {
		t.Errorf("a correct float32 network:\n%v", r)
	}
	c.spoil = spoilLayer(2, 0, 1.1)
	r, err = gradcheck.Check(build(t, c).prog)
	if err != nil {
		t.Fatal(err)
	}
	if r.Passed || r.FailedCount != 1 || r.Failed[0].Node != "W3" {
		t.Errorf("a float32 gradient 10%% wrong in W3[0 0]:\n%v", r)
	}
}

func TestErrors(t *testing.T) {
	g := graph.New()
	x, _ := g.Input("x", 1, 2)
	fwd, err := g.CompileForward(gorgonia.Must(gorgonia.Sum(x)))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*graph.Program{nil, fwd} {
		if _, err := gradcheck.Check(p); !errors.Is(err, gradcheck.ErrNoGradients) {
			t.Errorf("check of %v: err = %v, want ErrNoGradients", p, err)
		}
	}
	n := build(t, netConfig{set: spirals(t), hidden: []int{2}, act: nn.Tanh, m: 4, seed: 2})
	for _, c := range []gradcheck.Config{{Eps: -1}, {Atol: math.NaN()}, {Directions: -2}, {Mode: 9}} {
		var ce *gradcheck.ConfigError
		if _, err := c.Check(n.prog); !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), "gradcheck: ") {
			t.Errorf("config %+v: err = %v, want a ConfigError", c, err)
		}
	}
}

func TestModeText(t *testing.T) {
	for _, m := range []gradcheck.Mode{gradcheck.Full, gradcheck.Fast, gradcheck.Sweep, gradcheck.Course} {
		b, err := m.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back gradcheck.Mode
		if err := back.UnmarshalText(b); err != nil || back != m || m.String() != string(b) {
			t.Errorf("mode %v: text %q reads back as %v (%v)", m, b, back, err)
		}
	}
	var m gradcheck.Mode
	var ce *gradcheck.ConfigError
	if err := m.UnmarshalText([]byte("slow")); !errors.As(err, &ce) || ce.Value != "slow" {
		t.Errorf("mode slow: err = %v", err)
	}
	if _, err := gradcheck.Mode(7).MarshalText(); err == nil || gradcheck.Mode(7).String() != "Mode(7)" {
		t.Errorf("mode 7: err = %v, string %q", err, gradcheck.Mode(7))
	}
}

func fmtG(x float64) string { return fmt.Sprintf("%.3g", x) }

// WithEps sets the step: a Full check at the course's ε takes the same
// quotients as the Course mode, so the same relative difference.
func TestWithEps(t *testing.T) {
	n := build(t, netConfig{set: spirals(t), hidden: []int{8}, act: nn.Tanh, m: 64, seed: 2})
	full, err := gradcheck.Check(n.prog, gradcheck.WithEps(gradcheck.CourseEps))
	must(t, err)
	course, err := gradcheck.Check(n.prog, gradcheck.WithMode(gradcheck.Course))
	must(t, err)
	if full.Eps != gradcheck.CourseEps || full.Difference != course.Difference || course.Threshold != gradcheck.CourseThreshold {
		t.Errorf("full at ε %g: difference %v; course: %v (threshold %g)", full.Eps, full.Difference, course.Difference, course.Threshold)
	}
}

// A step that cannot move a float32 value is an error naming the element.
func TestStepError(t *testing.T) {
	n := build(t, netConfig{set: spirals(t), hidden: []int{2}, act: nn.Tanh, init: nn.Xavier, m: 4, seed: 2, dtype: tensor.Float32})
	_, err := gradcheck.Check(n.prog, gradcheck.WithEps(1e-12))
	var se *gradcheck.StepError
	if !errors.As(err, &se) || se.Node != "W1" || !slices.Equal(se.Index, []int{0, 0}) || !strings.HasPrefix(err.Error(), "gradcheck: ") {
		t.Errorf("ε 1e-12 on float32: err = %v, want a StepError at W1[0 0]", err)
	}
}

// The report is JSON, whole, in every mode: the command line's -json
// carries it.
func TestReportJSON(t *testing.T) {
	n := build(t, netConfig{set: spirals(t), hidden: []int{3}, act: nn.Tanh, m: 8, seed: 2})
	for _, mode := range []gradcheck.Mode{gradcheck.Full, gradcheck.Fast, gradcheck.Sweep, gradcheck.Course} {
		r, err := gradcheck.Check(n.prog, gradcheck.WithMode(mode), gradcheck.WithSensitivity())
		must(t, err)
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("%v mode: %v", mode, err)
		}
		var back gradcheck.Report
		if err := json.Unmarshal(b, &back); err != nil || back.Mode != mode || back.Difference != r.Difference ||
			len(back.Nodes) != len(r.Nodes) || len(back.Sensitivity.Faults) != len(r.Sensitivity.Faults) {
			t.Errorf("%v mode: JSON %s reads back as %+v (%v)", mode, b, back, err)
		}
	}
}
