package nn_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/graph/gradtest"
	"github.com/gradlab/gradlab/internal/longtest"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// data feeds X (nx, m) of normal draws and labels Y (1, m) from src.
func data(t *testing.T, g *graph.Graph, nx, m int, src *rand.Rand) (x, y *gorgonia.Node) {
	t.Helper()
	x, _ = g.Input("X", nx, m)
	y, _ = g.Input("Y", 1, m)
	xs, ys := make([]float64, nx*m), make([]float64, m)
	for i := range xs {
		xs[i] = src.NormFloat64()
	}
	for i := range ys {
		ys[i] = float64(src.IntN(2))
	}
	if err := g.Feed(x, tensor.New(tensor.WithShape(nx, m), tensor.WithBacking(xs))); err != nil {
		t.Fatal(err)
	}
	if err := g.Feed(y, tensor.New(tensor.WithShape(1, m), tensor.WithBacking(ys))); err != nil {
		t.Fatal(err)
	}
	return x, y
}

// TestGradientChecks checks autodiff against central differences for every
// activation in a Dense layer, the exercise's network and a deeper MLP,
// under each loss.
func TestGradientChecks(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  nn.Config
	}{
		{"dense sigmoid", nn.Config{Inputs: 3}},
		{"tanh", nn.Config{Inputs: 3, Hidden: []int{4}, Activation: nn.Tanh}},
		{"sigmoid", nn.Config{Inputs: 3, Hidden: []int{4}, Activation: nn.Sigmoid}},
		{"relu", nn.Config{Inputs: 3, Hidden: []int{4}, Activation: nn.ReLU}},
		{"leakyrelu", nn.Config{Inputs: 3, Hidden: []int{4}, Activation: nn.LeakyReLU}},
		{"three layers", nn.Config{Inputs: 2, Hidden: []int{5, 3}, Activation: nn.Tanh}},
	} {
		for _, lossName := range losses.Names() {
			t.Run(tc.name+"/"+lossName, func(t *testing.T) {
				src := rand.New(rand.NewPCG(11, 5))
				g := graph.New()
				cfg := tc.cfg
				cfg.Init = nn.Xavier
				net, err := nn.NewMLP(g, cfg, src)
				if err != nil {
					t.Fatal(err)
				}
				x, y := data(t, g, cfg.Inputs, 12, src)
				out, err := net.Forward(x)
				if err != nil {
					t.Fatal(err)
				}
				loss, _ := losses.ByName(lossName)
				cost, err := loss.Cost(out.Z, out.A, y)
				if err != nil {
					t.Fatal(err)
				}
				p, err := g.Compile(cost)
				if err != nil {
					t.Fatal(err)
				}
				gradtest.Check(t, p)
			})
		}
	}
}

// TestTwoLayerForward checks Z2 and A2 of the exercise's network against
// the network written out by hand with math.
func TestTwoLayerForward(t *testing.T) {
	src := rand.New(rand.NewPCG(3, 3))
	g := graph.New()
	net, err := nn.NewTwoLayer(g, 2, 4, 1, src)
	if err != nil {
		t.Fatal(err)
	}
	x, _ := data(t, g, 2, 5, src)
	out, err := net.Forward(x)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Hidden) != 1 || !out.Hidden[0].Shape().Eq(tensor.Shape{4, 5}) || !out.A.Shape().Eq(tensor.Shape{1, 5}) {
		t.Fatalf("shapes: A1 %v, A2 %v", out.Hidden[0].Shape(), out.A.Shape())
	}
	p, err := g.CompileForward(out.Z, out.A)
	if err != nil {
		t.Fatal(err)
	}
	// Biases start at 0; make them count.
	b1 := net.Layers[0].B.Value().Data().([]float64)
	for i := range b1 {
		b1[i] = 0.1 * float64(i+1)
	}
	net.Layers[1].B.Value().Data().([]float64)[0] = -0.3
	if err := p.Run(); err != nil {
		t.Fatal(err)
	}
	zv, _ := p.Value(out.Z)
	av, _ := p.Value(out.A)
	w1 := net.Layers[0].W.Value().Data().([]float64)
	w2 := net.Layers[1].W.Value().Data().([]float64)
	xs := x.Value().Data().([]float64)
	for j := 0; j < 5; j++ {
		z2 := -0.3
		for h := 0; h < 4; h++ {
			z1 := w1[2*h]*xs[j] + w1[2*h+1]*xs[5+j] + b1[h]
			z2 += w2[h] * math.Tanh(z1)
		}
		if got := zv.Data().([]float64)[j]; math.Abs(got-z2) > 1e-15 {
			t.Errorf("Z2[%d] = %v, want %v", j, got, z2)
		}
		if got := av.Data().([]float64)[j]; math.Abs(got-1/(1+math.Exp(-z2))) > 1e-15 {
			t.Errorf("A2[%d] = %v, want sigmoid(%v)", j, got, z2)
		}
	}
}

