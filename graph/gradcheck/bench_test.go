package gradcheck_test

import (
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/graph/gradcheck"
	"github.com/gradlab/gradlab/nn"
)

// The exercise's network, 2→4→1 on the 400 planar points: 17 parameters.
func BenchmarkExercise(b *testing.B) {
	set, err := datasets.Planar(400, 1)
	must(b, err)
	n := build(b, netConfig{set: set, hidden: []int{4}, act: nn.Tanh, seed: 2})
	benchCheck(b, n, gradcheck.Full)
}

// Spirals with hidden layers 64,64 on the 64 examples cmd/train checks:
// 4,417 parameters.
func BenchmarkSpirals64x64Full(b *testing.B) { benchSpirals(b, gradcheck.Full) }
func BenchmarkSpirals64x64Fast(b *testing.B) { benchSpirals(b, gradcheck.Fast) }

func benchSpirals(b *testing.B, mode gradcheck.Mode) {
	n := build(b, netConfig{set: spirals(b), hidden: []int{64, 64}, act: nn.Tanh, m: 64, seed: 2})
	benchCheck(b, n, mode)
}

func benchCheck(b *testing.B, n *net, mode gradcheck.Mode) {
	b.ReportAllocs()
	for b.Loop() {
		r, err := gradcheck.Check(n.prog, gradcheck.WithMode(mode))
		if err != nil || !r.Passed {
			b.Fatalf("%v\n%v", err, r)
		}
	}
}
