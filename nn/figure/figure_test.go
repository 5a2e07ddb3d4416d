package figure_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/nn/figure"
	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/tensor"
)

// wavy is a predictor whose boundary is the curve x2 = sin(x1).
func wavy(x *tensor.Dense) ([]float64, error) {
	d, n := x.Data().([]float64), x.Shape()[1]
	p := make([]float64, n)
	for i := range p {
		if d[n+i] > math.Sin(d[i]) {
			p[i] = 0.9
		} else {
			p[i] = 0.2
		}
	}
	return p, nil
}

func data() (x, y *tensor.Dense) {
	xs := []float64{-3, 3, 0, 2, -2, 1, // x1
		-2, 2, 1.5, -1, 1, 2.5} // x2
	ys := []float64{0, 1, 1, 0, 1, 1}
	return tensor.New(tensor.WithShape(2, 6), tensor.WithBacking(xs)), tensor.New(tensor.WithShape(1, 6), tensor.WithBacking(ys))
}

func decode(t *testing.T, b []byte, width, height int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if s := img.Bounds().Size(); s.X != width || s.Y != height {
		t.Fatalf("picture is %v, want %d×%d", s, width, height)
	}
	return img
}

// The picture's class regions agree with the predictor at sampled points,
// away from the boundary and from the drawn data points.
func TestBoundaryRegionsAgreeWithPredictions(t *testing.T) {
	x, y := data()
	const width, height = 400, 300
	b, err := figure.NewBoundary(wavy, x, y, width, height)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := b.WritePNG(&buf); err != nil {
		t.Fatal(err)
	}
	img := decode(t, buf.Bytes(), width, height)
	xs := x.Data().([]float64)
	checked := 0
	for x1 := -3.9; x1 < 3.9; x1 += 0.3 {
		for x2 := -2.9; x2 < 3.4; x2 += 0.3 {
			if math.Abs(x2-math.Sin(x1)) < 0.15 || nearPoint(b, xs, x1, x2) {
				continue
			}
			class := 0
			if x2 > math.Sin(x1) {
				class = 1
			}
			px, py := b.Pixel(x1, x2)
			if got := regionAt(img, px, py); got != class {
				t.Errorf("(%.1f, %.1f) at pixel (%d, %d) is %v, class %d's colour; want class %d's", x1, x2, px, py, img.At(px, py), got, class)
			}
			checked++
		}
	}
	if checked < 200 {
		t.Errorf("checked only %d pixels", checked)
	}
}

// regionAt returns the class whose region colour is nearest the pixel's:
// where the rasterized grid is scaled to the picture, neighbouring cells
// blend a little.
func regionAt(img image.Image, px, py int) int {
	c := color.RGBAModel.Convert(img.At(px, py)).(color.RGBA)
	dist := func(r color.RGBA) int {
		dr, dg, db := int(c.R)-int(r.R), int(c.G)-int(r.G), int(c.B)-int(r.B)
		return dr*dr + dg*dg + db*db
	}
	if dist(figure.Region[1]) < dist(figure.Region[0]) {
		return 1
	}
	return 0
}

// nearPoint reports whether (x1, x2) is drawn within 6 pixels of a data point.
func nearPoint(b *figure.Boundary, xs []float64, x1, x2 float64) bool {
	px, py := b.Pixel(x1, x2)
	n := len(xs) / 2
	for i := range n {
		qx, qy := b.Pixel(xs[i], xs[n+i])
		if math.Hypot(float64(px-qx), float64(py-qy)) < 6 {
			return true
		}
	}
	return false
}

func TestBoundaryErrors(t *testing.T) {
	x, y := data()
	three := tensor.New(tensor.WithShape(3, 2), tensor.WithBacking(make([]float64, 6)))
	failing := func(*tensor.Dense) ([]float64, error) { return nil, errors.New("no model") }
	for name, f := range map[string]func() error{
		"three features": func() error { _, err := figure.NewBoundary(wavy, three, y, 100, 100); return err },
		"nil labels":     func() error { _, err := figure.NewBoundary(wavy, x, nil, 100, 100); return err },
		"tiny":           func() error { _, err := figure.NewBoundary(wavy, x, y, 10, 100); return err },
		"failing model":  func() error { _, err := figure.NewBoundary(failing, x, y, 100, 100); return err },
	} {
		if err := f(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestWriteCosts(t *testing.T) {
	series := []figure.Series{
		{Name: "dot", Iterations: []int{0, 1000, 2000}, Costs: []float64{0.69, 0.29, 0.25}},
		{Name: "mulsum", Iterations: []int{0, 1000, 2000}, Costs: []float64{0.69, 0.29, 0.25}},
	}
	var buf bytes.Buffer
	if err := figure.WriteCosts(&buf, series, 320, 240); err != nil {
		t.Fatal(err)
	}
	img := decode(t, buf.Bytes(), 320, 240)
	// Both curves are drawn: some pixels carry each series' colour.
	seen := map[color.RGBA]bool{}
	for px := range 320 {
		for py := range 240 {
			seen[color.RGBAModel.Convert(img.At(px, py)).(color.RGBA)] = true
		}
	}
	for k := range series {
		if !seen[figure.Point[k]] {
			t.Errorf("no pixel of series %d's colour", k)
		}
	}
	bad := []figure.Series{{Name: "x", Iterations: []int{0}, Costs: nil}}
	if err := figure.WriteCosts(&buf, bad, 320, 240); !errors.Is(err, figure.ErrData) {
		t.Errorf("mismatched series: %v", err)
	}
}

// With a trained model, the picture's regions are the model's classes at
// sampled points, away from its boundary and from the data points.
func TestBoundaryOfATrainedModel(t *testing.T) {
	set, err := datasets.Planar(400, 1)
	if err != nil {
		t.Fatal(err)
	}
	res, err := train.Train(t.Context(), set.X, set.Y, train.Config{Weights: nprand.New(2), Iterations: 2000, Every: 2000})
	if err != nil {
		t.Fatal(err)
	}
	const width, height = 500, 400
	b, err := figure.NewBoundary(res.Model.Predict, set.X, set.Y, width, height)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := b.WritePNG(&buf); err != nil {
		t.Fatal(err)
	}
	img := decode(t, buf.Bytes(), width, height)
	var pts []float64 // a grid of sample points, row 0 the x1s, row 1 the x2s
	const side = 25
	for k := range side * side {
		pts = append(pts, -4.5+9*float64(k/side)/side)
	}
	for k := range side * side {
		pts = append(pts, -4.5+9*float64(k%side)/side)
	}
	probs, err := res.Model.Predict(tensor.New(tensor.WithShape(2, side*side), tensor.WithBacking(pts)))
	if err != nil {
		t.Fatal(err)
	}
	xs := set.X.Data().([]float64)
	checked := 0
	for k, p := range probs {
		x1, x2 := pts[k], pts[side*side+k]
		if math.Abs(p-0.5) < 0.2 || nearPoint(b, xs, x1, x2) {
			continue // near the boundary a grid cell may straddle it
		}
		class := 0
		if p > 0.5 {
			class = 1
		}
		px, py := b.Pixel(x1, x2)
		if got := regionAt(img, px, py); got != class {
			t.Errorf("(%.2f, %.2f): the model says %.3f, the pixel (%d, %d) is %v, class %d's colour", x1, x2, p, px, py, img.At(px, py), got)
		}
		checked++
	}
	if checked < 100 {
		t.Errorf("checked only %d points", checked)
	}
}