// TestInitDraws checks that weights are the source's draws, in numpy's
// row-major order, times each initializer's scale.
func TestInitDraws(t *testing.T) {
	for _, tc := range []struct {
		init  nn.Init
		scale float64
	}{
		{nn.Small, 0.01},
		{nn.Xavier, math.Sqrt(2.0 / (3 + 4))},
		{nn.He, math.Sqrt(2.0 / 3)},
	} {
		got, err := tc.init.Draw(rand.New(rand.NewPCG(1, 2)), 4, 3)
		if err != nil {
			t.Fatal(err)
		}
		ref := rand.New(rand.NewPCG(1, 2))
		for i, v := range got {
			if want := ref.NormFloat64() * tc.scale; v != want {
				t.Errorf("%s: weight %d = %v, want %v", tc.init.Name, i, v, want)
			}
		}
		byName, err := nn.InitByName(tc.init.Name)
		if err != nil || byName.Name != tc.init.Name {
			t.Errorf("InitByName(%q) = %v, %v", tc.init.Name, byName.Name, err)
		}
	}
	if _, err := nn.InitByName("zeros"); err == nil || !strings.Contains(err.Error(), "xavier") {
		t.Errorf("InitByName(zeros): err = %v", err)
	}
}

func TestActivationByName(t *testing.T) {
	for _, name := range []string{"sigmoid", "tanh", "relu", "leakyrelu"} {
		a, err := nn.ActivationByName(name)
		if err != nil || a.Name != name {
			t.Errorf("ActivationByName(%q) = %v, %v", name, a.Name, err)
		}
	}
	if _, err := nn.ActivationByName("softmax"); err == nil || !strings.Contains(err.Error(), "tanh") {
		t.Errorf("ActivationByName(softmax): err = %v", err)
	}
	g := graph.New()
	x, _ := g.Input("x", 2)
	if _, err := (nn.Activation{}).Apply(x); err == nil {
		t.Error("the zero Activation applied")
	}
}

func TestErrors(t *testing.T) {
	src := rand.New(rand.NewPCG(1, 1))
	g := graph.New()
	if _, err := nn.NewMLP(g, nn.Config{Inputs: 2, Hidden: []int{0}}, src); err == nil || !strings.Contains(err.Error(), "[2 0 1]") {
		t.Errorf("hidden size 0: err = %v", err)
	}
	if _, err := nn.NewDense(g, "x", 2, 3, nn.Tanh, nn.Small, nil); err == nil {
		t.Error("NewDense without a source: no error")
	}
	net, err := nn.NewTwoLayer(g, 2, 4, 1, src)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := g.Input("rows", 5, 2) // examples as rows: the wrong convention
	if _, err := net.Forward(rows); !errors.Is(err, graph.ErrShape) || !strings.Contains(err.Error(), "(5, 2)") {
		t.Errorf("Forward of (5,2) into 2 inputs: err = %v", err)
	}
	if _, err := nn.NewTwoLayer(g, 2, 4, 1, src); err == nil {
		t.Error("a second network on one graph reused the names W1, b1…")
	}
}

func TestParamsAndSizes(t *testing.T) {
	g := graph.New()
	net, err := nn.NewMLP(g, nn.Config{Inputs: 3, Hidden: []int{8, 4}}, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range net.Params() {
		names = append(names, fmt.Sprintf("%s%v", p.Name(), p.Shape()))
	}
	want := "W1(8, 3) b1(8, 1) W2(4, 8) b2(4, 1) W3(1, 4) b3(1, 1)"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("Params() = %s, want %s", got, want)
	}
	if got := net.Sizes(); len(got) != 4 || got[0] != 3 || got[1] != 8 || got[2] != 4 || got[3] != 1 {
		t.Errorf("Sizes() = %v", got)
	}
}

