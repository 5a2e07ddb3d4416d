// Package minibatch orders and gathers the mini-batches of a data set whose
// examples are columns, for nn/train's loop and datasets.Batches alike.
package minibatch

import (
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
	perm    []int
}

// NewOrder returns the order of batches of size examples out of m, 1 ≤ size ≤ m.
func NewOrder(m, size int, src *nprand.Source) *Order {
	o := &Order{m: m, size: size, src: src, perm: make([]int, m)}
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
		for i := range o.perm {
			o.perm[i] = i
		}
		o.src.Shuffle(len(o.perm), func(i, j int) { o.perm[i], o.perm[j] = o.perm[j], o.perm[i] })
	}
	return o.perm[k*o.size : min((k+1)*o.size, o.m)]
}

// Gather copies the columns cols of src, an (n, m) matrix stored row by
// row, into dst, an (n, len(cols)) one. It allocates nothing unless the
// batch is large enough to split between cores.
func Gather(dst, src []float64, m int, cols []int) {
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
func gather(dst, src []float64, m int, cols []int, lo, hi int) {
	b := len(cols)
	for r := lo; r < hi; r++ {
		from, to := src[r*m:(r+1)*m], dst[r*b:(r+1)*b]
		for j, c := range cols {
			to[j] = from[c]
		}
	}
}
