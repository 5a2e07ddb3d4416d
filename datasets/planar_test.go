package datasets_test

import (
	"errors"
	"math"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/graph"
)

// testdata/planar.json comes from testdata/planar.py, the notebook's
// load_planar_dataset run with Debian's numpy.
func TestPlanarMatchesNotebook(t *testing.T) {
	var fixture struct {
		Cases []struct {
			M    int
			Seed uint32
			X, Y [][]float64
		}
	}
	loadFixture(t, "planar.json", &fixture)
	if len(fixture.Cases) == 0 {
		t.Fatal("planar.json holds no cases")
	}
	for _, c := range fixture.Cases {
		s, err := datasets.Planar(c.M, c.Seed)
		if err != nil {
			t.Fatalf("Planar(%d, %d): %v", c.M, c.Seed, err)
		}
		compare(t, "X", s.X.Data().([]float64), c.X, 1e-12)
		compare(t, "Y", s.Y.Data().([]float64), c.Y, 0)
		if s.Examples() != c.M || s.Dims() != 2 {
			t.Errorf("Planar(%d, %d) is %d × %d", c.M, c.Seed, s.Dims(), s.Examples())
		}
	}
}

func compare(t *testing.T, name string, got []float64, want [][]float64, tol float64) {
	t.Helper()
	var flat []float64
	for _, row := range want {
		flat = append(flat, row...)
	}
	if len(got) != len(flat) {
		t.Fatalf("%s holds %d values, numpy's %d", name, len(got), len(flat))
	}
	for i := range flat {
		if math.Abs(got[i]-flat[i]) > tol {
			t.Fatalf("%s[%d] = %v, numpy %v", name, i, got[i], flat[i])
		}
	}
}

func TestPlanarBadSize(t *testing.T) {
	for _, m := range []int{-2, 0, 3} {
		if _, err := datasets.Planar(m, 1); !errors.Is(err, graph.ErrShape) {
			t.Errorf("Planar(%d, 1) error = %v, want ErrShape", m, err)
		}
	}
}
