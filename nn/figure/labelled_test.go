package figure_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/gradlab/gradlab/nn/figure"
	"gonum.org/v1/plot"
	"gorgonia.org/tensor"
)

// TestBoundaryWith: the labelled picture keeps NewBoundary's regions, at
// its threshold, and rings the marked points in the ring colour.
func TestBoundaryWith(t *testing.T) {
	x, y := data()
	marked := figure.Points{Name: "test",
		X: tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{-1, 2.5, -2.5, 2.8})),
		Y: tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{0, 1}))}
	o := figure.BoundaryOptions{Title: "wavy", Features: [2]string{"radius", "texture"}, Labels: [2]string{"benign", "malignant"},
		Threshold: 0.85, Marked: []figure.Points{marked}}
	const width, height = 400, 300
	b, err := figure.NewBoundaryWith(wavy, x, y, o, width, height)
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
	for x1 := -3.9; x1 < 2.0; x1 += 0.3 { // left of the legend
		for x2 := -2.9; x2 < 2; x2 += 0.3 {
			if math.Abs(x2-math.Sin(x1)) < 0.15 || nearPoint(b, xs, x1, x2) || nearPoint(b, marked.X.Data().([]float64), x1, x2) {
				continue
			}
			class := 0
			if x2 > math.Sin(x1) { // wavy's 0.9 is above 0.85, its 0.2 below
				class = 1
			}
			px, py := b.Pixel(x1, x2)
			if got := regionAt(img, px, py); got != class {
				t.Errorf("(%.1f, %.1f): class %d's colour, want %d's", x1, x2, got, class)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("checked only %d pixels", checked)
	}
	ringed := 0
	for i := range 2 {
		px, py := b.Pixel(marked.X.Data().([]float64)[i], marked.X.Data().([]float64)[2+i])
		for dx := -6; dx <= 6; dx++ {
			for dy := -6; dy <= 6; dy++ {
				if c := color.RGBAModel.Convert(img.At(px+dx, py+dy)).(color.RGBA); c.R < 0x40 && c.G < 0x40 && c.B < 0x40 {
					ringed++
				}
			}
		}
	}
	if ringed < 10 {
		t.Errorf("%d ring pixels around the marked points", ringed)
	}
	// At threshold 0.95 wavy predicts class 0 everywhere.
	o.Threshold = 0.95
	b, _ = figure.NewBoundaryWith(wavy, x, y, o, width, height)
	buf.Reset()
	b.WritePNG(&buf)
	img = decode(t, buf.Bytes(), width, height)
	if px, py := b.Pixel(-3.5, 2.5); regionAt(img, px, py) != 0 {
		t.Error("threshold 0.95: a class 1 region")
	}
	for _, bad := range []figure.BoundaryOptions{{Threshold: 1}, {Threshold: -0.1}, {Marked: []figure.Points{{Name: "v", X: x}}}} {
		if _, err := figure.NewBoundaryWith(wavy, x, y, bad, width, height); !errors.Is(err, figure.ErrData) {
			t.Errorf("%+v: err = %v, want ErrData", bad, err)
		}
	}
}

// TestWriteCostsWith: a smoothed series is drawn twice, strongly and
// faintly; a log scale refuses costs it cannot show.
func TestWriteCostsWith(t *testing.T) {
	n := 200
	s := figure.Series{Name: "mini-batch", Smooth: 10}
	for i := range n {
		s.Iterations = append(s.Iterations, i)
		s.Costs = append(s.Costs, 0.7/float64(i+1)+0.05*float64(i%3))
	}
	val := figure.Series{Name: "validation", Iterations: []int{0, 100, 199}, Costs: []float64{0.7, 0.1, 0.08}}
	for _, log := range []bool{false, true} {
		var buf bytes.Buffer
		if err := figure.WriteCostsWith(&buf, []figure.Series{s, val}, figure.CostOptions{Title: "costs", Log: log}, 400, 300); err != nil {
			t.Fatal(err)
		}
		img := decode(t, buf.Bytes(), 400, 300)
		seen := colours(img)
		if seen[figure.Point[0]] == 0 || seen[figure.Point[1]] == 0 {
			t.Errorf("log %v: a series is missing", log)
		}
		c := figure.Point[0]
		faint := color.RGBA{R: uint8((int(c.R) + 765) / 4), G: uint8((int(c.G) + 765) / 4), B: uint8((int(c.B) + 765) / 4), A: 0xff}
		if seen[faint] == 0 {
			t.Errorf("log %v: no faint raw curve", log)
		}
	}
	var buf bytes.Buffer
	zero := figure.Series{Name: "z", Iterations: []int{0, 1}, Costs: []float64{0.5, 0}}
	if err := figure.WriteCostsWith(&buf, []figure.Series{zero}, figure.CostOptions{Log: true}, 400, 300); !errors.Is(err, figure.ErrData) {
		t.Errorf("a zero cost on a log scale: %v", err)
	}
	if err := figure.WriteCostsWith(&buf, []figure.Series{zero}, figure.CostOptions{}, 400, 300); err != nil {
		t.Errorf("a zero cost on a linear scale: %v", err)
	}
	nan := figure.Series{Name: "n", Iterations: []int{0}, Costs: []float64{math.NaN()}}
	if err := figure.WriteCostsWith(&buf, []figure.Series{nan}, figure.CostOptions{}, 400, 300); !errors.Is(err, figure.ErrData) {
		t.Errorf("NaN: %v", err)
	}
}

// A range of a few ulps, as a single compare-mode report gives the cost
// axis, gets gonum's default ticks at once: counting steps that small
// never ended (0.6931 ± 2 ulps hung -plot-cost with -compare).
func TestTicksAtTheResolution(t *testing.T) {
	lo := 0.6930480201239385
	hi := math.Nextafter(math.Nextafter(lo, 1), 1)
	done := make(chan []plot.Tick, 1)
	go func() { done <- figure.NiceTicks{}.Ticks(lo, hi) }()
	select {
	case ticks := <-done:
		if len(ticks) > 50 {
			t.Errorf("%d ticks for a range of 2 ulps", len(ticks))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("NiceTicks did not return for a range of 2 ulps")
	}
}

// TestTicks: labelled ticks lie in the range, at least five of them on a
// linear axis, equally spaced by 1, 2 or 5 times a power of ten, and read
// back as their values; on a log axis every labelled tick is 1, 2 or 5
// times a power of ten, with one at least within a decade.
func TestTicks(t *testing.T) {
	for _, r := range [][2]float64{{0, 1}, {0.218, 0.693}, {0, 10000}, {-3.2, 4.7}, {1e-5, 3e-5}, {0.02, 0.6}} {
		lin := labelled(figure.NiceTicks{}.Ticks(r[0], r[1]))
		if len(lin) < 5 || len(lin) > 12 {
			t.Errorf("%v: %d labels", r, len(lin))
		}
		for i, tk := range lin {
			if tk.Value < r[0] || tk.Value > r[1] {
				t.Errorf("%v: tick %v outside", r, tk.Value)
			}
			if v, err := strconv.ParseFloat(tk.Label, 64); err != nil || math.Abs(v-tk.Value) > 1e-9*math.Abs(r[1]-r[0]) {
				t.Errorf("%v: tick %v labelled %q", r, tk.Value, tk.Label)
			}
			if i > 0 {
				step := tk.Value - lin[i-1].Value
				m := step / math.Pow(10, math.Floor(math.Log10(step)+1e-9))
				if d := math.Min(math.Min(math.Abs(m-1), math.Abs(m-2)), math.Abs(m-5)); d > 1e-6 {
					t.Errorf("%v: step %v is not 1, 2 or 5 times a power of ten", r, step)
				}
			}
		}
		if r[0] <= 0 {
			continue
		}
		lg := labelled(figure.LogTicks{}.Ticks(r[0], r[1]))
		if len(lg) == 0 {
			t.Errorf("%v: no log labels", r)
		}
		for _, tk := range lg {
			m := tk.Value / math.Pow(10, math.Floor(math.Log10(tk.Value)+1e-9))
			if tk.Value < r[0]*(1-1e-9) || tk.Value > r[1]*(1+1e-9) || math.Abs(m-math.Round(m)) > 1e-6 || (math.Round(m) != 1 && math.Round(m) != 2 && math.Round(m) != 5) {
				t.Errorf("%v: log tick %v (%q)", r, tk.Value, tk.Label)
			}
		}
	}
}

func labelled(ticks []plot.Tick) []plot.Tick {
	var out []plot.Tick
	for _, t := range ticks {
		if t.Label != "" {
			out = append(out, t)
		}
	}
	return out
}

// TestWriteCostsMarks: marked series get a glyph at each point, in the
// next colours of Curve, and a series of a single point is drawn, marked
// or not, where a line alone would draw nothing.
func TestWriteCostsMarks(t *testing.T) {
	one := figure.Series{Name: "one report", Iterations: []int{0}, Costs: []float64{0.69}}
	dot := figure.Series{Name: "dot", Iterations: []int{0, 50}, Costs: []float64{0.69, 0.3}, Marks: true}
	mul := figure.Series{Name: "mulsum", Iterations: []int{0, 50}, Costs: []float64{0.69, 0.3}, Marks: true}
	var buf bytes.Buffer
	if err := figure.WriteCostsWith(&buf, []figure.Series{one, dot, mul}, figure.CostOptions{}, 400, 300); err != nil {
		t.Fatal(err)
	}
	img := decode(t, buf.Bytes(), 400, 300)
	seen := colours(img)
	for k, c := range figure.Curve[:3] {
		if seen[c] == 0 {
			t.Errorf("series %d is not drawn", k)
		}
	}
	if seen[figure.Curve[3]] != 0 {
		t.Error("a fourth colour without a fourth series")
	}
}

// TestBoundaryMarksTwoParts: a second set of marked points (the test part
// beside the validation part) is drawn in squares, not rings, so that the
// two can be told apart: dark pixels at a square's corners, where a ring
// of the same radius (4.5 px at 72 dpi) leaves the region's colour.
func TestBoundaryMarksTwoParts(t *testing.T) {
	x, y := data()
	part := func(name string, x1, x2 float64) figure.Points {
		return figure.Points{Name: name, X: tensor.New(tensor.WithShape(2, 1), tensor.WithBacking([]float64{x1, x2})),
			Y: tensor.New(tensor.WithShape(1, 1), tensor.WithBacking([]float64{1}))}
	}
	val, test := part("validation", -3, -2.5), part("test", 1.5, -2.5)
	o := figure.BoundaryOptions{Labels: [2]string{"a", "b"}, Marked: []figure.Points{val, test}}
	b, err := figure.NewBoundaryWith(wavy, x, y, o, 400, 300)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := b.WritePNG(&buf); err != nil {
		t.Fatal(err)
	}
	img := decode(t, buf.Bytes(), 400, 300)
	corners := func(p figure.Points) int {
		d := p.X.Data().([]float64)
		px, py := b.Pixel(d[0], d[1])
		n := 0
		for _, dx := range []int{-4, 4} {
			for _, dy := range []int{-4, 4} {
				// Far darker than either region (R+G+B 539 and 565):
				// the anti-aliased black line.
				if c := color.RGBAModel.Convert(img.At(px+dx, py+dy)).(color.RGBA); int(c.R)+int(c.G)+int(c.B) < 384 {
					n++
				}
			}
		}
		return n
	}
	if n := corners(val); n != 0 {
		t.Errorf("the first part's marks have %d dark corner pixels: not rings", n)
	}
	if n := corners(test); n < 2 {
		t.Errorf("the second part's marks have %d of 4 dark corner pixels (want 2 or more): not squares", n)
	}
}

// colours counts the pixels of each colour of img.
func colours(img image.Image) map[color.RGBA]int {
	seen := map[color.RGBA]int{}
	b := img.Bounds()
	for px := b.Min.X; px < b.Max.X; px++ {
		for py := b.Min.Y; py < b.Max.Y; py++ {
			seen[color.RGBAModel.Convert(img.At(px, py)).(color.RGBA)]++
		}
	}
	return seen
}
