package datasets

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
)

// Options set a generator's size, noise and seed, as scikit-learn's
// n_samples, noise and random_state do. A zero N, Centers or Factor, which
// no data set could use, means the generator's default; Noise, where 0 is
// meaningful, is a pointer: nil means the default, and a value, 0 included,
// is used as given. The defaults are the exercise's choices where it makes
// one: its "other data sets" cell draws 200 points of noisy circles
// (factor 0.5, noise 0.3), noisy moons (noise 0.2), blobs of 6 centres and
// Gaussian quantiles (variance 0.5).
//
// Seed is numpy's seed, used as given: the zero value draws as
// np.random.seed(0) does. There is no default to stand in for it, so the
// same Options give the same data everywhere; the notebook's planar data
// are Options{Seed: 1}, which is why the command line's -data-seed is 1
// unless set.
//
// An option a data set does not take (Noise for planar, Factor but for
// circles, Centers but for blobs, any but Seed for breast-cancer, which
// ignores it) is an *OptionError, as is a value out of range.
type Options struct {
	N     int      // examples; default 200 (400 for planar), at most 2²⁶
	Noise *float64 // the noise's deviation (quantiles: the variance), ≥ 0; nil: the default
	Seed  uint32   // numpy's seed, as given

	Centers int     // blobs: number of centres, labelled by centre mod 2; default 6
	Factor  float64 // circles: inner radius over outer; default 0.5
}

// maxExamples bounds a generated set's size: 2²⁶ examples of two
// features are 1 GiB of values.
const maxExamples = 1 << 26

func (o Options) n(def int) int { return cmp0(o.N, def) }