func TestDrawErrors(t *testing.T) {
	src := rand.New(rand.NewPCG(1, 2))
	for name, draw := range map[string]func() ([]float64, error){
		"zero Init":  func() ([]float64, error) { return nn.Init{}.Draw(src, 2, 2) },
		"nil source": func() ([]float64, error) { return nn.Small.Draw(nil, 2, 2) },
		"no rows":    func() ([]float64, error) { return nn.Small.Draw(src, 0, 2) },
		"too many":   func() ([]float64, error) { return nn.Small.Draw(src, 1<<20, 1<<20) },
	} {
		if _, err := draw(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// On declares a network's parameters on another graph bound to the same
// values: an update through one graph is seen by the other.
func TestOnSharesWeights(t *testing.T) {
	g := graph.New()
	net, err := nn.NewTwoLayer(g, 2, 3, 1, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	other := graph.New()
	shared, err := net.On(other)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(shared.Sizes()) != fmt.Sprint(net.Sizes()) || shared.Params()[0].Graph() != other.Expr() {
		t.Fatalf("On gave sizes %v on graph %p", shared.Sizes(), shared.Params()[0].Graph())
	}
	net.Params()[0].Value().Data().([]float64)[0] = 42
	if v := shared.Params()[0].Value().Data().([]float64)[0]; v != 42 {
		t.Errorf("W1[0] on the other graph is %v after setting 42", v)
	}
	if _, err := net.On(other); err == nil {
		t.Error("declaring the parameters twice on one graph succeeded")
	}
}

func TestNames(t *testing.T) {
	for _, c := range []struct {
		got, want []string
	}{
		{nn.ActivationNames(), []string{"leakyrelu", "relu", "sigmoid", "tanh"}},
		{nn.InitNames(), []string{"he", "small", "xavier"}},
	} {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("names %v, want %v", c.got, c.want)
		}
	}
	for _, name := range nn.ActivationNames() {
		if a, err := nn.ActivationByName(name); err != nil || a.Name != name {
			t.Errorf("ActivationByName(%q) = %v, %v", name, a.Name, err)
		}
	}
	for _, name := range nn.InitNames() {
		if i, err := nn.InitByName(name); err != nil || i.Name != name {
			t.Errorf("InitByName(%q) = %v, %v", name, i.Name, err)
		}
	}
}

// A pass is the network over a number of examples on a graph of its own,
// sharing the network's weights.
func TestNewPass(t *testing.T) {
	net, err := nn.NewMLP(graph.New(), nn.Config{Inputs: 3, Hidden: []int{5, 2}}, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	p, err := net.NewPass(7)
	if err != nil {
		t.Fatal(err)
	}
	if p.X.Graph() != p.Graph.Expr() || p.A.Graph() != p.Graph.Expr() || p.Net.Params()[0].Graph() != p.Graph.Expr() {
		t.Fatal("the pass's nodes are not all on its graph")
	}
	if s := fmt.Sprint(p.X.Shape(), p.Hidden[0].Shape(), p.Hidden[1].Shape(), p.Z.Shape(), p.A.Shape()); s != "(3, 7) (5, 7) (2, 7) (1, 7) (1, 7)" {
		t.Errorf("shapes X, A1, A2, Z, A = %s", s)
	}
	net.Params()[0].Value().Data().([]float64)[0] = 42
	if v := p.Net.Params()[0].Value().Data().([]float64)[0]; v != 42 {
		t.Errorf("W1[0] in the pass is %v after setting 42 on the network", v)
	}
	for _, bad := range []int{0, -1} {
		if _, err := net.NewPass(bad); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%d examples", bad)) {
			t.Errorf("NewPass(%d): err = %v", bad, err)
		}
	}
	if _, err := (&nn.MLP{}).NewPass(3); err == nil {
		t.Error("a pass of a network without layers")
	}
}

// deep returns a network of the given number of hidden layers of size 1,
// its weights all 0.
func deep(t testing.TB, layers int) *nn.MLP {
	t.Helper()
	hidden := make([]int, layers)
	for i := range hidden {
		hidden[i] = 1
	}
	net, err := nn.NewMLP(graph.New(), nn.Config{Inputs: 1, Hidden: hidden}, zeroSource{})
	if err != nil {
		t.Fatal(err)
	}
	return net
}

type zeroSource struct{}

func (zeroSource) NormFloat64() float64 { return 0 }

// TestDeepPass builds and runs a pass of 10,000 layers, which took 43 s
// when every gorgonia node was found by a scan of the graph (see
// internal/nodeindex); BenchmarkDeepPass measures it. With zero weights
// every hidden activation is tanh(0) = 0 and the output σ(0) = 1/2. The
// default run builds 1,000 layers; GRADLAB_LONG=1 (CI) all 10,000.
func TestDeepPass(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 layers")
	}
	layers := longtest.Size(1000, nn.MaxLayers)
	pass, err := deep(t, layers).NewPass(2)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := pass.Graph.CompileForward(pass.A)
	if err != nil {
		t.Fatal(err)
	}
	if err := pass.Graph.Feed(pass.X, tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{3, -4}))); err != nil {
		t.Fatal(err)
	}
	if err := prog.Run(); err != nil {
		t.Fatal(err)
	}
	a, err := prog.Value(pass.A)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Data().([]float64); got[0] != 0.5 || got[1] != 0.5 {
		t.Errorf("A = %v, want [0.5 0.5]", got)
	}
}

// BenchmarkDeepPass builds the pass of networks of growing depth: the time
// per layer must stay the same.
func BenchmarkDeepPass(b *testing.B) {
	for _, layers := range []int{1000, 10000} {
		b.Run(strconv.Itoa(layers), func(b *testing.B) {
			net := deep(b, layers)
			for b.Loop() {
				if _, err := net.NewPass(2); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*layers), "ns/layer")
		})
	}
}
