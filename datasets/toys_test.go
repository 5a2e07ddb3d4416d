package datasets_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/gradlab/gradlab/datasets"
)

// testdata/toys.json comes from testdata/toys.py: scikit-learn's
// make_moons, make_circles, make_blobs and make_gaussian_quantiles.
func TestToysMatchScikitLearn(t *testing.T) {
	var fixture struct {
		Cases []struct {
			Name string
			Seed uint32
			Args struct {
				NSamples   int      `json:"n_samples"`
				Noise      *float64 `json:"noise"`
				Factor     float64
				Centers    int
				ClusterStd float64 `json:"cluster_std"`
				Cov        float64
			}
			X [][]float64
			Y []float64
		}
	}
	loadFixture(t, "toys.json", &fixture)
	if len(fixture.Cases) < 8 {
		t.Fatalf("toys.json holds %d cases", len(fixture.Cases))
	}
	for i, c := range fixture.Cases {
		none := 0.0 // noise=None: no noise
		o := datasets.Options{N: c.Args.NSamples, Seed: c.Seed, Factor: c.Args.Factor, Centers: c.Args.Centers, Noise: &none}
		switch {
		case c.Args.Noise != nil:
			o.Noise = c.Args.Noise
		case c.Name == "blobs":
			sd := 1.0 // make_blobs' default deviation
			if c.Args.ClusterStd != 0 {
				sd = c.Args.ClusterStd
			}
			o.Noise = &sd
		case c.Name == "quantiles":
			o.Noise = &c.Args.Cov
		}
		s, err := datasets.Generate(c.Name, o)
		if err != nil {
			t.Fatalf("case %d, %s: %v", i, c.Name, err)
		}
		x, y, m := s.X.Data().([]float64), s.Y.Data().([]float64), s.Examples()
		if m != len(c.Y) || s.Dims() != 2 {
			t.Fatalf("case %d, %s: %d×%d, scikit-learn %d examples", i, c.Name, s.Dims(), m, len(c.Y))
		}
		for k := range m {
			if math.Abs(x[k]-c.X[k][0]) > 1e-12 || math.Abs(x[m+k]-c.X[k][1]) > 1e-12 || y[k] != c.Y[k] {
				t.Errorf("case %d, %s (seed %d): example %d is (%v, %v) → %v, scikit-learn's (%v, %v) → %v",
					i, c.Name, c.Seed, k, x[k], x[m+k], y[k], c.X[k][0], c.X[k][1], c.Y[k])
				break
			}
		}
	}
}

func TestXORAndSpirals(t *testing.T) {
	none := 0.0
	for _, name := range []string{"xor", "spirals"} {
		a, err := datasets.Generate(name, datasets.Options{Seed: 4, Noise: &none})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := datasets.Generate(name, datasets.Options{Seed: 4, Noise: &none})
		c, _ := datasets.Generate(name, datasets.Options{Seed: 5, Noise: &none})
		if a.Examples() != 200 || a.Dims() != 2 {
			t.Errorf("%s: %d×%d, want the default 200 examples of 2 features", name, a.Dims(), a.Examples())
		}
		x, y := a.X.Data().([]float64), a.Y.Data().([]float64)
		if !equal(x, b.X.Data().([]float64)) || equal(x, c.X.Data().([]float64)) {
			t.Errorf("%s: the same seed must give the same set, another seed another", name)
		}
		ones := 0.0
		for k, label := range y {
			x1, x2 := x[k], x[200+k]
			ones += label
			switch name {
			case "xor": // without noise, class 1 is where the signs differ
				if (x1*x2 < 0) != (label == 1) || math.Abs(x1) > 1 || math.Abs(x2) > 1 {
					t.Fatalf("xor: (%v, %v) labelled %v", x1, x2, label)
				}
			case "spirals": // radii from 0.5 to 4.5
				if r := math.Hypot(x1, x2); r < 0.5-1e-12 || r > 4.5+1e-12 {
					t.Fatalf("spirals: radius %v", r)
				}
			}
		}
		if name == "spirals" && ones != 100 {
			t.Errorf("spirals: %v of 200 in class 1, want half", ones)
		}
	}
}

