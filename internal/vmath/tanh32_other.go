//go:build !amd64

package vmath

var useAVX2f32 = false // a var, so that tests can take the other path everywhere

func tanh32AVX2(dst, x []float32) { panic("vmath: no vector code on this architecture") }

func binary32AVX2(op, form int, c, a, b []float32, s float32) {
	panic("vmath: no vector code on this architecture")
}
func axpy32AVX2(alpha float32, x, y []float32) { panic("vmath: no vector code on this architecture") }
func sum32AVX2(x []float32) (s0, s1, s2, s3 float64) {
	panic("vmath: no vector code on this architecture")
}
func scale32AVX2(alpha float32, x, y []float32) { panic("vmath: no vector code on this architecture") }
