package machine

import (
	"fmt"

	"gorgonia.org/gorgonia"
)

// KernelCounts counts the instructions of m by the kernel that runs them,
// for tests outside the package that check which kernels a program gets.
func KernelCounts(m *Machine) map[string]int {
	counts := make(map[string]int)
	for _, in := range m.instrs {
		counts[kernelName(in.k)]++
	}
	return counts
}

// GenericOps returns the ops of m's instructions that run on the generic
// kernel: gorgonia's own code, not a kernel of the machine.
func GenericOps(m *Machine) []gorgonia.Op {
	var out []gorgonia.Op
	for _, in := range m.instrs {
		if _, ok := in.k.(*generic); ok {
			out = append(out, m.nodes[in.out].Op())
		}
	}
	return out
}

// IsOwnOp is the probe isOwnOp.
var IsOwnOp = isOwnOp

func kernelName(k kernel) string {
	switch k.(type) {
	case *generic:
		return "generic"
	case *onceKernel:
		return "once"
	case *reshapeKernel:
		return "reshape"
	case *binary:
		return "binary"
	case *unary:
		return "unary"
	case *matMul:
		return "matmul"
	case *sum:
		return "sum"
	case *transpose:
		return "transpose"
	case *broadcast:
		return "broadcast"
	case *oneMinusSquare:
		return "1−t²"
	case *clampedLog:
		return "clampedlog"
	case *repeat:
		return "repeat"
	}
	panic(fmt.Sprintf("machine: kernel %T has no name", k))
}
