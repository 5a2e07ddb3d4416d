package main

import (
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/nn/figure"
)

// TestPictureFlags: the labelled pictures are written for full-batch and
// mini-batch runs, with -plot-log and a test part, and -plot-log needs
// -plot-cost.
func TestPictureFlags(t *testing.T) {
	dir := t.TempDir()
	for i, args := range [][]string{
		{"-iters", "30"},
		{"-batch", "16", "-epochs", "3", "-plot-log", "-test-split", "0.25"},
		{"-iters", "30", "-val-split", "0.2", "-test-split", "0.2"}, // both parts marked
	} {
		b, c := filepath.Join(dir, "b.png"), filepath.Join(dir, "c.png")
		code, _, stderr := runCmd(t, append(args, "-quiet", "-plot", b, "-plot-cost", c)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		for _, p := range []string{b, c} {
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(f)
			f.Close()
			if err != nil || img.Bounds().Dx() != picWidth || img.Bounds().Dy() != picHeight {
				t.Errorf("run %d: %s: %v", i, p, err)
			}
		}
	}
	if code, _, stderr := runCmd(t, "-plot-log"); code != 2 || !strings.Contains(stderr, "-plot-log needs -plot-cost") {
		t.Errorf("-plot-log alone: exit %d, %q", code, stderr)
	}
}

// TestCurve: the recorded curve keeps every step up to its bound, and the
// means of consecutive steps beyond it.
func TestCurve(t *testing.T) {
	c := newCurve(10)
	for i := range 10 {
		c.add(i, float64(i))
	}
	if c.stride != 1 || len(c.costs) != 10 || c.costs[9] != 9 {
		t.Errorf("10 steps: stride %d, %d points", c.stride, len(c.costs))
	}
	c = newCurve(3 * maxCurvePoints)
	for i := range 3 * maxCurvePoints {
		c.add(i, float64(i))
	}
	// Each point is the mean of three steps i-2, i-1, i: i-1.
	if c.stride != 3 || len(c.costs) != maxCurvePoints || c.iterations[0] != 2 || c.costs[0] != 1 || c.costs[maxCurvePoints-1] != float64(3*maxCurvePoints-2) {
		t.Errorf("stride %d, %d points, first (%d, %v), last %v", c.stride, len(c.costs), c.iterations[0], c.costs[0], c.costs[len(c.costs)-1])
	}
}

// TestCostPictureSeries: -plot-cost draws every step's training cost and,
// marked at the reports, the whole training part's cost of a mini-batch
// run, the validation cost, and compare mode's two forms — each in its own
// colour, even when a run has a single report.
func TestCostPictureSeries(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args   []string
		series int
	}{
		{[]string{"-iters", "300", "-print-every", "100"}, 1},
		{[]string{"-iters", "300", "-print-every", "100", "-val-split", "0.25"}, 2},
		{[]string{"-batch", "16", "-epochs", "3", "-print-every-epochs", "1", "-val-split", "0.25"}, 3},
		{[]string{"-iters", "1", "-compare"}, 3}, // one report: every series is a single point
	} {
		c := filepath.Join(dir, "c.png")
		code, _, stderr := runCmd(t, append(tc.args, "-quiet", "-plot-cost", c)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
		}
		seen := colours(t, c)
		for k := range figure.Curve {
			if drawn := seen[figure.Curve[k]] > 0; drawn != (k < tc.series) {
				t.Errorf("%v: series %d drawn %v, want %v (%d series)", tc.args, k, drawn, k < tc.series, tc.series)
			}
		}
	}
}

// colours counts the pixels of each colour of the PNG file at path.
func colours(t *testing.T, path string) map[color.RGBA]int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[color.RGBA]int{}
	b := img.Bounds()
	for x := b.Min.X; x < b.Max.X; x++ {
		for y := b.Min.Y; y < b.Max.Y; y++ {
			seen[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	return seen
}
