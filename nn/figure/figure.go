// Package figure draws gradlab's pictures with gonum/plot: a model's
// decision boundary over two-feature data (the predicted class over a
// grid, the points coloured by label, as the exercise's
// plot_decision_boundary) and cost curves.
//
// NewBoundary and WriteCosts draw the plain pictures; NewBoundaryWith and
// WriteCostsWith add what a reader needs: a title, the features' names,
// a legend of the label names, held-out points marked, readable ticks, a
// log scale, smoothed mini-batch curves and costs marked at reports. Any
// func(*tensor.Dense) ([]float64, error) predicts for a boundary, such as
// nn/model's (*Model).Predict; nn/train's Result.Costs is a curve of
// every step. The command line's -plot and -plot-cost use this package.
package figure

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gorgonia.org/tensor"
)

// Predictor returns the probability of class 1 for each column of x.
type Predictor func(x *tensor.Dense) ([]float64, error)

// Colours of the two classes: regions are light, points strong, as the
// exercise's Spectral colour map draws them.
var (
	Region = [2]color.RGBA{{R: 0xf4, G: 0xa5, B: 0x82, A: 0xff}, {R: 0x92, G: 0xc5, B: 0xde, A: 0xff}}
	Point  = [2]color.RGBA{{R: 0xb2, G: 0x18, B: 0x2b, A: 0xff}, {R: 0x21, G: 0x66, B: 0xac, A: 0xff}}
)

// ErrData reports data that cannot be drawn.
var ErrData = errors.New("figure: cannot draw")

// gridSize is the number of grid cells along each axis of a boundary.
const gridSize = 200

// Boundary is a decision-boundary picture before it is drawn.
type Boundary struct {
	plot          *plot.Plot
	width, height int
	scatters      [2]*plotter.Scatter     // the points of each class, or nil
	tx, ty        func(float64) vg.Length // data to canvas, once known
}

// NewBoundary predicts the class over a grid covering the two-feature data
// x (2, m), one unit beyond its extent as the exercise's
// plot_decision_boundary does, and lays the points of x over it coloured
// by their labels y (1, m).
func NewBoundary(predict Predictor, x, y *tensor.Dense, width, height int) (*Boundary, error) {
	return newBoundary(predict, x, y, x, 0, width, height)
}

// newBoundary is NewBoundary with a grid that covers extent (2, ·) and
// regions of class 1 where the probability is above threshold (0: 0.5).
func newBoundary(predict Predictor, x, y, extent *tensor.Dense, threshold float64, width, height int) (*Boundary, error) {
	if err := checkSize(width, height); err != nil {
		return nil, err
	}
	if x == nil || y == nil || x.Dims() != 2 || x.Shape()[0] != 2 || y.Shape().TotalSize() != x.Shape()[1] {
		return nil, fmt.Errorf("%w: a boundary needs X of shape (2, m) and Y of m labels", ErrData)
	}
	xs, labels := rows(x), y.Data().([]float64)
	ext := rows(extent)
	if threshold == 0 {
		threshold = 0.5
	}
	g, err := newGrid(predict, ext[0], ext[1], threshold)
	if err != nil {
		return nil, err
	}
	p := plot.New()
	p.X.Label.Text, p.Y.Label.Text = "x1", "x2"
	heat := plotter.NewHeatMap(g, classPalette{})
	heat.Min, heat.Max, heat.Rasterized = 0, 1, true
	p.Add(heat)
	b := &Boundary{plot: p, width: width, height: height}
	for class := range 2 {
		pts := classPoints(xs, labels, class)
		if len(pts) == 0 {
			continue
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrData, err)
		}
		s.GlyphStyle = draw.GlyphStyle{Color: Point[class], Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
		p.Add(s)
		b.scatters[class] = s
	}
	return b, nil
}

func checkSize(width, height int) error {
	if width < 50 || height < 50 || width > 1<<14 || height > 1<<14 {
		return fmt.Errorf("%w: a picture of %d×%d pixels; want 50 to 16384 each way", ErrData, width, height)
	}
	return nil
}

// rows returns the rows of a float64 matrix.
func rows(x *tensor.Dense) [][]float64 {
	if x.IsView() {
		x = x.Materialize().(*tensor.Dense)
	}
	d, n := x.Data().([]float64), x.Shape()[1]
	out := make([][]float64, x.Shape()[0])
	for i := range out {
		out[i] = d[i*n : (i+1)*n]
	}
	return out
}

// WritePNG draws the picture and writes it as PNG.
func (b *Boundary) WritePNG(w io.Writer) error {
	return writePNG(w, b.plot, b.width, b.height)
}

