package datasets_test

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/graph"
	"gorgonia.org/tensor"
)

type splitFixture struct {
	Splits []struct {
		M           int
		Fraction    float64
		Seed        uint32
		Train, Test []int
	}
	Scaler struct {
		Fraction     float64
		Seed         uint32
		Mean, Std    []float64
		TestFirstRow []float64 `json:"test_first_row"`
	}
}

// testdata/split.json comes from testdata/split.py, scikit-learn's
// train_test_split and StandardScaler.
func loadSplits(t *testing.T) splitFixture {
	t.Helper()
	var f splitFixture
	loadFixture(t, "split.json", &f)
	if len(f.Splits) == 0 {
		t.Fatal("split.json holds no splits")
	}
	return f
}

// indexSet is a set whose only feature is the example's index.
func indexSet(m int) *datasets.Set {
	x, y := make([]float64, m), make([]float64, m)
	for i := range x {
		x[i], y[i] = float64(i), float64(i%2)
	}
	return &datasets.Set{Name: "index", X: tensor.New(tensor.WithShape(1, m), tensor.WithBacking(x)), Y: tensor.New(tensor.WithShape(1, m), tensor.WithBacking(y))}
}

func TestSplitMatchesScikitLearn(t *testing.T) {
	for _, c := range loadSplits(t).Splits {
		train, test, err := datasets.Split(indexSet(c.M), c.Fraction, c.Seed, false)
		if err != nil {
			t.Fatal(err)
		}
		for part, want := range map[*datasets.Set][]int{train: c.Train, test: c.Test} {
			got := part.X.Data().([]float64)
			if len(got) != len(want) {
				t.Fatalf("m %d, fraction %v: a part of %d, scikit-learn's %d", c.M, c.Fraction, len(got), len(want))
			}
			for i := range want {
				if got[i] != float64(want[i]) {
					t.Fatalf("m %d, seed %d: example %v at %d, scikit-learn's %d", c.M, c.Seed, got[i], i, want[i])
				}
			}
		}
	}
}

func TestStratifiedSplit(t *testing.T) {
	s, _ := datasets.BreastCancer()
	train, test, err := datasets.Split(s, 0.2, 7, true)
	if err != nil {
		t.Fatal(err)
	}
	count := func(s *datasets.Set) (ones float64) {
		for _, y := range s.Y.Data().([]float64) {
			ones += y
		}
		return ones
	}
	// 212 malignant of 569: ⌈0.2·212⌉ = 43 and ⌈0.2·357⌉ = 72 go to the test part.
	if count(test) != 43 || test.Examples() != 115 || train.Examples() != 454 || count(train) != 169 {
		t.Errorf("test part %d examples (%v malignant), training part %d (%v)", test.Examples(), count(test), train.Examples(), count(train))
	}
	if train.Labels[1] != "malignant" || len(train.Features) != 30 {
		t.Errorf("the parts lost the names: %v, %d features", train.Labels, len(train.Features))
	}
}

func TestSplitErrors(t *testing.T) {
	for _, frac := range []float64{0, 1, -0.1, math.NaN(), 0.999} {
		if _, _, err := datasets.Split(indexSet(10), frac, 1, false); !errors.Is(err, graph.ErrShape) {
			t.Errorf("fraction %v: %v", frac, err)
		}
	}
}

func TestStandardizerMatchesScikitLearn(t *testing.T) {
	f := loadSplits(t).Scaler
	s, _ := datasets.BreastCancer()
	train, test, err := datasets.Split(s, f.Fraction, f.Seed, false)
	if err != nil {
		t.Fatal(err)
	}
	z, err := datasets.FitStandardizer(train.X)
	if err != nil {
		t.Fatal(err)
	}
	for i := range f.Mean {
		if !close(z.Mean[i], f.Mean[i]) || !close(z.Std[i], f.Std[i]) {
			t.Errorf("feature %d: mean %v, std %v; scikit-learn %v, %v", i, z.Mean[i], z.Std[i], f.Mean[i], f.Std[i])
		}
	}
	out, err := z.Apply(test.X)
	if err != nil {
		t.Fatal(err)
	}
	m := test.Examples()
	for i, want := range f.TestFirstRow {
		if got := out.Data().([]float64)[i*m]; !close(got, want) {
			t.Errorf("standardized test feature %d of the first example: %v, scikit-learn %v", i, got, want)
		}
	}
}

