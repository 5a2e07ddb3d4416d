package optim_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// torchCase is one trajectory of testdata/torch_steps.json, which
// testdata/torch_steps.py writes with PyTorch's optimizers in float64.
type torchCase struct {
	Name   string
	Config struct {
		LR, L2, Clip, Momentum, Beta1, Beta2, Rho, Eps float64
		WeightDecay                                    float64 `json:"weight_decay"`
		Schedule                                       string
	}
	Shapes [][]int
	W0     [][]float64
	Grads  [][][]float64 // by step, then parameter
	Want   [][][]float64 // the parameters after each step
}

func (c torchCase) String() string {
	return fmt.Sprintf("%s %+v", c.Name, c.Config)
}

func (c torchCase) optimizer(t *testing.T) gorgonia.Solver {
	t.Helper()
	sched, err := optim.ParseSchedule(c.Config.Schedule)
	if err != nil {
		t.Fatal(err)
	}
	k := c.Config
	s, err := optim.New(optim.Config{
		Name: c.Name, LearningRate: k.LR, L2: k.L2, Clip: k.Clip, Schedule: sched,
		Momentum: k.Momentum, Beta1: k.Beta1, Beta2: k.Beta2, Rho: k.Rho, Eps: k.Eps, WeightDecay: k.WeightDecay,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func loadTorch(t *testing.T) []torchCase {
	t.Helper()
	b, err := os.ReadFile("testdata/torch_steps.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Cases []torchCase }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) != 3*len(optim.Names()) {
		t.Fatalf("%d cases in the fixture, want 3 for each of %v", len(f.Cases), optim.Names())
	}
	return f.Cases
}

// Every optimizer, with and without clipping, L2 and a schedule, and with
// hyper-parameters other than the defaults, follows PyTorch's trajectory
// over six steps of two parameters, to rounding in float64 and to float32's
// precision in float32.
func TestMatchesPyTorch(t *testing.T) {
	for _, c := range loadTorch(t) {
		for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
			t.Run(fmt.Sprintf("%v/%v", c, dt), func(t *testing.T) {
				tol := 1e-13
				if dt == tensor.Float32 {
					tol = 1e-5
				}
				runTorchCase(t, c, dt, tol)
			})
		}
	}
}

func runTorchCase(t *testing.T, c torchCase, dt tensor.Dtype, tol float64) {
	s := c.optimizer(t)
	model := make([]gorgonia.ValueGrad, len(c.W0))
	ps := make([]vg, len(c.W0))
	for i, w := range c.W0 {
		ps[i] = vg{dense(dt, c.Shapes[i], w), dense(dt, c.Shapes[i], make([]float64, len(w)))}
		model[i] = ps[i]
	}
	for step, grads := range c.Grads {
		for i, g := range grads {
			set(ps[i].g, g)
		}
		if err := s.Step(model); err != nil {
			t.Fatal(err)
		}
		for i, want := range c.Want[step] {
			got := floats(ps[i].w)
			for k := range want {
				if d := math.Abs(got[k] - want[k]); d > tol*math.Max(1, math.Abs(want[k])) {
					t.Fatalf("step %d: w%d[%d] = %.17g, PyTorch %.17g (off by %.3g)", step, i, k, got[k], want[k], d)
				}
			}
		}
	}
}

// dense returns a tensor of dtype dt holding v.
func dense(dt tensor.Dtype, shape []int, v []float64) *tensor.Dense {
	d := tensor.New(tensor.WithShape(shape...), tensor.Of(dt))
	set(d, v)
	return d
}

func set(d *tensor.Dense, v []float64) {
	switch data := d.Data().(type) {
	case []float64:
		copy(data, v)
	case []float32:
		for i, x := range v {
			data[i] = float32(x)
		}
	}
}

func floats(d *tensor.Dense) []float64 {
	switch data := d.Data().(type) {
	case []float64:
		return data
	case []float32:
		out := make([]float64, len(data))
		for i, x := range data {
			out[i] = float64(x)
		}
		return out
	}
	return nil
}
