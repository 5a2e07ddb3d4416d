//go:build !amd64

package vmath

const (
	useAVX2   = false
	useAVX512 = false
)

func expAVX2(dst, x []float64) int { panic("vmath: no vector code on this architecture") }
func logAVX2(dst, x []float64) int { panic("vmath: no vector code on this architecture") }
func clampedLogAVX2(dst, x []float64, floor float64) int {
	panic("vmath: no vector code on this architecture")
}
func tanhAVX2(dst, x []float64)      { panic("vmath: no vector code on this architecture") }
func expAVX512(dst, x []float64) int { panic("vmath: no vector code on this architecture") }
func logAVX512(dst, x []float64) int { panic("vmath: no vector code on this architecture") }
func clampedLogAVX512(dst, x []float64, floor float64) int {
	panic("vmath: no vector code on this architecture")
}
func tanhAVX512(dst, x []float64) { panic("vmath: no vector code on this architecture") }
