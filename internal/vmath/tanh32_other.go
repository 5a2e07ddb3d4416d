//go:build !amd64

package vmath

const useAVX2f32 = false

func tanh32AVX2(dst, x []float32) { panic("vmath: no vector code on this architecture") }
