//go:build !amd64

package gemm

// There is no micro-kernel but on amd64: every product is gonum's.
var (
	best      kernel
	hasKernel = false
)
