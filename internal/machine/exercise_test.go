package machine_test

import (
	"math/rand/v2"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/machine"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestExerciseKernels checks that the exercise's training program, the
// 2-layer tanh/sigmoid network with either BCE form, forward and backward,
// runs every gorgonia op on a kernel of the machine: only gradlab's own ops
// (internal/ops) take the generic kernel. A probe of probe.go that stops
// matching makes its ops fall back to the generic kernel, and this test
// fail.
func TestExerciseKernels(t *testing.T) {
	for _, c := range []struct {
		name string
		loss func(a, y *gorgonia.Node) (*gorgonia.Node, error)
		want []string // kernels the program must use
	}{
		{"mulsum", losses.BCEMulSum, []string{"matmul", "repeat", "binary", "unary", "sum"}},
		{"dot", losses.BCEDot, []string{"matmul", "repeat", "binary", "unary", "transpose"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := exerciseMachine(t, c.loss)
			for _, op := range machine.GenericOps(m) {
				if machine.IsOwnOp(op) {
					t.Errorf("gorgonia's op %v (%T) runs on the generic kernel", op, op)
				}
			}
			counts := machine.KernelCounts(m)
			t.Logf("instructions by kernel: %v; on the generic kernel: %v", counts, machine.GenericOps(m))
			for _, k := range c.want {
				if counts[k] == 0 {
					t.Errorf("no instruction runs on the %s kernel; kernels: %v", k, counts)
				}
			}
			if err := m.Run(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// exerciseMachine builds the exercise's network (n_x = 2, n_h = 4, m = 400)
// with loss and the gradients of every parameter, as graph.Compile does,
// and returns the machine for them.
func exerciseMachine(t *testing.T, loss func(a, y *gorgonia.Node) (*gorgonia.Node, error)) *machine.Machine {
	t.Helper()
	g, outs := exerciseGraph(t, graph.New(), loss)
	m, err := machine.New(g, outs)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// exerciseGraph builds the exercise's network on gr and returns its graph
// and the outputs that graph.Compile computes: the gradients and the cost.
func exerciseGraph(t *testing.T, gr *graph.Graph, loss func(a, y *gorgonia.Node) (*gorgonia.Node, error)) (*gorgonia.ExprGraph, []*gorgonia.Node) {
	t.Helper()
	return passGraph(t, gr, loss, 400)
}

// passGraph is exerciseGraph for m examples.
func passGraph(t *testing.T, gr *graph.Graph, loss func(a, y *gorgonia.Node) (*gorgonia.Node, error), m int) (*gorgonia.ExprGraph, []*gorgonia.Node) {
	t.Helper()
	src := rand.New(rand.NewPCG(1, 2))
	net, err := nn.NewTwoLayer(gr, 2, 4, 1, src)
	if err != nil {
		t.Fatal(err)
	}
	p, err := net.NewPass(m)
	if err != nil {
		t.Fatal(err)
	}
	g := p.Graph
	y, err := g.Input("Y", 1, m)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []*gorgonia.Node{p.X, y} {
		if err := g.Feed(in, rowsOf(in.Shape()[0], in.Shape()[1], g.Dtype(), src)); err != nil {
			t.Fatal(err)
		}
	}
	cost, err := loss(p.A, y)
	if err != nil {
		t.Fatal(err)
	}
	if cost.Shape().TotalSize() == 1 && !cost.IsScalar() {
		if cost, err = graph.AsScalar(cost); err != nil {
			t.Fatal(err)
		}
	}
	one := gorgonia.Value(gorgonia.NewF64(1))
	if g.Dtype() == tensor.Float32 {
		one = gorgonia.NewF32(1)
	}
	seed := gorgonia.NewScalar(g.Expr(), g.Dtype(), gorgonia.WithName("seed"), gorgonia.WithValue(one))
	grads, err := gorgonia.Backpropagate(gorgonia.Nodes{cost}, gorgonia.Nodes{seed}, p.Net.Params())
	if err != nil {
		t.Fatal(err)
	}
	return g.Expr(), append(grads, cost)
}

// rowsOf returns an (r, c) tensor of dtype dt of normal numbers from src.
func rowsOf(r, c int, dt tensor.Dtype, src *rand.Rand) *tensor.Dense {
	if dt == tensor.Float32 {
		d := make([]float32, r*c)
		for i := range d {
			d[i] = float32(src.NormFloat64())
		}
		return tensor.New(tensor.WithShape(r, c), tensor.WithBacking(d))
	}
	d := make([]float64, r*c)
	for i := range d {
		d[i] = src.NormFloat64()
	}
	return tensor.New(tensor.WithShape(r, c), tensor.WithBacking(d))
}

// TestExerciseFloat32 checks that the exercise's program in float32 runs
// every gorgonia op on a kernel of the machine, computes what gorgonia's
// TapeMachine computes bit for bit, and logs what a run allocates: only
// gradlab's own ops of internal/ops (the sigmoid and its gradient) take
// the generic kernel, and allocate there.
func TestExerciseFloat32(t *testing.T) {
	for _, c := range []struct {
		name string
		loss func(a, y *gorgonia.Node) (*gorgonia.Node, error)
	}{{"mulsum", losses.BCEMulSum}, {"dot", losses.BCEDot}} {
		t.Run(c.name, func(t *testing.T) {
			gr, err := graph.NewOf(tensor.Float32)
			if err != nil {
				t.Fatal(err)
			}
			g, outs := exerciseGraph(t, gr, c.loss)
			machine.SameAsTape(t, g, outs...)
			m, err := machine.New(g, outs)
			if err != nil {
				t.Fatal(err)
			}
			generic := machine.GenericOps(m)
			for _, op := range generic {
				if machine.IsOwnOp(op) {
					t.Errorf("gorgonia's %v runs on the generic kernel in float32", op)
				}
			}
			if err := m.Run(); err != nil {
				t.Fatal(err)
			}
			allocs := testing.AllocsPerRun(20, func() {
				if err := m.Run(); err != nil {
					t.Fatal(err)
				}
			})
			t.Logf("kernels %v; generic %v; %.0f allocations a run", machine.KernelCounts(m), generic, allocs)
			if len(generic) == 0 && allocs > 0 {
				t.Errorf("%.0f allocations a run with every op on a kernel of the machine", allocs)
			}
		})
	}
}

// BenchmarkExerciseRun times one run of the exercise's program (forward,
// cost and gradients, m = 400, n_h = 4) in each dtype.
func BenchmarkExerciseRun(b *testing.B) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		b.Run(dt.String(), func(b *testing.B) {
			t := &testing.T{}
			gr, err := graph.NewOf(dt)
			if err != nil {
				b.Fatal(err)
			}
			g, outs := exerciseGraph(t, gr, losses.BCEMulSum)
			m, err := machine.New(g, outs)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := m.Run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
