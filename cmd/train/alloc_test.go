package main

import (
	"runtime"
	"testing"
)

// The command line's default run takes the path the README describes: a
// step allocates nothing. Two default runs that differ only in 999 steps
// between the same reports (iterations 0 and 1000) allocate the same.
func TestDefaultStepAllocatesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("trains twice")
	}
	mallocs := func(iters string) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if code, _, stderr := runCmd(t, "-iters", iters); code != 0 {
			t.Fatalf("-iters %s: exit %d: %s", iters, code, stderr)
		}
		runtime.ReadMemStats(&after)
		return after.Mallocs - before.Mallocs
	}
	mallocs("1001") // warm up: first-use allocations of the runtime and packages
	short, long := mallocs("1001"), mallocs("2000")
	// A few dozen allocations of the runtime's own (its background work)
	// may fall in either run; one allocation a step would be 999.
	if long > short+100 {
		t.Errorf("999 more steps allocate %d more times (%d, %d): want none", long-short, short, long)
	}
}
