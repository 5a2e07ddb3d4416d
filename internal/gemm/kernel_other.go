//go:build !amd64

package gemm

const hasKernel = false

func kernel4x12(kc int, a, b, c *float64, ldc int, first bool) {
	panic("gemm: no kernel on this architecture")
}
