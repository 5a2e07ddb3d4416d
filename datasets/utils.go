package datasets

import (
	"fmt"
	"math"
	"slices"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/dense"
	"github.com/gradlab/gradlab/internal/minibatch"
	"gorgonia.org/tensor"
)

// subset returns the examples idx of s, in that order.
func subset(s *Set, idx []int) (*Set, error) {
	n, m := s.Dims(), s.Examples()
	x, y := dense.Floats(s.X), dense.Floats(s.Y)
	rows := len(y) / m
	sx, sy := make([]float64, n*len(idx)), make([]float64, rows*len(idx))
	for k, j := range idx {
		for i := range n {
			sx[i*len(idx)+k] = x[i*m+j]
		}
		for r := range rows {
			sy[r*len(idx)+k] = y[r*m+j]
		}
	}
	out, err := newSet(s.Name, n, len(idx), sx, sy)
	if err != nil {
		return nil, err
	}
	out.Features, out.Labels, out.Label, out.LabelColumns = s.Features, s.Labels, s.Label, s.LabelColumns
	if s.Weights != nil {
		w, sw := dense.Floats(s.Weights), make([]float64, len(idx))
		for k, j := range idx {
			sw[k] = w[j]
		}
		out.Weights, out.WeightColumn = tensor.New(tensor.WithShape(1, len(idx)), tensor.WithBacking(sw)), s.WeightColumn
	}
	return out, nil
}

// Shuffle returns the examples of s in a seeded random order, as
// sklearn.utils.shuffle(X, y, random_state=seed) orders them.
func Shuffle(s *Set, seed uint32) (*Set, error) {
	if err := checkSet(s, true, "shuffling"); err != nil {
		return nil, err
	}
	return subset(s, nprand.New(seed).Perm(s.Examples()))
}

