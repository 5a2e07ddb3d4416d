// Package minibatch orders and gathers the mini-batches of a data set whose
// examples are columns, for nn/train's loop and datasets.Batches alike.
package minibatch

import (
	"errors"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/internal/par"
)

// Order hands out the columns of each batch of an epoch. With a source, an
// epoch goes in the order of numpy's permutation(m), drawn anew each epoch,
// so that a numpy loop on RandomState(seed) sees the same batches; without
// one, in order.
type Order struct {
	m, size int
	src     *nprand.Source
	start   *nprand.Source // src as it was before the current epoch's draw
	perm    []int
}

// NewOrder returns the order of batches of size examples out of m, 1 ≤ size ≤ m.
func NewOrder(m, size int, src *nprand.Source) *Order {
	o := &Order{m: m, size: size, src: src, perm: make([]int, m)}
	if src != nil {
		o.start = nprand.New(0)
	}
	for i := range o.perm {
		o.perm[i] = i
	}
	return o
}

// PerEpoch returns the number of batches an epoch has; the last may be short.
func (o *Order) PerEpoch() int { return (o.m + o.size - 1) / o.size }

// Batch returns the columns of batch k of the epoch, 0 ≤ k < PerEpoch,
// drawing the epoch's permutation at k = 0. The slice is valid until the
// next epoch starts.
func (o *Order) Batch(k int) []int {
	if k == 0 && o.src != nil {
		o.draw()
	}
	return o.perm[k*o.size : min((k+1)*o.size, o.m)]
}

// draw draws the epoch's permutation, keeping the source's state before
// it, which State saves in the middle of an epoch.
func (o *Order) draw() {
	o.start.CopyFrom(o.src)
	for i := range o.perm {
		o.perm[i] = i
	}
	o.src.Shuffle(len(o.perm), func(i, j int) { o.perm[i], o.perm[j] = o.perm[j], o.perm[i] })
}

// State returns the state of the source from which the permutation of the
// epoch of batch next, the next batch to be asked for, is (or will be)
// drawn: the source now when next is 0, as it was at the epoch's start
// otherwise. It is nil for an order without a source. Restore(state, next)
// puts an order of the same size back there.
//
// A saved state is a few kilobytes whatever the data's size, and resuming
// costs one permutation, not a replay of every epoch since the seed.
func (o *Order) State(next int) ([]byte, error) {
	switch {
	case o.src == nil:
		return nil, nil
	case next == 0:
		return o.src.MarshalBinary()
	}
	return o.start.MarshalBinary()
}

// Restore sets the source to state, which State(next) returned for an
// order of the same m and size, and redraws the epoch's permutation when
// next is inside an epoch: then Batch(next) is the batch the saved order
// would have given. An order without a source takes a nil state.
func (o *Order) Restore(state []byte, next int) error {
	if o.src == nil {
		if state != nil {
			return errors.New("minibatch: a shuffle state for an order that does not shuffle")
		}
		return nil
	}
	if err := o.src.UnmarshalBinary(state); err != nil {
		return err
	}
	if next > 0 {
		o.draw()
	}
	return nil
}

// Gather copies the columns cols of src, an (n, m) matrix stored row by
// row, into dst, an (n, len(cols)) one. It allocates nothing unless the
// batch is large enough to split between cores.
func Gather[T float32 | float64](dst, src []T, m int, cols []int) {
	n := len(src) / m
	if n*len(cols) < par.Grain {
		gather(dst, src, m, cols, 0, n)
		return
	}
	// Each gather waits on memory; two cores keep twice as many loads in
	// flight.
	par.Split(n, func(lo, hi int) { gather(dst, src, m, cols, lo, hi) })
}

// gather copies rows lo to hi. Feature by feature: the batch's values of
// one feature lie in one row of src, so the loads stay within a few hundred
// kilobytes, and the TLB's reach, instead of striding across the whole set.
func gather[T float32 | float64](dst, src []T, m int, cols []int, lo, hi int) {
	b := len(cols)
	for r := lo; r < hi; r++ {
		from, to := src[r*m:(r+1)*m], dst[r*b:(r+1)*b]
		for j, c := range cols {
			to[j] = from[c]
		}
	}
}
