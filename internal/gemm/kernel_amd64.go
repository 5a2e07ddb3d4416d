package gemm

import "golang.org/x/sys/cpu"

// hasKernel reports whether this CPU runs kernel4x12.
var hasKernel = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernel4x12 sets (first) or adds to (not first) the 4×12 block of C at c,
// row stride ldc, the product of the packed panels a (kc×4) and b (kc×12),
// with fused multiply-adds. kc must be at least 1.
//
//go:noescape
func kernel4x12(kc int, a, b, c *float64, ldc int, first bool)