func cmp0[T int | float64](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// noise returns the noise level: def when unset.
func (o Options) noise(def float64) float64 {
	if o.Noise == nil {
		return def
	}
	return *o.Noise
}

// check returns an error for an option out of range, or for one that is
// set but that data set name does not take: it takes the options named in
// takes, and N when min, its fewest examples, is above 0.
func (o Options) check(name string, min int, takes ...string) error {
	bad := func(option string, v any, want string) error {
		return &OptionError{Func: name, Option: option, Value: v, Want: want}
	}
	for _, opt := range []struct {
		name string
		set  bool
	}{{"N", o.N != 0 && min == 0}, {"Noise", o.Noise != nil}, {"Centers", o.Centers != 0}, {"Factor", o.Factor != 0}} {
		if opt.set && !slices.Contains(takes, opt.name) {
			return bad(opt.name, o.option(opt.name), "unset: "+name+" does not take it")
		}
	}
	if n := o.n(min); min > 0 && (n < min || n > maxExamples) {
		return fmt.Errorf("datasets: %s of %d examples: want %d to 2^26: %w", name, n, min, graph.ErrShape)
	}
	switch {
	case o.Noise != nil && !(*o.Noise >= 0 && !math.IsInf(*o.Noise, 0)):
		return bad("Noise", *o.Noise, "a finite number ≥ 0, or nil for the default")
	case math.IsNaN(o.Factor) || math.IsInf(o.Factor, 0):
		return bad("Factor", o.Factor, "a number in (0, 1)")
	case o.Centers < 0:
		return bad("Centers", o.Centers, "a number of centres ≥ 1")
	}
	return nil
}

// option returns the value of the option called name, for an error.
func (o Options) option(name string) any {
	switch name {
	case "N":
		return o.N
	case "Noise":
		return *o.Noise
	case "Centers":
		return o.Centers
	}
	return o.Factor
}

// examples holds m examples of 2 features as rows, as scikit-learn makes
// them, before they become a Set's columns.
type examples struct {
	x [][2]float64
	y []float64
}

// shuffle reorders the examples as sklearn.utils.shuffle does: by the
// permutation that np.random.shuffle makes of 0…m−1.
func (e *examples) shuffle(src *nprand.Source) {
	perm := src.Perm(len(e.y))
	x, y := make([][2]float64, len(e.x)), make([]float64, len(e.y))
	for k, i := range perm {
		x[k], y[k] = e.x[i], e.y[i]
	}
	e.x, e.y = x, y
}

// addNoise adds normal(0, sd) to every feature, row by row, as
// generator.normal(scale=sd, size=X.shape) draws it.
func (e *examples) addNoise(src *nprand.Source, sd float64) {
	if sd == 0 {
		return
	}
	for k := range e.x {
		for f := range 2 {
			e.x[k][f] += src.Normal(0, sd)
		}
	}
}

// set turns rows into a Set of columns. Values too large for a float64
// are an error of the noise that made them.
func (e *examples) set(name string, noise float64) (*Set, error) {
	m := len(e.y)
	x := make([]float64, 2*m)
	for k, r := range e.x {
		if notFinite(r[0]) || notFinite(r[1]) {
			return nil, &OptionError{Func: name, Option: "Noise", Value: noise, Want: "a deviation small enough for finite data"}
		}
		x[k], x[m+k] = r[0], r[1]
	}
	s, err := newSet(name, 2, m, x, e.y)
	if err != nil {
		return nil, err
	}
	s.Features = []string{"x1", "x2"}
	return s, nil
}

// Moons returns two interleaving half circles, as scikit-learn's
// make_moons(n, noise=Noise, random_state=Seed) does, draw for draw.
func Moons(o Options) (*Set, error) {
	if err := o.check("moons", 2, "Noise"); err != nil {
		return nil, err
	}
	n := o.n(200)
	out, in := n/2, n-n/2
	var e examples
	for _, t := range linspace(0, math.Pi, out) {
		e.x, e.y = append(e.x, [2]float64{math.Cos(t), math.Sin(t)}), append(e.y, 0)
	}
	for _, t := range linspace(0, math.Pi, in) {
		e.x, e.y = append(e.x, [2]float64{1 - math.Cos(t), 1 - math.Sin(t) - 0.5}), append(e.y, 1)
	}
	src := nprand.New(o.Seed)
	e.shuffle(src)
	sd := o.noise(0.2)
	e.addNoise(src, sd)
	return e.set("moons", sd)
}

// Circles returns a small circle inside a large one, as scikit-learn's
// make_circles(n, noise=Noise, factor=Factor, random_state=Seed) does.
func Circles(o Options) (*Set, error) {
	if err := o.check("circles", 2, "Noise", "Factor"); err != nil {
		return nil, err
	}
	factor := cmp0(o.Factor, 0.5)
	if !(factor > 0 && factor < 1) {
		return nil, &OptionError{Func: "circles", Option: "Factor", Value: factor, Want: "the inner radius over the outer, in (0, 1)"}
	}
	n := o.n(200)
	out, in := n/2, n-n/2
	var e examples
	for _, t := range arange(2*math.Pi, out) {
		e.x, e.y = append(e.x, [2]float64{math.Cos(t), math.Sin(t)}), append(e.y, 0)
	}
	for _, t := range arange(2*math.Pi, in) {
		e.x, e.y = append(e.x, [2]float64{math.Cos(t) * factor, math.Sin(t) * factor}), append(e.y, 1)
	}
	src := nprand.New(o.Seed)
	e.shuffle(src)
	sd := o.noise(0.3)
	e.addNoise(src, sd)
	return e.set("circles", sd)
}

// arange returns n angles from 0 below stop, as np.linspace(0, stop, n,
// endpoint=False) computes them.
func arange(stop float64, n int) []float64 {
	v := make([]float64, n)
	step := stop / float64(n)
	for i := range v {
		v[i] = float64(i) * step
	}
	return v
}

// Blobs returns Gaussian blobs of standard deviation 1 around Centers
// centres drawn uniformly in [−10, 10]², labelled by centre mod 2, as
// scikit-learn's make_blobs(n, centers=Centers, random_state=Seed) and
// the exercise's y % 2 do. Noise is the blobs' deviation (default 1).
func Blobs(o Options) (*Set, error) {
	if err := o.check("blobs", 2, "Noise", "Centers"); err != nil {
		return nil, err
	}
	centers := cmp0(o.Centers, 6)
	n := o.n(200)
	if centers < 1 || centers > n {
		return nil, &OptionError{Func: "blobs", Option: "Centers", Value: centers, Want: fmt.Sprintf("1 to %d centres for %d examples", n, n)}
	}
	sd := o.noise(1)
	src := nprand.New(o.Seed)
	c := make([][2]float64, centers)
	for i := range c {
		c[i] = [2]float64{src.Uniform(-10, 10), src.Uniform(-10, 10)}
	}
	var e examples
	for i := range centers {
		size := n / centers
		if i < n%centers {
			size++
		}
		for range size {
			e.x = append(e.x, [2]float64{src.Normal(c[i][0], sd), src.Normal(c[i][1], sd)})
			e.y = append(e.y, float64(i%2))
		}
	}
	e.shuffle(src)
	return e.set("blobs", sd)
}

// Quantiles returns a Gaussian cloud of variance Noise (default 0.5)
// split by distance from the centre: the nearer half is class 0, the rest
// class 1, as scikit-learn's make_gaussian_quantiles(cov=Noise,
// n_classes=2) does.
func Quantiles(o Options) (*Set, error) {
	if err := o.check("quantiles", 2, "Noise"); err != nil {
		return nil, err
	}
	n, v := o.n(200), o.noise(0.5)
	if v == 0 {
		return nil, &OptionError{Func: "quantiles", Option: "Noise", Value: v, Want: "a variance > 0"}
	}
	src := nprand.New(o.Seed)
	sd := math.Sqrt(v)
	e := examples{x: make([][2]float64, n), y: make([]float64, n)}
	for k := range e.x {
		e.x[k] = [2]float64{src.NormFloat64() * sd, src.NormFloat64() * sd}
		if math.IsInf(dist2(e.x[k]), 0) { // the halves would be cut at random
			return nil, &OptionError{Func: "quantiles", Option: "Noise", Value: v, Want: "a variance small enough for finite distances"}
		}
	}
	sort.SliceStable(e.x, func(a, b int) bool { return dist2(e.x[a]) < dist2(e.x[b]) })
	for k := n / 2; k < n; k++ {
		e.y[k] = 1
	}
	e.shuffle(src)
	return e.set("quantiles", v)
}

func dist2(p [2]float64) float64 { return p[0]*p[0] + p[1]*p[1] }

// XOR returns points drawn uniformly in [−1, 1]², class 1 where the two
// features have opposite signs, then moved by Gaussian noise (default
// 0.1): a set no single line separates.
func XOR(o Options) (*Set, error) {
	if err := o.check("xor", 2, "Noise"); err != nil {
		return nil, err
	}
	n := o.n(200)
	src := nprand.New(o.Seed)
	e := examples{x: make([][2]float64, n), y: make([]float64, n)}
	for k := range e.x {
		e.x[k] = [2]float64{src.Uniform(-1, 1), src.Uniform(-1, 1)}
		if e.x[k][0]*e.x[k][1] < 0 {
			e.y[k] = 1
		}
	}
	sd := o.noise(0.1)
	e.addNoise(src, sd)
	return e.set("xor", sd)
}

// Spirals returns two interleaved spirals of one and a half turns, one per
// class, moved by Gaussian noise (default 0.2), in shuffled order.
func Spirals(o Options) (*Set, error) {
	if err := o.check("spirals", 2, "Noise"); err != nil {
		return nil, err
	}
	n := o.n(200)
	var e examples
	for j, size := range []int{n / 2, n - n/2} {
		for _, t := range linspace(0, 1, size) {
			theta := 3*math.Pi*t + float64(j)*math.Pi
			r := 0.5 + 4*t
			e.x = append(e.x, [2]float64{r * math.Cos(theta), r * math.Sin(theta)})
			e.y = append(e.y, float64(j))
		}
	}
	src := nprand.New(o.Seed)
	e.shuffle(src)
	sd := o.noise(0.2)
	e.addNoise(src, sd)
	return e.set("spirals", sd)
}

var generators = map[string]func(Options) (*Set, error){
	"planar": func(o Options) (*Set, error) {
		if err := o.check("planar", 2); err != nil {
			return nil, err
		}
		return Planar(o.n(400), o.Seed)
	},
	"moons":     Moons,
	"circles":   Circles,
	"blobs":     Blobs,
	"quantiles": Quantiles,
	"xor":       XOR,
	"spirals":   Spirals,
	"breast-cancer": func(o Options) (*Set, error) {
		if err := o.check("breast-cancer", 0); err != nil {
			return nil, err
		}
		return BreastCancer()
	},
}

// Names returns the names Generate knows, sorted: the one list of them,
// which the command line reads too.
func Names() []string { return slices.Sorted(maps.Keys(generators)) }

// Generate returns the data set called name, made with o where it is a
// generator's: planar, moons, circles, blobs, quantiles, xor, spirals, or
// the real breast-cancer set, which takes no options but Seed, and
// ignores it. An unknown name is an *OptionError.
func Generate(name string, o Options) (*Set, error) {
	g, ok := generators[name]
	if !ok {
		return nil, &OptionError{Func: "Generate", Option: "name", Value: name, Want: "one of " + strings.Join(Names(), ", ")}
	}
	return g(o)
}
