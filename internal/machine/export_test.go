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

// Runs returns the lengths of m's tiled runs, in order (tile.go).
func Runs(m *Machine) []int {
	var runs []int
	for _, in := range m.instrs {
		if in.run > 0 {
			runs = append(runs, in.run)
		}
	}
	return runs
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
	case *binary[float64, f64], *binary[float32, f32]:
		return "binary"
	case *unary[float64, f64], *unary[float32, f32]:
		return "unary"
	case *matMul[float64, f64], *matMul[float32, f32]:
		return "matmul"
	case *sum[float64, f64], *sum[float32, f32]:
		return "sum"
	case *transpose[float64, f64], *transpose[float32, f32]:
		return "transpose"
	case *broadcast[float64, f64], *broadcast[float32, f32]:
		return "broadcast"
	case *oneMinusSquare[float64, f64], *oneMinusSquare[float32, f32]:
		return "1−t²"
	case *clampedLog[float64, f64], *clampedLog[float32, f32]:
		return "clampedlog"
	case *clampedLogGrad[float64, f64], *clampedLogGrad[float32, f32]:
		return "clampedloggrad"
	case *repeat[float64, f64], *repeat[float32, f32]:
		return "repeat"
	case *sigmoid32:
		return "sigmoid32"
	case *opsSigmoid:
		return "sigmoid"
	case *shallow:
		return "shallow"
	}
	panic(fmt.Sprintf("machine: kernel %T has no name", k))
}

// SameAsTape is sameAsTape, for the tests outside the package.
var SameAsTape = sameAsTape
