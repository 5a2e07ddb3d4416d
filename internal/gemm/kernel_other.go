//go:build !amd64

package gemm

// There is no micro-kernel but on amd64: every product is gonum's.
var (
	best      kernel
	hasKernel = false
)

func kernel4x12(kc int, a, b, c *float64, ldc int, first bool) {
	panic("gemm: no kernel on this architecture")
}

func kernel8x16(kc int, a, b, c *float64, ldc int, first bool) {
	panic("gemm: no kernel on this architecture")
}

func copyRow16(dst, src *float64, chunks, step int) { panic("gemm: no kernel on this architecture") }

func axpyFMA(alpha float64, x, y *float64, n int) { panic("gemm: no kernel on this architecture") }
