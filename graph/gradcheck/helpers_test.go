package gradcheck_test

import (
	"sync"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/graph/gradcheck"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// net is a network of the nn package on the first m examples of a data
// set, with the loss named, compiled for its gradients.
type net struct {
	prog *graph.Program
	g    *graph.Graph
	x, y *gorgonia.Node
	mlp  *nn.MLP
}

// netConfig says what network to build.
type netConfig struct {
	set    *datasets.Set
	hidden []int
	act    nn.Activation
	init   nn.Init
	loss   string
	m      int    // examples used; 0 means all
	seed   uint32 // of the weights, numpy's
	dtype  tensor.Dtype
	wrtX   bool          // differentiate by X too
	spoil  func(*nn.MLP) // plants a fault before the forward pass
}

func build(tb testing.TB, c netConfig) *net {
	tb.Helper()
	if c.dtype == (tensor.Dtype{}) {
		c.dtype = tensor.Float64
	}
	g, err := graph.NewOf(c.dtype)
	must(tb, err)
	nx, m := c.set.X.Shape()[0], c.set.X.Shape()[1]
	if c.m > 0 && c.m < m {
		m = c.m
	}
	mlp, err := nn.NewMLP(g, nn.Config{Inputs: nx, Hidden: c.hidden, Activation: c.act, Init: c.init}, nprand.New(c.seed))
	must(tb, err)
	x, err := g.Input("X", nx, m)
	must(tb, err)
	y, err := g.Input("Y", 1, m)
	must(tb, err)
	must(tb, g.Feed(x, columns(c.set.X, m, c.dtype)))
	must(tb, g.Feed(y, columns(c.set.Y, m, c.dtype)))
	if c.spoil != nil {
		c.spoil(mlp)
	}
	out, err := mlp.Forward(x)
	must(tb, err)
	name := c.loss
	if name == "" {
		name = "mulsum"
	}
	loss, err := losses.ByName(name)
	must(tb, err)
	cost, err := loss.Cost(out.Z, out.A, y)
	must(tb, err)
	var extra []*gorgonia.Node
	if c.wrtX {
		extra = append(extra, x)
	}
	p, err := g.CompileWRT(cost, extra)
	must(tb, err)
	return &net{prog: p, g: g, x: x, y: y, mlp: mlp}
}

// columns returns the first m columns of a as a dense tensor of dtype dt.
func columns(a *tensor.Dense, m int, dt tensor.Dtype) *tensor.Dense {
	r, c := a.Shape()[0], a.Shape()[1]
	src := a.Data().([]float64)
	if dt == tensor.Float32 {
		out := make([]float32, r*m)
		for i := 0; i < r; i++ {
			for j := 0; j < m; j++ {
				out[i*m+j] = float32(src[i*c+j])
			}
		}
		return tensor.New(tensor.WithShape(r, m), tensor.WithBacking(out))
	}
	out := make([]float64, r*m)
	for i := 0; i < r; i++ {
		copy(out[i*m:(i+1)*m], src[i*c:i*c+m])
	}
	return tensor.New(tensor.WithShape(r, m), tensor.WithBacking(out))
}

func spirals(tb testing.TB) *datasets.Set {
	s, err := datasets.Generate("spirals", datasets.Options{Seed: 1})
	must(tb, err)
	return s
}

func breastCancer(tb testing.TB) *datasets.Set {
	s, err := datasets.BreastCancer()
	must(tb, err)
	z, err := datasets.FitStandardizer(s.X)
	must(tb, err)
	s.X, err = z.Apply(s.X)
	must(tb, err)
	return s
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// spoilLayer makes the gradient of layer l's weight wrong in element at,
// multiplied by factor.
func spoilLayer(l, at int, factor float64) func(*nn.MLP) {
	return func(m *nn.MLP) { m.Layers[l].W = skewed(m.Layers[l].W, at, factor, 0) }
}

// checked memoizes the checks several tests read, the costly ones of
// issue 16's spirals network: key names the network and the options, and
// the first test to ask runs the check. Its report must not be changed.
func checked(tb testing.TB, key string, c netConfig, opts ...gradcheck.Option) *gradcheck.Report {
	tb.Helper()
	v, _ := checks.LoadOrStore(key, new(memo))
	m := v.(*memo)
	m.once.Do(func() {
		m.r, m.err = gradcheck.Check(build(tb, c).prog, opts...)
	})
	if m.err != nil {
		tb.Fatal(m.err)
	}
	if m.r == nil {
		tb.Fatalf("%s: the test that ran the check failed before it finished", key)
	}
	return m.r
}

var checks sync.Map // key → *memo

type memo struct {
	once sync.Once
	r    *gradcheck.Report
	err  error
}

// spirals64 is issue 16's spirals network: tanh, 64,64, the first 64
// examples, weights of seed 2.
func spirals64(tb testing.TB) netConfig {
	return netConfig{set: spirals(tb), hidden: []int{64, 64}, act: nn.Tanh, m: 64, seed: 2}
}

// Keys of checked: a network's name and one of these suffixes, the
// defaults or course mode with the sensitivity report.
const (
	keyFull   = ", defaults"
	keyCourse = ", course mode, sensitivity"

	spirals64Full   = "spirals tanh 64,64" + keyFull
	spirals64Course = "spirals tanh 64,64" + keyCourse
)
