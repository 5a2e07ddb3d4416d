package par

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// Every index is visited exactly once, whatever the size, and For's ranges
// start on multiples of 8.
func TestCover(t *testing.T) {
	for _, n := range []int{0, 1, 7, Grain - 1, Grain, 3*Grain + 5, 1 << 20} {
		for name, f := range map[string]func(int, func(int, int)){"For": For, "Split": Split} {
			seen := make([]int32, n)
			f(n, func(lo, hi int) {
				if name == "For" && lo%8 != 0 {
					t.Errorf("For(%d): range starts at %d", n, lo)
				}
				for i := lo; i < hi; i++ {
					atomic.AddInt32(&seen[i], 1)
				}
			})
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("%s(%d): index %d visited %d times", name, n, i, c)
				}
			}
		}
	}
}

// Workers follows GOMAXPROCS, which a program or GOMAXPROCS=n may lower.
func TestWorkers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	if got := Workers(); got != 3 {
		t.Errorf("Workers() = %d with GOMAXPROCS 3", got)
	}
}
