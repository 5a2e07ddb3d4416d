package minibatch

import (
	"slices"
	"testing"

	"github.com/gradlab/gradlab/datasets/nprand"
)

// With a source, each epoch is the next numpy permutation(m) of that
// source (nprand's Perm, held to numpy's by nprand's tests), cut in order.
func TestOrderFollowsPermutations(t *testing.T) {
	for _, c := range []struct{ m, size, batches int }{
		{7, 3, 3}, {10, 10, 1}, {1, 1, 1}, {128, 32, 4}, {5, 1, 5},
	} {
		o := NewOrder(c.m, c.size, nprand.New(3))
		if got := o.PerEpoch(); got != c.batches {
			t.Errorf("m=%d size=%d: PerEpoch() = %d, want %d", c.m, c.size, got, c.batches)
		}
		perms := nprand.New(3)
		for epoch := range 3 {
			var got []int
			for k := range o.PerEpoch() {
				cols := o.Batch(k)
				if want := min(c.size, c.m-k*c.size); len(cols) != want {
					t.Errorf("m=%d size=%d: batch %d has %d columns, want %d", c.m, c.size, k, len(cols), want)
				}
				got = append(got, cols...)
			}
			if want := perms.Perm(c.m); !slices.Equal(got, want) {
				t.Errorf("m=%d size=%d, epoch %d: columns %v, want numpy's permutation %v", c.m, c.size, epoch, got, want)
			}
		}
	}
}

func TestOrderWithoutSourceIsInOrder(t *testing.T) {
	o := NewOrder(5, 2, nil)
	for epoch := range 2 {
		var got []int
		for k := range o.PerEpoch() {
			got = append(got, o.Batch(k)...)
		}
		if want := []int{0, 1, 2, 3, 4}; !slices.Equal(got, want) {
			t.Errorf("epoch %d: columns %v, want %v", epoch, got, want)
		}
	}
}

func TestGather(t *testing.T) {
	for _, c := range []struct {
		name string
		n, m int
		cols []int
	}{
		{"one row", 1, 4, []int{3, 0}},
		{"all columns shuffled", 3, 5, []int{4, 2, 0, 1, 3}},
		{"repeats", 2, 3, []int{1, 1, 1}},
		{"none", 2, 3, nil},
		{"split between goroutines", 64, 2000, cols(1024, 2000)},
	} {
		src := make([]float64, c.n*c.m)
		for i := range src {
			src[i] = float64(i)
		}
		dst := make([]float64, c.n*len(c.cols))
		Gather(dst, src, c.m, c.cols)
		for r := range c.n {
			for j, col := range c.cols {
				if got, want := dst[r*len(c.cols)+j], src[r*c.m+col]; got != want {
					t.Fatalf("%s: dst[%d][%d] = %v, want src[%d][%d] = %v", c.name, r, j, got, r, col, want)
				}
			}
		}
	}
}

// cols returns b columns out of m, spread and out of order.
func cols(b, m int) []int {
	c := make([]int, b)
	for j := range c {
		c[j] = (j*7919 + 13) % m
	}
	return c
}

func TestGatherAllocatesNothing(t *testing.T) {
	src, dst := make([]float64, 4*1000), make([]float64, 4*128)
	c := cols(128, 1000)
	if a := testing.AllocsPerRun(100, func() { Gather(dst, src, 1000, c) }); a != 0 {
		t.Errorf("Gather of a (4, 128) batch: %v allocations, want 0", a)
	}
}

// An order restored to the state saved before any batch of any epoch
// gives the batches the saved order gives from there.
func TestRestoreContinuesTheOrder(t *testing.T) {
	const m, size, epochs = 11, 3, 4
	o := NewOrder(m, size, nprand.New(9))
	per := o.PerEpoch()
	var want [][]int
	for i := range epochs * per {
		want = append(want, slices.Clone(o.Batch(i%per)))
	}
	for at := range epochs * per {
		o := NewOrder(m, size, nprand.New(9))
		for i := range at {
			o.Batch(i % per)
		}
		state, err := o.State(at % per)
		if err != nil {
			t.Fatal(err)
		}
		r := NewOrder(m, size, nprand.New(0))
		if err := r.Restore(state, at%per); err != nil {
			t.Fatal(err)
		}
		for i := at; i < epochs*per; i++ {
			if got := r.Batch(i % per); !slices.Equal(got, want[i]) {
				t.Fatalf("restored at batch %d: batch %d is %v, want %v", at, i, got, want[i])
			}
		}
	}
}

func TestRestoreWithoutSource(t *testing.T) {
	o := NewOrder(4, 4, nil)
	if s, err := o.State(0); s != nil || err != nil {
		t.Errorf("State of an order without a source = %v, %v; want nil, nil", s, err)
	}
	if err := o.Restore(nil, 0); err != nil {
		t.Error(err)
	}
	if err := o.Restore([]byte{1}, 0); err == nil {
		t.Error("Restore of a state into an order without a source: no error")
	}
	if err := NewOrder(4, 2, nprand.New(1)).Restore([]byte{1}, 0); err == nil {
		t.Error("Restore of a bad state: no error")
	}
}