// Split divides s into a training part and a test part of
// ⌈testFraction·m⌉ examples, as scikit-learn's train_test_split(X, y,
// test_size=testFraction, random_state=seed) does: both parts in the order
// of np.random.permutation(m), the test part first. Stratified keeps each
// class's share in both parts: each class is split on its own, by one
// permutation of the set, the test part taking ⌈testFraction·m_c⌉ of
// class c; its labels must be 0 and 1, else the error matches ErrLabel,
// and one row: a set of K label rows is refused, an *OptionError.
// testFraction must be in (0, 1) and leave both parts non-empty.
func Split(s *Set, testFraction float64, seed uint32, stratified bool) (train, test *Set, err error) {
	if err := checkSet(s, true, "splitting"); err != nil {
		return nil, nil, err
	}
	m := s.Examples()
	nTest := int(math.Ceil(testFraction * float64(m)))
	if !(testFraction > 0 && testFraction < 1) || nTest < 1 || nTest >= m {
		return nil, nil, fmt.Errorf("datasets: splitting %d examples of %s with test fraction %v: want a fraction in (0, 1) that leaves both parts non-empty: %w",
			m, s.Name, testFraction, graph.ErrShape)
	}
	perm := nprand.New(seed).Perm(m)
	testIdx, trainIdx := perm[:nTest], perm[nTest:]
	if stratified && s.Y.Shape().TotalSize() != m {
		return nil, nil, &OptionError{Func: "Split", Option: "stratified", Value: true,
			Want: fmt.Sprintf("false for %s of %d label rows: each row would want its own classes kept", s.Name, s.Y.Shape().TotalSize()/m)}
	}
	if stratified {
		y := dense.Floats(s.Y)
		for k, v := range y {
			if v != 0 && v != 1 {
				return nil, nil, &fault{kind: ErrLabel, msg: fmt.Sprintf("datasets: a stratified split of %s: example %d has label %v: want 0 or 1", s.Name, k, v)}
			}
		}
		testIdx, trainIdx = stratify(perm, y, testFraction)
		if len(testIdx) == 0 || len(trainIdx) == 0 {
			return nil, nil, fmt.Errorf("datasets: a stratified split of %s with test fraction %v leaves a part empty: %w", s.Name, testFraction, graph.ErrShape)
		}
	}
	if test, err = subset(s, testIdx); err != nil {
		return nil, nil, err
	}
	if train, err = subset(s, trainIdx); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// stratify splits perm class by class, keeping perm's order within each.
func stratify(perm []int, y []float64, frac float64) (test, train []int) {
	var count [2]int
	for _, v := range y {
		count[int(v)]++
	}
	var taken [2]int
	for _, j := range perm {
		c := int(y[j])
		if taken[c] < int(math.Ceil(frac*float64(count[c]))) {
			test = append(test, j)
			taken[c]++
		} else {
			train = append(train, j)
		}
	}
	return test, train
}

// Standardizer scales each feature to mean 0 and standard deviation 1 with
// statistics fitted on one part of the data (the training part) and then
// applied to any other, as scikit-learn's StandardScaler does. It is a
// plain value, to be saved with a model.
type Standardizer struct {
	Mean []float64 `json:"mean"`
	Std  []float64 `json:"std"`
}

// FitStandardizer fits the mean and the population standard deviation
// (numpy's std with ddof=0, as StandardScaler) of each feature (row) of x
// (n_features, m). The statistics are exact to rounding for any finite
// values, ±1e308 included: where the plain sums would overflow or lose
// their small terms, they are taken of the values scaled by a power of two.
//
// A feature that has one value in every example (so any x with m = 1) is
// a *FeatureError matching ErrConstant, where scikit-learn would leave it
// unscaled: it carries nothing a model can learn from, and most often it
// is a mistake in the data; drop the feature. A feature that holds a value
// that is not finite, or whose standardized values would not be finite,
// is a *FeatureError matching ErrNotFinite. Either is found here, before
// training starts.
func FitStandardizer(x *tensor.Dense) (Standardizer, error) {
	if !matrix(x) {
		return Standardizer{}, fmt.Errorf("datasets: standardizing %s: want a float64 (n_features, m) matrix with m ≥ 1: %w", describe(x), graph.ErrShape)
	}
	n, m := x.Shape()[0], x.Shape()[1]
	d := dense.Floats(x)
	z := Standardizer{Mean: make([]float64, n), Std: make([]float64, n)}
	for i := range n {
		row := d[i*m : (i+1)*m]
		lo, hi := slices.Min(row), slices.Max(row)
		if slices.ContainsFunc(row, notFinite) {
			return Standardizer{}, &FeatureError{Feature: i, Err: ErrNotFinite, detail: "it holds a value that is not a finite number"}
		}
		if lo == hi {
			return Standardizer{}, &FeatureError{Feature: i, Err: ErrConstant,
				detail: fmt.Sprintf("every one of its %d values is %v: a constant feature cannot be scaled to deviation 1; drop it", m, lo)}
		}
		z.Mean[i], z.Std[i] = moments(row)
		if z.Std[i] == 0 {
			return Standardizer{}, &FeatureError{Feature: i, Err: ErrNotFinite,
				detail: fmt.Sprintf("values %v to %v have a deviation below the smallest float64", lo, hi)}
		}
		// Samuelson's inequality bounds the standardized values by √(m−1);
		// this is for the roundings of subnormal statistics.
		if a, b := z.scale(i, lo), z.scale(i, hi); notFinite(a) || notFinite(b) {
			return Standardizer{}, &FeatureError{Feature: i, Err: ErrNotFinite,
				detail: fmt.Sprintf("values %v to %v, of deviation %v, standardize to %v to %v", lo, hi, z.Std[i], a, b)}
		}
	}
	return z, nil
}

func notFinite(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }

// moments returns the mean and the population standard deviation of the
// finite values v. It sums plainly, as numpy does, when that neither
// overflows nor loses the squares to underflow; else it sums v·2⁻ᵉ, where
// 2ᵉ bounds |v|: scaling by a power of two is exact, and the scaled sums
// can neither overflow nor lose what matters to underflow.
func moments(v []float64) (mean, std float64) {
	m := float64(len(v))
	var sum float64
	for _, x := range v {
		sum += x
	}
	mean = sum / m
	var ss float64
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	// With ss ≥ m·2⁻¹⁰²², the squares lost to underflow (each less than
	// 2⁻¹⁰²² off) weigh less than a rounding of ss.
	if !math.IsInf(sum, 0) && !math.IsInf(ss, 0) && ss >= m*0x1p-1022 {
		return mean, math.Sqrt(ss / m)
	}
	var big float64
	for _, x := range v {
		big = max(big, math.Abs(x))
	}
	_, e := math.Frexp(big) // big < 2ᵉ
	sum = 0
	for _, x := range v {
		sum += math.Ldexp(x, -e)
	}
	ms := sum / m
	ss = 0
	for _, x := range v {
		d := math.Ldexp(x, -e) - ms
		ss += d * d
	}
	return math.Ldexp(ms, e), math.Ldexp(math.Sqrt(ss/m), e)
}

// scale returns v standardized as feature i: (v − mean)/std, computed on
// halves where v − mean overflows.
func (z Standardizer) scale(i int, v float64) float64 {
	d := v - z.Mean[i]
	if math.IsInf(d, 0) {
		return (v/2 - z.Mean[i]/2) / z.Std[i] * 2
	}
	return d / z.Std[i]
}

// Apply returns (x − mean)/std, feature by feature, as a new matrix. A
// value that standardizes to a number too large for a float64 (one far
// outside the data the statistics were fitted on) is a *FeatureError
// matching ErrNotFinite; statistics that FitStandardizer cannot have made
// (a mean that is not finite, a deviation that is not finite and positive)
// are an *OptionError.
func (z Standardizer) Apply(x *tensor.Dense) (*tensor.Dense, error) {
	if !matrix(x) || x.Shape()[0] != len(z.Mean) || len(z.Std) != len(z.Mean) {
		return nil, fmt.Errorf("datasets: standardizing %s with statistics of %d features (%d deviations): %w", describe(x), len(z.Mean), len(z.Std), graph.ErrShape)
	}
	for i := range z.Mean {
		if notFinite(z.Mean[i]) {
			return nil, &OptionError{Func: "Apply", Option: fmt.Sprintf("Mean[%d]", i), Value: z.Mean[i], Want: "a finite number"}
		}
		if notFinite(z.Std[i]) || z.Std[i] <= 0 {
			return nil, &OptionError{Func: "Apply", Option: fmt.Sprintf("Std[%d]", i), Value: z.Std[i], Want: "a finite deviation > 0"}
		}
	}
	n, m := x.Shape()[0], x.Shape()[1]
	d := dense.Floats(x)
	out := make([]float64, n*m)
	for i := range n {
		for k := range m {
			v := z.scale(i, d[i*m+k])
			if notFinite(v) {
				return nil, &FeatureError{Feature: i, Err: ErrNotFinite,
					detail: fmt.Sprintf("example %d: %v standardizes to %v with mean %v and deviation %v", k, d[i*m+k], v, z.Mean[i], z.Std[i])}
			}
			out[i*m+k] = v
		}
	}
	return tensor.New(tensor.WithShape(n, m), tensor.WithBacking(out)), nil
}

// Batches hands out a set's examples in mini-batches, reshuffled each
// epoch with a seeded numpy-compatible permutation, the order nn/train gives its mini-batches.
// Each batch is copied into buffers of (n_features, size) and (K, size)
// that are reused from batch to batch: an epoch copies each example once
// and allocates nothing, but for batches of 2¹⁵ values or more the
// goroutines that share the copying between cores.
//
// The last batch of an epoch is smaller when size does not divide m; it
// has buffers of its own, because a gorgonia graph's shapes are fixed.
type Batches struct {
	x, y       []float64 // the set's values, read once: Data boxes a slice every call
	m          int
	order      *minibatch.Order
	k          int // the next batch of the epoch
	full, last [2]*tensor.Dense
	cur        [2]*tensor.Dense
}

// NewBatches returns an iterator over s in batches of size examples.
func NewBatches(s *Set, size int, seed uint32) (*Batches, error) {
	if err := checkSet(s, true, "batching"); err != nil {
		return nil, err
	}
	m := s.Examples()
	if size < 1 || size > m {
		return nil, fmt.Errorf("datasets: batches of %d from %d examples: want 1 to %d: %w", size, m, m, graph.ErrShape)
	}
	b := &Batches{x: dense.Floats(s.X), y: dense.Floats(s.Y), m: m, order: minibatch.NewOrder(m, size, nprand.New(seed))}
	rows := len(b.y) / m
	b.full = buffers(s.Dims(), rows, size)
	if r := m % size; r != 0 {
		b.last = buffers(s.Dims(), rows, r)
	}
	return b, nil
}

func buffers(n, rows, size int) [2]*tensor.Dense {
	return [2]*tensor.Dense{tensor.New(tensor.WithShape(n, size), tensor.Of(tensor.Float64)), tensor.New(tensor.WithShape(rows, size), tensor.Of(tensor.Float64))}
}

// Next moves to the next batch of the epoch and reports whether there is
// one; after the last batch it returns false once, and the next call
// one, in a new order. A Batches not made by NewBatches has no batch.
func (b *Batches) Next() bool {
	if b == nil || b.order == nil {
		return false
	}
	if b.k == b.order.PerEpoch() {
		b.k = 0
		return false
	}
	cols := b.order.Batch(b.k)
	b.k++
	b.cur = b.full
	if len(cols) < b.full[1].Shape()[1] {
		b.cur = b.last
	}
	minibatch.Gather(b.cur[0].Float64s(), b.x, b.m, cols)
	minibatch.Gather(b.cur[1].Float64s(), b.y, b.m, cols)
	return true
}

// Batch returns the current batch: X (n_features, size) and Y (K, size),
// valid until the next call of Next; nil before the first.
func (b *Batches) Batch() (x, y *tensor.Dense) {
	if b == nil {
		return nil, nil
	}
	return b.cur[0], b.cur[1]
}
