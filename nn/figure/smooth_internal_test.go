package figure

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"gonum.org/v1/plot/plotter"
)

// testdata/smooth.json (smooth.py) holds numpy's trailing means.
func TestMovingAverage(t *testing.T) {
	b, err := os.ReadFile("testdata/smooth.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Cases []struct {
			Y    []float64
			N    int
			Mean []float64
		}
	}
	if err := json.Unmarshal(b, &f); err != nil || len(f.Cases) == 0 {
		t.Fatalf("%d cases, %v", len(f.Cases), err)
	}
	for _, c := range f.Cases {
		pts := make(plotter.XYs, len(c.Y))
		for i, y := range c.Y {
			pts[i] = plotter.XY{X: float64(10 * i), Y: y}
		}
		got := movingAverage(pts, c.N)
		for i, p := range got {
			if p.X != float64(10*i) || math.Abs(p.Y-c.Mean[i]) > 1e-12*c.Mean[i] {
				t.Errorf("m=%d n=%d: point %d = %v, numpy's mean %v at x %d", len(c.Y), c.N, i, p, c.Mean[i], 10*i)
			}
		}
	}
}
