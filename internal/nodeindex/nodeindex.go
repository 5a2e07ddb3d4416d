// Package nodeindex makes building a gorgonia graph take time linear in
// its size.
//
// gorgonia v0.9.18's ExprGraph finds a node by its id through a cache
// (byID, id → position in the graph's node list) that it fills only on a
// miss, by scanning the list from the start. Every node that an op adds is
// looked up once, at once (SetEdge asks Has), and it is always last in
// the list, so every op scans the whole graph: a graph of n nodes costs
// n²/2 steps to build, 43 s for a network of 10,000 layers.
//
// The next nodes an op adds have known ids and positions: the graph's
// counter and the length of its list, each going up by one per node.
// Ahead puts those entries into the cache before the ops run, so the
// lookups hit; the entries are exactly the ones gorgonia's scan would have
// made. gorgonia exports neither the cache nor the counter, so Ahead
// reaches them by their names and types, found once by reflection. If a
// later gorgonia renames them, Ahead does nothing and building is as slow
// as before, never wrong; the package's test says so.
package nodeindex

import (
	"reflect"
	"unsafe"

	"gorgonia.org/gorgonia"
)

// fields are the offsets of the unexported fields of gorgonia.ExprGraph
// that Ahead reads and writes; ok is false when they are not found as
// expected.
var fields = probe()

type layout struct {
	all, byID, counter uintptr
	ok                 bool
}

func probe() layout {
	t := reflect.TypeOf(gorgonia.ExprGraph{})
	all, ok1 := t.FieldByName("all")
	byID, ok2 := t.FieldByName("byID")
	counter, ok3 := t.FieldByName("counter")
	if !ok1 || !ok2 || !ok3 ||
		all.Type != reflect.TypeOf(gorgonia.Nodes(nil)) ||
		byID.Type != reflect.TypeOf(map[int64]int(nil)) ||
		counter.Type.Kind() != reflect.Uint {
		return layout{}
	}
	return layout{all: all.Offset, byID: byID.Offset, counter: counter.Offset, ok: true}
}

// Supported reports whether Ahead can index the graphs of this gorgonia.
func Supported() bool { return fields.ok }

// Ahead indexes the next n nodes that will be added to g, and returns a
// function to call once they are: it removes the entries of nodes that
// were not added. Between the two calls only ops that add nodes may run,
// never one that removes a node from g (gorgonia's stabilizing rewrites of
// log, log1p, neg and subtraction from 1 do, and so does Backpropagate):
// the indexed positions assume a list that only grows. If one was removed
// all the same, done rebuilds the cache from the list, so that it is right
// again. A nil g, or an unsupported gorgonia, makes Ahead a no-op.
func Ahead(g *gorgonia.ExprGraph, n int) (done func()) {
	if g == nil || !fields.ok || n <= 0 {
		return func() {}
	}
	p := unsafe.Pointer(g)
	all := (*gorgonia.Nodes)(unsafe.Add(p, fields.all))
	byID := (*map[int64]int)(unsafe.Add(p, fields.byID))
	counter := (*uint)(unsafe.Add(p, fields.counter))
	if *byID == nil {
		return func() {}
	}
	id0, pos0 := int64(*counter), len(*all)
	for k := range n {
		(*byID)[id0+int64(k)] = pos0 + k
	}
	return func() {
		added := int64(*counter) - id0
		for k := added; k < int64(n); k++ {
			delete(*byID, id0+k)
		}
		if int64(len(*all)-pos0) != added {
			// A node was removed: positions moved. Index them afresh.
			clear(*byID)
			for i, node := range *all {
				(*byID)[node.ID()] = i
			}
		}
	}
}
