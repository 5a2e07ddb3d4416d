package gradcheck_test

import (
	"testing"
	"time"

	"github.com/gradlab/gradlab/graph/gradcheck"
	"github.com/gradlab/gradlab/nn"
)

func TestSmoke(t *testing.T) {
	for _, mode := range []gradcheck.Mode{gradcheck.Full, gradcheck.Fast, gradcheck.Course, gradcheck.Sweep} {
		n := build(t, netConfig{set: spirals(t), hidden: []int{64, 64}, act: nn.Tanh, m: 64, seed: 2})
		start := time.Now()
		r, err := gradcheck.Check(n.prog, gradcheck.WithMode(mode), gradcheck.WithSensitivity())
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%v %v\n%v", mode, time.Since(start), r)
	}
}
