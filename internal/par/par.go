// Package par splits loops between the machine's cores.
package par

import (
	"runtime"
	"sync"
)

// Grain is the least number of elements worth a goroutine in an
// elementwise loop: below it, starting and joining one costs more than the
// work it takes over.
const Grain = 1 << 15

// For calls body on consecutive ranges [lo, hi) that cover [0, n), at
// most one per core and none shorter than Grain/2 elements, and returns when
// all are done. The range boundaries are multiples of 8, so that no two
// ranges write the same cache line of a float64 slice.
func For(n int, body func(lo, hi int)) {
	parts := min(runtime.GOMAXPROCS(0), n/(Grain/2))
	if parts <= 1 {
		body(0, n)
		return
	}
	split(n, parts, 8, body)
}

// Split calls body on up to one range [lo, hi) per core covering [0, n),
// for n units of work that are each worth a goroutine, and returns when all
// are done.
func Split(n int, body func(lo, hi int)) {
	parts := min(runtime.GOMAXPROCS(0), n)
	if parts <= 1 {
		body(0, n)
		return
	}
	split(n, parts, 1, body)
}

// split runs body on parts ranges whose boundaries are multiples of align,
// the first in the calling goroutine.
func split(n, parts, align int, body func(lo, hi int)) {
	step := (n + parts - 1) / parts
	step = (step + align - 1) / align * align
	var wg sync.WaitGroup
	for lo := step; lo < n; lo += step {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			body(lo, hi)
		}(lo, min(lo+step, n))
	}
	body(0, min(step, n))
	wg.Wait()
}

// Workers returns the number of goroutines that can run at once.
func Workers() int { return runtime.GOMAXPROCS(0) }
