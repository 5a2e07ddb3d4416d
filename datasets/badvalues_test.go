package datasets_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/graph"
	"gorgonia.org/tensor"
)

// badSets are sets no function can work on: each is an error, never a
// panic.
func badSets() map[string]*datasets.Set {
	f64 := func(shape ...int) *tensor.Dense {
		return tensor.New(tensor.WithShape(shape...), tensor.Of(tensor.Float64))
	}
	f32 := func(shape ...int) *tensor.Dense {
		return tensor.New(tensor.WithShape(shape...), tensor.Of(tensor.Float32))
	}
	return map[string]*datasets.Set{
		"nil":                 nil,
		"zero":                {},
		"labels, no features": {Y: f64(1, 3)},
		"zero-value tensors":  {X: &tensor.Dense{}, Y: &tensor.Dense{}},
		"float32 X":           {X: f32(2, 3), Y: f64(1, 3)},
		"float32 Y":           {X: f64(2, 3), Y: f32(1, 3)},
		"vector X":            {X: f64(3), Y: f64(1, 3)},
		"3-D X":               {X: f64(2, 3, 1), Y: f64(1, 3)},
		"Y too short":         {X: f64(2, 3), Y: f64(1, 2)},
		"no labels":           {X: f64(2, 3)},
		"int X":               {X: tensor.New(tensor.WithShape(2, 3), tensor.Of(tensor.Int)), Y: f64(1, 3)},
	}
}

// Every exported function, on every bad value: an error, no panic, and a
// message that did not come from a panicking String method.
func TestBadValues(t *testing.T) {
	check := func(t *testing.T, what string, err error) {
		t.Helper()
		if err == nil {
			t.Errorf("%s: no error", what)
		} else if strings.Contains(err.Error(), "%!") { // %!v(PANIC=, %!d(string=…

			t.Errorf("%s: %q", what, err)
		}
	}
	noPanic := func(t *testing.T, what string, f func()) {
		t.Helper()
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("%s panicked: %v", what, r)
			}
		}()
		f()
	}
	for name, s := range badSets() {
		t.Run("set "+name, func(t *testing.T) {
			noPanic(t, "Shuffle", func() { _, err := datasets.Shuffle(s, 1); check(t, "Shuffle", err) })
			for _, strat := range []bool{false, true} {
				noPanic(t, "Split", func() { _, _, err := datasets.Split(s, 0.5, 1, strat); check(t, "Split", err) })
			}
			noPanic(t, "NewBatches", func() { _, err := datasets.NewBatches(s, 1, 1); check(t, "NewBatches", err) })
			noPanic(t, "Examples and Dims", func() { _, _ = s.Examples(), s.Dims() })
			if name != "no labels" { // a set without labels is written without a y column
				noPanic(t, "WriteCSV", func() { check(t, "WriteCSV", s.WriteCSV(&bytes.Buffer{})) })
			}
			if s != nil && name != "float32 Y" && name != "Y too short" && name != "no labels" {
				noPanic(t, "FitStandardizer", func() { _, err := datasets.FitStandardizer(s.X); check(t, "FitStandardizer", err) })
				z := datasets.Standardizer{Mean: []float64{0, 0}, Std: []float64{1, 1}}
				noPanic(t, "Apply", func() { _, err := z.Apply(s.X); check(t, "Apply", err) })
			}
		})
	}
	t.Run("splits and batches", func(t *testing.T) {
		s := indexSet(10)
		for _, frac := range []float64{0, 1, -1, 2, math.NaN(), math.Inf(1), math.Inf(-1)} {
			_, _, err := datasets.Split(s, frac, 1, true)
			check(t, fmt.Sprint("Split fraction ", frac), err)
		}
		for _, size := range []int{0, -1, 11, math.MaxInt, math.MinInt} {
			_, err := datasets.NewBatches(s, size, 1)
			check(t, fmt.Sprint("batches of ", size), err)
		}
		for _, b := range []*datasets.Batches{nil, {}} {
			noPanic(t, "Next and Batch", func() {
				if b.Next() {
					t.Errorf("%v: a batch", b)
				}
				if x, y := b.Batch(); x != nil || y != nil {
					t.Errorf("%v: a batch", b)
				}
			})
		}
	})
	t.Run("standardizers", func(t *testing.T) {
		x := tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 2, 3, 4}))
		for _, z := range []datasets.Standardizer{{}, {Mean: []float64{0, 0}}, {Mean: []float64{0, 0}, Std: []float64{1}}, {Mean: []float64{0}, Std: []float64{1}}} {
			noPanic(t, "Apply", func() { _, err := z.Apply(x); check(t, fmt.Sprintf("Apply %+v", z), err) })
			noPanic(t, "Apply nil", func() { _, err := z.Apply(nil); check(t, "Apply nil", err) })
		}
	})
	t.Run("generators", func(t *testing.T) {
		for _, name := range datasets.Names() {
			for _, o := range badOptions(name) {
				noPanic(t, name, func() {
					_, err := datasets.Generate(name, o)
					check(t, fmt.Sprintf("%s %s", name, describeOptions(o)), err)
				})
			}
		}
		for _, m := range []int{0, -2, 3, math.MaxInt - 1, math.MinInt} {
			noPanic(t, "Planar", func() { _, err := datasets.Planar(m, 1); check(t, fmt.Sprint("Planar ", m), err) })
		}
		for _, f := range []func(datasets.Options) (*datasets.Set, error){datasets.Moons, datasets.Circles, datasets.Blobs, datasets.Quantiles, datasets.XOR, datasets.Spirals} {
			noPanic(t, "generator", func() { _, err := f(datasets.Options{N: -1}); check(t, "N -1", err) })
		}
		_, err := datasets.Generate("", datasets.Options{})
		var oe *datasets.OptionError
		if !errors.As(err, &oe) || oe.Option != "name" {
			t.Errorf(`Generate(""): %v, want an OptionError of the name`, err)
		}
	})
	t.Run("CSV options", func(t *testing.T) {
		for _, o := range []datasets.CSVOptions{
			{Labels: []string{"a"}}, {Labels: []string{"a", "a"}}, {Labels: []string{}}, {Header: 7}, {Header: -1},
			{Comma: '"'}, {Comma: '\n'}, {Comma: '\r'}, {Comma: -1}, {Comma: 0xD800}, {Comma: 0xFFFD}, {MaxLine: -1},
		} {
			var oe *datasets.OptionError
			_, err := read("a,y\n1,0\n", o)
			if !errors.As(err, &oe) {
				t.Errorf("%+v: %v, want an OptionError", o, err)
			}
			check(t, fmt.Sprintf("%+v", o), err)
		}
		noPanic(t, "ReadCSV nil", func() {
			_, err := datasets.ReadCSV(nil, "nil", datasets.CSVOptions{})
			check(t, "ReadCSV of a nil reader", err)
		})
		_, err := datasets.LoadCSV("", datasets.CSVOptions{})
		check(t, `LoadCSV("")`, err)
	})
}

