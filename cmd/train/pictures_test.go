package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPictureFlags: the labelled pictures are written for full-batch and
// mini-batch runs, with -plot-log and a test part, and -plot-log needs
// -plot-cost.
func TestPictureFlags(t *testing.T) {
	dir := t.TempDir()
	for i, args := range [][]string{
		{"-iters", "30"},
		{"-batch", "16", "-epochs", "3", "-plot-log", "-test-split", "0.25"},
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
