package datasets_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/gradlab/gradlab/datasets"
)

// testdata/toys.json comes from testdata/toys.py: scikit-learn's
// make_moons, make_circles, make_blobs and make_gaussian_quantiles.
func TestToysMatchScikitLearn(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "toys.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fixture struct {
		Cases []struct {
			Name string
			Seed uint32
			Args struct {
				NSamples   int      `json:"n_samples"`
				Noise      *float64 `json:"noise"`
				Factor     float64
				Centers    int
				ClusterStd float64 `json:"cluster_std"`
				Cov        float64
			}
			X [][]float64
			Y []float64
		}
	}
	if err := json.Unmarshal(b, &fixture); err != nil {
		t.Fatal(err)
	}
	if len(fixture.Cases) < 8 {
		t.Fatalf("toys.json holds %d cases", len(fixture.Cases))
	}
	for i, c := range fixture.Cases {
		o := datasets.Options{N: c.Args.NSamples, Seed: c.Seed, Factor: c.Args.Factor, Centers: c.Args.Centers, Noise: -1}
		switch {
		case c.Args.Noise != nil:
			o.Noise = *c.Args.Noise
		case c.Name == "blobs":
			o.Noise = 1 // make_blobs' default deviation
			if c.Args.ClusterStd != 0 {
				o.Noise = c.Args.ClusterStd
			}
		case c.Name == "quantiles":
			o.Noise = c.Args.Cov
		}
		s, err := datasets.Generate(c.Name, o)
		if err != nil {
			t.Fatalf("case %d, %s: %v", i, c.Name, err)
		}
		x, y, m := s.X.Data().([]float64), s.Y.Data().([]float64), s.Examples()
		if m != len(c.Y) || s.Dims() != 2 {
			t.Fatalf("case %d, %s: %d×%d, scikit-learn %d examples", i, c.Name, s.Dims(), m, len(c.Y))
		}
		for k := range m {
			if math.Abs(x[k]-c.X[k][0]) > 1e-12 || math.Abs(x[m+k]-c.X[k][1]) > 1e-12 || y[k] != c.Y[k] {
				t.Errorf("case %d, %s (seed %d): example %d is (%v, %v) → %v, scikit-learn's (%v, %v) → %v",
					i, c.Name, c.Seed, k, x[k], x[m+k], y[k], c.X[k][0], c.X[k][1], c.Y[k])
				break
			}
		}
	}
}
