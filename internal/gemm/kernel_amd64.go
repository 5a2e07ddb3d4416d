package gemm

import "golang.org/x/sys/cpu"

// best is the fastest micro-kernel this CPU runs: AVX-512 (8×16 tiles),
// else AVX2 and FMA (4×12); hasKernel is false when there is neither.
var best, hasKernel = func() (kernel, bool) {
	switch {
	case cpu.X86.HasAVX512F && cpu.X86.HasAVX2 && cpu.X86.HasFMA: // axpyFMA is AVX2
		return kernel{8, 16, kernel8x16}, true
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return kernel{4, 12, kernel4x12}, true
	}
	return kernel{}, false
}()

// kernel4x12 sets (first) or adds to (not first) the 4×12 block of C at c,
// row stride ldc, the product of the packed panels a (kc×4) and b (kc×12),
// with fused multiply-adds. kc must be at least 1. It needs AVX2 and FMA.
//
//go:noescape
func kernel4x12(kc int, a, b, c *float64, ldc int, first bool)

// kernel8x16 is kernel4x12 for 8×16 blocks with AVX-512 (F).
//
//go:noescape
func kernel8x16(kc int, a, b, c *float64, ldc int, first bool)

// copyRow16 copies, for c < chunks, the 16 float64s at src+16c to
// dst+c·step: a row of B dealt out to 16-column panels (packB). It needs
// AVX-512 (F), like kernel8x16, the only kernel with such panels.
//
//go:noescape
func copyRow16(dst, src *float64, chunks, step int)

// axpyFMA sets y[i] = fma(alpha, x[i], y[i]) for i < n. It needs AVX2 and
// FMA, which every CPU with a kernel has.
//
//go:noescape
func axpyFMA(alpha float64, x, y *float64, n int)