func TestGenerateErrors(t *testing.T) {
	nan, zero := math.NaN(), 0.0
	for _, c := range []struct {
		name string
		o    datasets.Options
	}{
		{"mnist", datasets.Options{}},
		{"moons", datasets.Options{N: 1}},
		{"moons", datasets.Options{N: -5}},
		{"xor", datasets.Options{Noise: &nan}},
		{"circles", datasets.Options{Factor: 1.5}},
		{"blobs", datasets.Options{N: 10, Centers: 20}},
		{"quantiles", datasets.Options{Noise: &zero}},
		{"planar", datasets.Options{N: 401}},
	} {
		if _, err := datasets.Generate(c.name, c.o); err == nil {
			t.Errorf("Generate(%q, %+v) succeeded", c.name, c.o)
		}
	}
	want := "[blobs breast-cancer circles moons planar quantiles spirals xor]"
	if got := fmt.Sprint(datasets.Names()); got != want {
		t.Errorf("Names() = %s, want %s", got, want)
	}
}

// Each generator function is what Generate gives for its name.
func TestGeneratorsAreGenerate(t *testing.T) {
	o := datasets.Options{N: 30, Seed: 2}
	for name, gen := range map[string]func(datasets.Options) (*datasets.Set, error){
		"moons": datasets.Moons, "circles": datasets.Circles, "blobs": datasets.Blobs,
		"quantiles": datasets.Quantiles, "xor": datasets.XOR, "spirals": datasets.Spirals,
	} {
		a, err := gen(o)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := datasets.Generate(name, o)
		if a.Name != name || !equal(a.X.Data().([]float64), b.X.Data().([]float64)) || !equal(a.Y.Data().([]float64), b.Y.Data().([]float64)) {
			t.Errorf("%s differs from Generate(%q)", name, name)
		}
	}
}

// The convention of Options, which the command line follows: Noise nil is
// the data set's default and a value, 0 included, is used as given; Seed
// is used as given, so that the zero Options draw with seed 0 and the
// notebook's planar data are Options{Seed: 1}; an option the data set does
// not take is an error.
func TestOptionsConvention(t *testing.T) {
	gen := func(name string, o datasets.Options) *datasets.Set {
		t.Helper()
		s, err := datasets.Generate(name, o)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return s
	}
	same := func(a, b *datasets.Set) bool {
		return equal(a.X.Data().([]float64), b.X.Data().([]float64)) && equal(a.Y.Data().([]float64), b.Y.Data().([]float64))
	}
	for name, def := range map[string]float64{"moons": 0.2, "circles": 0.3, "blobs": 1, "quantiles": 0.5, "xor": 0.1, "spirals": 0.2} {
		if !same(gen(name, datasets.Options{Seed: 3}), gen(name, datasets.Options{Seed: 3, Noise: &def})) {
			t.Errorf("%s: Noise nil is not the default %v", name, def)
		}
	}
	zero := 0.0
	clean := gen("moons", datasets.Options{Seed: 3, Noise: &zero})
	x, y, m := clean.X.Data().([]float64), clean.Y.Data().([]float64), clean.Examples()
	for k := range m {
		cx, cy := 0.0, 0.0 // make_moons' outer half circle, and then its inner one
		if y[k] == 1 {
			cx, cy = 1, 0.5
		}
		if r := math.Hypot(x[k]-cx, x[k+m]-cy); math.Abs(r-1) > 1e-12 {
			t.Fatalf("moons with Noise 0: example %d is %v off its half circle", k, r-1)
		}
	}

	planar := func(m int, seed uint32) *datasets.Set {
		s, err := datasets.Planar(m, seed)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// Planar(400, 1) is the notebook's data: TestPlanarMatchesNotebook.
	if !same(gen("planar", datasets.Options{}), planar(400, 0)) || !same(gen("planar", datasets.Options{Seed: 1}), planar(400, 1)) {
		t.Error("the planar set's Seed is not used as given")
	}
	if same(gen("moons", datasets.Options{}), gen("moons", datasets.Options{Seed: 1})) {
		t.Error("moons: the zero Seed is seed 1")
	}

	for _, c := range []struct {
		name, option string
		o            datasets.Options
	}{
		{"planar", "Noise", datasets.Options{Noise: &zero}},
		{"moons", "Factor", datasets.Options{Factor: 0.5}},
		{"xor", "Centers", datasets.Options{Centers: 2}},
		{"breast-cancer", "N", datasets.Options{N: 100}},
		{"breast-cancer", "Noise", datasets.Options{Noise: &zero}},
	} {
		_, err := datasets.Generate(c.name, c.o)
		var oe *datasets.OptionError
		if !errors.As(err, &oe) || oe.Option != c.option {
			t.Errorf("%s with %s: %v, want an OptionError of %s", c.name, c.option, err, c.option)
		}
	}
}
