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

// binary32AVX2 sets len(c)/8 blocks of eight of c: form 0, a op b; 1,
// a op s; 2, s op b; op 0 to 3 is +, −, ×, ÷.
//
//go:noescape
func binary32AVX2(op, form int, c, a, b []float32, s float32)

// axpy32AVX2 sets y += alpha·x for len(y)/8 blocks of eight.
//
//go:noescape
func axpy32AVX2(alpha float32, x, y []float32)

// sum32AVX2 returns the float64 sums of len(x)/16 blocks of sixteen, as
// Sum32 describes them.
//
//go:noescape
func sum32AVX2(x []float32) (s0, s1, s2, s3 float64)

// scale32AVX2 sets y = alpha·x + 0 for len(y)/8 blocks of eight.
//
//go:noescape
func scale32AVX2(alpha float32, x, y []float32)