// Pixel returns the pixel at which the data point (x1, x2) is drawn.
func (b *Boundary) Pixel(x1, x2 float64) (px, py int) {
	if b.tx == nil {
		c := vgimg.NewWith(vgimg.UseWH(vg.Length(b.width), vg.Length(b.height)), vgimg.UseDPI(72))
		dc := b.plot.DataCanvas(draw.New(c))
		b.tx, b.ty = b.plot.Transforms(&dc)
	}
	return int(math.Floor(float64(b.tx(x1)))), b.height - 1 - int(math.Floor(float64(b.ty(x2))))
}

// writePNG draws p on a width×height canvas at 72 dots per inch, where a
// point is a pixel.
func writePNG(w io.Writer, p *plot.Plot, width, height int) error {
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(width), vg.Length(height)), vgimg.UseDPI(72))
	p.Draw(draw.New(c))
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(w); err != nil {
		return fmt.Errorf("figure: writing PNG: %w", err)
	}
	return nil
}

// grid holds the predicted class at the centre of each cell.
type grid struct {
	x, y  []float64 // cell centres
	class []float64 // row-major by y, then x
}

func newGrid(predict Predictor, x1, x2 []float64, threshold float64) (*grid, error) {
	g := &grid{x: axis(x1), y: axis(x2)}
	pts := make([]float64, 2*gridSize*gridSize) // (2, cells): row 0 the x1s, row 1 the x2s
	n := gridSize * gridSize
	for r, yv := range g.y {
		for c, xv := range g.x {
			pts[r*gridSize+c], pts[n+r*gridSize+c] = xv, yv
		}
	}
	probs, err := predict(tensor.New(tensor.WithShape(2, n), tensor.WithBacking(pts)))
	if err != nil {
		return nil, fmt.Errorf("figure: predicting over the grid: %w", err)
	}
	if len(probs) != n {
		return nil, fmt.Errorf("%w: %d predictions for %d grid cells", ErrData, len(probs), n)
	}
	g.class = make([]float64, n)
	for i, p := range probs {
		if p > threshold {
			g.class[i] = 1
		}
	}
	return g, nil
}

// axis returns gridSize cell centres from one unit below v's minimum to one
// above its maximum.
func axis(v []float64) []float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	lo, hi = lo-1, hi+1
	step := (hi - lo) / gridSize
	out := make([]float64, gridSize)
	for i := range out {
		out[i] = lo + (float64(i)+0.5)*step
	}
	return out
}

func (g *grid) Dims() (c, r int)   { return len(g.x), len(g.y) }
func (g *grid) Z(c, r int) float64 { return g.class[r*len(g.x)+c] }
func (g *grid) X(c int) float64    { return g.x[c] }
func (g *grid) Y(r int) float64    { return g.y[r] }

// classPalette colours class 0 and class 1.
type classPalette struct{}

func (classPalette) Colors() []color.Color { return []color.Color{Region[0], Region[1]} }

// Series is one cost curve.
type Series struct {
	Name       string
	Iterations []int
	Costs      []float64
	// Smooth, above 1, draws the trailing moving average of this many
	// points over the raw curve, drawn faintly (WriteCostsWith only), as
	// for mini-batch costs, which scatter from batch to batch.
	Smooth int
	// Marks draws a glyph at each point, joined by the line
	// (WriteCostsWith only): for costs taken at reports, which may be
	// few. A single point is marked anyway: as a line it draws nothing.
	Marks bool
}

// WriteCosts draws cost curves against the iteration and writes them as PNG.
func WriteCosts(w io.Writer, series []Series, width, height int) error {
	if err := checkSize(width, height); err != nil {
		return err
	}
	p := plot.New()
	p.X.Label.Text, p.Y.Label.Text = "iteration", "cost"
	p.Legend.Top = true
	dashes := [][]vg.Length{nil, {vg.Points(6), vg.Points(4)}, {vg.Points(2), vg.Points(2)}}
	for k, s := range series {
		if len(s.Iterations) != len(s.Costs) || len(s.Costs) == 0 {
			return fmt.Errorf("%w: series %q has %d iterations and %d costs", ErrData, s.Name, len(s.Iterations), len(s.Costs))
		}
		pts := make(plotter.XYs, len(s.Costs))
		for i := range pts {
			pts[i] = plotter.XY{X: float64(s.Iterations[i]), Y: s.Costs[i]}
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return fmt.Errorf("%w: series %q: %v", ErrData, s.Name, err)
		}
		l.Color = Point[k%2]
		l.Dashes = dashes[k%len(dashes)]
		l.Width = vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(s.Name, l)
	}
	return writePNG(w, p, width, height)
}

// classPoints returns the points (rows 0 and 1 of xs) whose label is class.
func classPoints(xs [][]float64, labels []float64, class int) plotter.XYs {
	var pts plotter.XYs
	for i, l := range labels {
		if l == float64(class) {
			pts = append(pts, plotter.XY{X: xs[0][i], Y: xs[1][i]})
		}
	}
	return pts
}
