package datasets

import (
	"fmt"
	"math"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/internal/minibatch"
	"gorgonia.org/tensor"
)

// labelled reports an error unless s has features and labels.
func labelled(s *Set) error {
	if s.Examples() == 0 || s.Y == nil || s.Y.Shape().TotalSize() != s.Examples() {
		return fmt.Errorf("datasets: a set without features or labels: %w", ErrShape)
	}
	return nil
}

// subset returns the examples idx of s, in that order.
func subset(s *Set, idx []int) (*Set, error) {
	n, m := s.Dims(), s.Examples()
	x, y := floats(s.X), floats(s.Y)
	sx, sy := make([]float64, n*len(idx)), make([]float64, len(idx))
	for k, j := range idx {
		for i := range n {
			sx[i*len(idx)+k] = x[i*m+j]
		}
		sy[k] = y[j]
	}
	out, err := newSet(s.Name, n, len(idx), sx, sy)
	if err != nil {
		return nil, err
	}
	out.Features, out.Labels = s.Features, s.Labels
	return out, nil
}

// Shuffle returns the examples of s in a seeded random order, as
// sklearn.utils.shuffle(X, y, random_state=seed) orders them.
func Shuffle(s *Set, seed uint32) (*Set, error) {
	if err := labelled(s); err != nil {
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
// class c. testFraction must be in (0, 1) and leave both parts non-empty.
func Split(s *Set, testFraction float64, seed uint32, stratified bool) (train, test *Set, err error) {
	if err := labelled(s); err != nil {
		return nil, nil, err
	}
	m := s.Examples()
	nTest := int(math.Ceil(testFraction * float64(m)))
	if !(testFraction > 0 && testFraction < 1) || nTest < 1 || nTest >= m {
		return nil, nil, fmt.Errorf("datasets: splitting %d examples of %s with test fraction %v: want a fraction in (0, 1) that leaves both parts non-empty: %w",
			m, s.Name, testFraction, ErrShape)
	}
	perm := nprand.New(seed).Perm(m)
	testIdx, trainIdx := perm[:nTest], perm[nTest:]
	if stratified {
		testIdx, trainIdx = stratify(perm, floats(s.Y), testFraction)
		if len(testIdx) == 0 || len(trainIdx) == 0 {
			return nil, nil, fmt.Errorf("datasets: a stratified split of %s with test fraction %v leaves a part empty: %w", s.Name, testFraction, ErrShape)
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

// FitStandardizer fits the mean and the population standard deviation of
// each feature (row) of x (n_features, m). A feature that never varies
// gets a deviation of 1, as in scikit-learn, so that it becomes 0, not NaN.
func FitStandardizer(x *tensor.Dense) (Standardizer, error) {
	if x == nil || x.Dims() != 2 || x.Shape()[1] < 1 || x.Dtype() != tensor.Float64 {
		return Standardizer{}, fmt.Errorf("datasets: standardizing %v: want a float64 (n_features, m) matrix with m ≥ 1: %w", shapeOf(x), ErrShape)
	}
	n, m := x.Shape()[0], x.Shape()[1]
	d := floats(x)
	z := Standardizer{Mean: make([]float64, n), Std: make([]float64, n)}
	for i := range n {
		row := d[i*m : (i+1)*m]
		var sum float64
		for _, v := range row {
			sum += v
		}
		mean := sum / float64(m)
		var ss float64
		for _, v := range row {
			ss += (v - mean) * (v - mean)
		}
		z.Mean[i], z.Std[i] = mean, math.Sqrt(ss/float64(m))
		if z.Std[i] == 0 {
			z.Std[i] = 1
		}
	}
	return z, nil
}

// Apply returns (x − mean)/std, feature by feature, as a new matrix.
func (z Standardizer) Apply(x *tensor.Dense) (*tensor.Dense, error) {
	if x == nil || x.Dims() != 2 || x.Dtype() != tensor.Float64 || x.Shape()[0] != len(z.Mean) || len(z.Std) != len(z.Mean) {
		return nil, fmt.Errorf("datasets: standardizing %v with statistics of %d features: %w", shapeOf(x), len(z.Mean), ErrShape)
	}
	n, m := x.Shape()[0], x.Shape()[1]
	d := floats(x)
	out := make([]float64, n*m)
	for i := range n {
		for k := range m {
			out[i*m+k] = (d[i*m+k] - z.Mean[i]) / z.Std[i]
		}
	}
	return tensor.New(tensor.WithShape(n, m), tensor.WithBacking(out)), nil
}

func shapeOf(x *tensor.Dense) any {
	if x == nil {
		return "nil"
	}
	return x.Shape()
}

// Batches hands out a set's examples in mini-batches, reshuffled each
// epoch with a seeded numpy-compatible permutation, the order nn/train gives its mini-batches.
// Each batch is copied into buffers of (n_features, size) and (1, size)
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
	if err := labelled(s); err != nil {
		return nil, err
	}
	m := s.Examples()
	if size < 1 || size > m {
		return nil, fmt.Errorf("datasets: batches of %d from %d examples: want 1 to %d: %w", size, m, m, ErrShape)
	}
	b := &Batches{x: floats(s.X), y: floats(s.Y), m: m, order: minibatch.NewOrder(m, size, nprand.New(seed))}
	b.full = buffers(s.Dims(), size)
	if r := m % size; r != 0 {
		b.last = buffers(s.Dims(), r)
	}
	return b, nil
}

func buffers(n, size int) [2]*tensor.Dense {
	return [2]*tensor.Dense{tensor.New(tensor.WithShape(n, size), tensor.Of(tensor.Float64)), tensor.New(tensor.WithShape(1, size), tensor.Of(tensor.Float64))}
}

// Next moves to the next batch of the epoch and reports whether there is
// one; after the last batch it returns false once, and the next call
// starts a new epoch in a new order.
func (b *Batches) Next() bool {
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

// Batch returns the current batch: X (n_features, size) and Y (1, size),
// valid until the next call of Next.
func (b *Batches) Batch() (x, y *tensor.Dense) { return b.cur[0], b.cur[1] }
