package nodeindex

import (
	"testing"
	"unsafe"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// byID returns g's id cache, read through the probe.
func byID(g *gorgonia.ExprGraph) map[int64]int {
	return *(*map[int64]int)(unsafe.Add(unsafe.Pointer(g), fields.byID))
}

func TestSupported(t *testing.T) {
	if !Supported() {
		t.Fatal("the fields all, byID and counter of gorgonia.ExprGraph are not as nodeindex expects: graphs build in quadratic time again")
	}
}

// chain adds n tanh nodes after x, each of the one before.
func chain(t *testing.T, x *gorgonia.Node, n int) *gorgonia.Node {
	t.Helper()
	for range n {
		var err error
		if x, err = gorgonia.Tanh(x); err != nil {
			t.Fatal(err)
		}
	}
	return x
}

// checkIndex fails unless every node of g is found by its id, and the
// cache holds nothing else.
func checkIndex(t *testing.T, g *gorgonia.ExprGraph) {
	t.Helper()
	for i, n := range g.AllNodes() {
		if got := g.Node(n.ID()); got != n {
			t.Errorf("node %d (%s, id %d) is found as %v", i, n.Name(), n.ID(), got)
		}
	}
	if len(byID(g)) != len(g.AllNodes()) {
		t.Errorf("the cache has %d entries for %d nodes", len(byID(g)), len(g.AllNodes()))
	}
}

func TestAhead(t *testing.T) {
	for _, tc := range []struct {
		name         string
		window, adds int
		remove       bool
	}{
		{"window fits", 8, 5, false},
		{"window too small", 2, 5, false},
		{"window exact", 5, 5, false},
		{"node removed in the window", 8, 5, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := gorgonia.NewGraph()
			x := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(2, 2), gorgonia.WithName("x"))
			lonely := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(2, 2), gorgonia.WithName("lonely"))
			x = chain(t, x, 3)
			checkIndex(t, g) // gorgonia's own lookups have cached every node
			id := g.AllNodes()[len(g.AllNodes())-1].ID() + 1
			done := Ahead(g, tc.window)
			if pos, ok := byID(g)[id]; !ok || pos != len(g.AllNodes()) {
				t.Errorf("before the ops, the next id %d is at %d, %v; want position %d", id, pos, ok, len(g.AllNodes()))
			}
			if tc.remove {
				g.RemoveNode(lonely)
			}
			chain(t, x, tc.adds)
			done()
			checkIndex(t, g)
		})
	}
}

func TestAheadNoOp(t *testing.T) {
	Ahead(nil, 3)()
	g := gorgonia.NewGraph()
	Ahead(g, 0)()
	Ahead(g, -1)()
	if len(byID(g)) != 0 {
		t.Errorf("an empty window left %d entries", len(byID(g)))
	}
}

// BenchmarkChain builds chains of tanh nodes: the time per node must not
// grow with the length.
func BenchmarkChain(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(map[int]string{1000: "1k", 10000: "10k"}[n], func(b *testing.B) {
			for b.Loop() {
				g := gorgonia.NewGraph()
				x := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(2, 2), gorgonia.WithName("x"))
				for range n {
					done := Ahead(g, 1)
					x = gorgonia.Must(gorgonia.Tanh(x))
					done()
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/node")
		})
	}
}
