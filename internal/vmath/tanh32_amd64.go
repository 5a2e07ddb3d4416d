package vmath

import "golang.org/x/sys/cpu"

// useAVX2f32 reports whether this CPU runs tanh32AVX2, which needs AVX2
// alone: math32's float32 code takes no FMA path.
var useAVX2f32 = cpu.X86.HasAVX2

// tanh32AVX2 computes len(dst)/8 blocks of eight from x, which is at least
// as long as dst.
//
//go:noescape
func tanh32AVX2(dst, x []float32)