func close(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

// A constant feature is an error naming it, before any training: it
// cannot be scaled to deviation 1.
func TestStandardizerConstantFeature(t *testing.T) {
	x := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float64{1, 2, 3, 5, 5, 5}))
	_, err := datasets.FitStandardizer(x)
	var fe *datasets.FeatureError
	if !errors.As(err, &fe) || fe.Feature != 1 || !errors.Is(err, datasets.ErrConstant) {
		t.Fatalf("a constant second feature: %v, want a FeatureError of feature 1 matching ErrConstant", err)
	}
	z, err := datasets.FitStandardizer(tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{1, 2})))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := z.Apply(tensor.New(tensor.WithShape(3, 1), tensor.Of(tensor.Float64))); !errors.Is(err, graph.ErrShape) {
		t.Errorf("three features with a one-feature standardizer: %v", err)
	}
	if _, err := datasets.FitStandardizer(nil); !errors.Is(err, graph.ErrShape) {
		t.Errorf("nil: %v", err)
	}
}

func TestShuffle(t *testing.T) {
	s, err := datasets.Shuffle(indexSet(5), 0)
	if err != nil {
		t.Fatal(err)
	}
	// np.random.seed(0); np.random.permutation(5) is [2 0 1 3 4].
	want := []float64{2, 0, 1, 3, 4}
	for i, v := range s.X.Data().([]float64) {
		if v != want[i] || s.Y.Data().([]float64)[i] != float64(int(want[i])%2) {
			t.Fatalf("shuffled %v, want %v", s.X.Data(), want)
		}
	}
}

// Two epochs of batches of 3 from 7 examples: each epoch sees every
// example once, in a new order, in batches of 3, 3 and 1.
func TestBatches(t *testing.T) {
	b, err := datasets.NewBatches(indexSet(7), 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	var orders [2][]float64
	for epoch := range 2 {
		var sizes []int
		for b.Next() {
			x, y := b.Batch()
			sizes = append(sizes, x.Shape()[1])
			for k, v := range x.Data().([]float64) {
				if y.Data().([]float64)[k] != float64(int(v)%2) {
					t.Fatalf("example %v carries label %v", v, y.Data().([]float64)[k])
				}
				orders[epoch] = append(orders[epoch], v)
			}
		}
		if len(sizes) != 3 || sizes[0] != 3 || sizes[2] != 1 {
			t.Errorf("epoch %d: batch sizes %v", epoch, sizes)
		}
		seen := map[float64]bool{}
		for _, v := range orders[epoch] {
			seen[v] = true
		}
		if len(seen) != 7 {
			t.Errorf("epoch %d saw %v", epoch, orders[epoch])
		}
	}
	if equal(orders[0], orders[1]) {
		t.Errorf("both epochs in the order %v", orders[0])
	}
	if _, err := datasets.NewBatches(indexSet(7), 8, 1); !errors.Is(err, graph.ErrShape) {
		t.Errorf("batches of 8 from 7: %v", err)
	}
}

func BenchmarkBatchesEpoch(b *testing.B) {
	s, _ := datasets.Generate("blobs", datasets.Options{N: 60000})
	it, _ := datasets.NewBatches(s, 128, 1)
	b.ReportAllocs()
	for b.Loop() {
		for it.Next() {
		}
	}
}

// A set without examples or labels is an error everywhere, not a panic.
func TestEmptySets(t *testing.T) {
	for _, s := range []*datasets.Set{nil, {}, {X: tensor.New(tensor.WithShape(2, 3), tensor.Of(tensor.Float64))}} {
		if s.Examples() != 0 && s.Y != nil {
			t.Errorf("%v: %d examples", s, s.Examples())
		}
		if _, err := datasets.Shuffle(s, 1); err == nil {
			t.Errorf("Shuffle(%v) succeeded", s)
		}
		if _, _, err := datasets.Split(s, 0.5, 1, false); err == nil {
			t.Errorf("Split(%v) succeeded", s)
		}
		if _, err := datasets.NewBatches(s, 1, 1); err == nil {
			t.Errorf("NewBatches(%v) succeeded", s)
		}
	}
	var buf bytes.Buffer
	if err := (&datasets.Set{}).WriteCSV(&buf); !errors.Is(err, graph.ErrShape) {
		t.Errorf("WriteCSV of an empty set: %v", err)
	}
}