// badOptions returns options data set name refuses.
func badOptions(name string) []datasets.Options {
	huge, nan, inf, neg := 1e308, math.NaN(), math.Inf(1), -0.1
	os := []datasets.Options{
		{Noise: &nan}, {Noise: &inf}, {Noise: &neg},
		{N: -1}, {N: 1}, {N: 1 << 27}, {N: math.MaxInt}, {N: math.MinInt},
		{Centers: -1}, {Factor: math.NaN()}, {Factor: math.Inf(1)}, {Factor: -0.5},
	}
	if name == "breast-cancer" {
		os = append(os, datasets.Options{N: 569})
	}
	if name != "planar" && name != "breast-cancer" { // which take no noise at all
		os = append(os, datasets.Options{Noise: &huge})
	}
	return os
}

func describeOptions(o datasets.Options) string {
	noise := "nil"
	if o.Noise != nil {
		noise = fmt.Sprint(*o.Noise)
	}
	return fmt.Sprintf("{N %d, Noise %s, Centers %d, Factor %v}", o.N, noise, o.Centers, o.Factor)
}

// Absurd noise is an error that names it, not data of +Inf.
func TestGeneratorNoise(t *testing.T) {
	huge := 1e308
	for _, name := range []string{"moons", "circles", "blobs", "quantiles", "xor", "spirals"} {
		_, err := datasets.Generate(name, datasets.Options{Noise: &huge})
		var oe *datasets.OptionError
		if !errors.As(err, &oe) || oe.Option != "Noise" || oe.Value != huge {
			t.Errorf("%s with noise 1e308: %v, want an OptionError of Noise", name, err)
		}
	}
	if _, err := datasets.Generate("moons", datasets.Options{N: 1 << 27}); !errors.Is(err, graph.ErrShape) {
		t.Errorf("2^27 moons: %v", err)
	}
}
