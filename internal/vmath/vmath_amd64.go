package vmath

import "golang.org/x/sys/cpu"

// useAVX2 reports whether this CPU runs the vector code. It needs FMA as
// well as AVX2 because math.Exp takes its FMA path on such a CPU, and the
// vector code computes what that path does.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// The vector functions each compute len(dst)/4 blocks of four elements
// from x, which is at least as long as dst. expAVX2, logAVX2 and
// clampedLogAVX2 stop at the first block with a lane outside their range
// (see vmath_amd64.s) and return the number of elements done.

//go:noescape
func expAVX2(dst, x []float64) int

//go:noescape
func logAVX2(dst, x []float64) int

//go:noescape
func clampedLogAVX2(dst, x []float64, floor float64) int

//go:noescape
func tanhAVX2(dst, x []float64)

// useAVX512 reports whether this CPU runs the eight-lane versions, which
// need AVX-512 F (FMA is part of it) and, for math.Exp's FMA path, FMA.
var useAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasFMA && useAVX2

// The eight-lane versions of the functions above, for len(dst)/8 blocks of
// eight.

//go:noescape
func expAVX512(dst, x []float64) int

//go:noescape
func logAVX512(dst, x []float64) int

//go:noescape
func clampedLogAVX512(dst, x []float64, floor float64) int

//go:noescape
func tanhAVX512(dst, x []float64)
