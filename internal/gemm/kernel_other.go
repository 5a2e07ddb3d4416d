//go:build !amd64

package gemm

// There is no micro-kernel but on amd64: every product is gonum's.
var (
	best      kernel
	hasKernel = false
)

func copyRow16(dst, src *float64, chunks, step int) { panic("gemm: no kernel on this architecture") }

func axpyFMA(alpha float64, x, y *float64, n int) { panic("gemm: no kernel on this architecture") }
