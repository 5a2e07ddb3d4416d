package machine

import (
	"github.com/gradlab/gradlab/internal/par"
	"gorgonia.org/gorgonia"
)

// A run of consecutive elementwise instructions over the same number of
// elements is computed tile by tile: every instruction of the run on the
// first tileSize elements, then on the next, and so on, split over the
// cores. Each element sees the same operations as before, in the same
// order, so the numbers do not change; what changes is that an
// intermediate is read back while it is still in the cache, instead of
// from memory one whole pass later.

// ranged is a kernel whose output elements each depend only on the same
// element of its arguments (or on a row or column of a broadcast one), so
// that it can compute any range of them once bound to its arguments.
type ranged interface {
	kernel
	// elems is the number of elements of the output, 0 for a scalar.
	elems() int
	// bind checks args as do would and keeps their elements for span;
	// false means that do must run instead.
	bind(args []gorgonia.Value) (gorgonia.Value, bool)
	// span computes the output elements [lo, hi) from the bound
	// arguments.
	span(lo, hi int)
}

const (
	// tileSize is the elements of one tile: a few arrays' worth of it fit
	// in a core's L1 cache.
	tileSize = 2048
	// minTiled is the least number of elements for which a run of
	// instructions is tiled: below it every array stays in cache anyway.
	minTiled = 1 << 14
)

// tile marks the runs of at least two ranged instructions of one size of
// at least minTiled elements: instrs[i].run is the length of the run that
// starts at i. Between them a run may hold interludes, instructions that
// do not read the elements of the run's outputs (a reshape of a bias, the
// size of a matrix), which then run whole before the tiles.
func (m *Machine) tile() {
	for i := 0; i < len(m.instrs); {
		n := elemsOf(m.instrs[i].k)
		if n < minTiled {
			i++
			continue
		}
		outs := map[int]bool{m.instrs[i].out: true}
		last, tiled := i, 1
		for j := i + 1; j < len(m.instrs); j++ {
			ins := &m.instrs[j]
			if elemsOf(ins.k) == n {
				outs[ins.out] = true
				last, tiled = j, tiled+1
				continue
			}
			if !m.interlude(ins, outs) {
				break
			}
		}
		if tiled >= 2 {
			m.instrs[i].run = last - i + 1
			for j := i + 1; j < last; j++ {
				m.instrs[j].interlude = elemsOf(m.instrs[j].k) != n
			}
		}
		i = last + 1
	}
}

// interlude reports whether ins can run inside a run whose outputs so far
// are outs, before any of their elements are computed: it reads none of
// them, or only their shapes.
func (m *Machine) interlude(ins *instr, outs map[int]bool) bool {
	if _, shape := ins.k.(*onceKernel); shape {
		return true
	}
	for _, s := range ins.in {
		if outs[s] {
			return false
		}
	}
	return true
}

func elemsOf(k kernel) int {
	if r, ok := k.(ranged); ok {
		return r.elems()
	}
	return 0
}

// runTiled computes the run of instructions that starts at index i and
// returns the index after the last one it computed: the whole run, or the
// instructions before the first whose arguments it cannot bind, which then
// runs on its own.
func (m *Machine) runTiled(i int) int {
	run := m.instrs[i : i+m.instrs[i].run]
	n := run[0].k.(ranged).elems()
	bound := 0
	for ; bound < len(run); bound++ {
		ins := &run[bound]
		for j, s := range ins.in {
			ins.vals[j] = m.vals[s]
		}
		var v gorgonia.Value
		ok := true
		if ins.interlude {
			var err error
			v, err = ins.k.do(ins.vals)
			ok = err == nil // else it runs again alone, and reports the error
		} else {
			v, ok = ins.k.(ranged).bind(ins.vals)
		}
		if !ok {
			break
		}
		m.vals[ins.out] = v
	}
	body := func(lo, hi int) {
		for t := lo; t < hi; t += tileSize {
			end := min(t+tileSize, hi)
			for k := range run[:bound] {
				if !run[k].interlude {
					run[k].k.(ranged).span(t, end)
				}
			}
		}
	}
	if n >= par.Grain {
		par.For(n, body)
	} else {
		body(0, n)
	}
	return i + bound
}
