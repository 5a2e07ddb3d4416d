package vmath

import (
	"testing"

	"github.com/gradlab/gradlab/internal/longtest"
)

// TestAVX2 runs the comparisons with package math on the AVX2 code alone,
// which a CPU with AVX-512 otherwise uses only for a block of four at the
// end.
func TestAVX2(t *testing.T) {
	if !useAVX512 {
		t.Skip("no AVX-512 on this CPU: the other tests run the AVX2 code")
	}
	useAVX512 = false
	defer func() { useAVX512 = true }()
	n := longtest.Size(1<<18, 1<<20)
	if testing.Short() {
		n = 1 << 14
	}
	sameAsMath(t, n)
	shortSlices(t)
}

// TestTanhBlocksAVX2 is TestTanhBlocks on the AVX2 code alone.
func TestTanhBlocksAVX2(t *testing.T) {
	if !useAVX512 {
		t.Skip("no AVX-512 on this CPU: TestTanhBlocks runs the AVX2 code")
	}
	useAVX512 = false
	defer func() { useAVX512 = true }()
	TestTanhBlocks(t)
}
