package figure

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gorgonia.org/tensor"
)

// BoundaryOptions say what a boundary picture tells its reader. The zero
// value draws what NewBoundary draws.
type BoundaryOptions struct {
	Title    string
	Features [2]string // the axes' names; "" keeps x1 and x2
	// Labels name classes 0 and 1 in the legend; without them there is
	// no legend.
	Labels [2]string
	// Threshold is the probability above which a region is of class 1;
	// 0 means 0.5.
	Threshold float64
	// Marked are further points drawn over the data, such as the
	// validation and the test part, coloured by their labels: the first
	// set ringed, the second in squares.
	Marked []Points
}

// Points are named data points with their labels: x (2, m) and y (1, m).
type Points struct {
	Name string
	X, Y *tensor.Dense
}

// NewBoundaryWith is NewBoundary with a title, axes named after the
// features, a legend naming the classes and the marked points, and the
// marked points ringed (or squared) over the data. The grid covers the marked points
// too.
func NewBoundaryWith(predict Predictor, x, y *tensor.Dense, o BoundaryOptions, width, height int) (*Boundary, error) {
	all := x
	for _, m := range o.Marked {
		if m.X == nil || m.Y == nil || m.X.Dims() != 2 || m.X.Shape()[0] != 2 || m.Y.Shape().TotalSize() != m.X.Shape()[1] {
			return nil, fmt.Errorf("%w: marked points %q need X of shape (2, m) and Y of m labels", ErrData, m.Name)
		}
		if x != nil && x.Dims() == 2 && x.Shape()[0] == 2 {
			all = joinColumns(all, m.X)
		}
	}
	if o.Threshold < 0 || o.Threshold >= 1 || math.IsNaN(o.Threshold) {
		return nil, fmt.Errorf("%w: threshold %v is not in [0, 1)", ErrData, o.Threshold)
	}
	b, err := newBoundary(predict, x, y, all, o.Threshold, width, height)
	if err != nil {
		return nil, err
	}
	p := b.plot
	style(p)
	p.Title.Text = o.Title
	for i, ax := range []*plot.Axis{&p.X, &p.Y} {
		if o.Features[i] != "" {
			ax.Label.Text = o.Features[i]
		}
	}
	legend := o.Labels != [2]string{}
	if legend {
		for class, s := range b.scatters {
			if s != nil {
				p.Legend.Add(o.Labels[class], s)
			}
		}
	}
	for k, m := range o.Marked {
		mark := marking[k%len(marking)]
		xs, labels := rows(m.X), m.Y.Data().([]float64)
		var ringed draw.GlyphStyle
		for class := range 2 {
			pts := classPoints(xs, labels, class)
			if len(pts) == 0 {
				continue
			}
			fill, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, fmt.Errorf("%w: %v", ErrData, err)
			}
			fill.GlyphStyle = draw.GlyphStyle{Color: Point[class], Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
			ring, _ := plotter.NewScatter(pts)
			ring.GlyphStyle = draw.GlyphStyle{Color: Ring, Radius: vg.Points(4.5), Shape: mark.shape}
			ringed = ring.GlyphStyle
			p.Add(fill, ring)
		}
		if legend && ringed.Shape != nil {
			p.Legend.Add(m.Name+" ("+mark.name+")", glyph{ringed})
		}
	}
	if legend {
		p.Legend.Top, p.Legend.Left = true, false
		p.Legend.Padding = vg.Points(4)
	}
	return b, nil
}

// Ring is the colour of the rings around marked points.
var Ring = color.RGBA{A: 0xff}

// marking is how each set of marked points is told apart, in turn: the
// first ringed, the second in squares (the validation and the test part).
var marking = []struct {
	shape draw.GlyphDrawer
	name  string
}{{draw.RingGlyph{}, "ringed"}, {draw.SquareGlyph{}, "in squares"}}

// glyph is a legend thumbnail of a glyph style.
type glyph struct{ style draw.GlyphStyle }

func (g glyph) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(g.style, c.Center())
}

// joinColumns returns the columns of a and then of b, both (2, ·).
func joinColumns(a, b *tensor.Dense) *tensor.Dense {
	ra, rb := rows(a), rows(b)
	na, nb := len(ra[0]), len(rb[0])
	out := make([]float64, 0, 2*(na+nb))
	for i := range 2 {
		out = append(append(out, ra[i]...), rb[i]...)
	}
	return tensor.New(tensor.WithShape(2, na+nb), tensor.WithBacking(out))
}

// style gives p fonts and ticks that read at a glance.
func style(p *plot.Plot) {
	p.Title.TextStyle.Font.Size = font.Length(16)
	p.Title.Padding = vg.Points(6)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font.Size = font.Length(14)
		ax.Tick.Label.Font.Size = font.Length(12)
	}
	p.Legend.TextStyle.Font.Size = font.Length(12)
}

// CostOptions say what a cost picture tells its reader.
type CostOptions struct {
	Title  string
	XLabel string // "" means "iteration"
	// Log draws the cost on a logarithmic scale; every cost must then be
	// positive.
	Log bool
}

// WriteCostsWith draws cost curves as WriteCosts does, with a title,
// larger fonts and, for a Series with Smooth above 1, the raw curve drawn
// faintly under its moving average, and writes them as PNG.
func WriteCostsWith(w io.Writer, series []Series, o CostOptions, width, height int) error {
	if err := checkSize(width, height); err != nil {
		return err
	}
	p := plot.New()
	style(p)
	p.Title.Text = o.Title
	p.X.Label.Text, p.Y.Label.Text = "iteration", "cost"
	if o.XLabel != "" {
		p.X.Label.Text = o.XLabel
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = NiceTicks{}, NiceTicks{}
	if o.Log {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, LogTicks{}
		p.Y.Label.Text = "cost (log scale)"
	}
	addGrid(p)
	p.Legend.Top = true
	for k, s := range series {
		if err := s.check(o.Log); err != nil {
			return err
		}
		if err := addCurve(p, s, k); err != nil {
			return err
		}
	}
	widen(p)
	return writePNG(w, p, width, height)
}

// widen gives axes of (almost) no extent one that reads: a single report,
// or costs equal to the last few bits (both BCE forms at one report), would
// otherwise span fractions of an iteration and a few ulps of cost.
func widen(p *plot.Plot) {
	if p.X.Max-p.X.Min < 10 {
		p.X.Max = p.X.Min + 10
	}
	if y := max(math.Abs(p.Y.Min), math.Abs(p.Y.Max)); p.Y.Max-p.Y.Min <= 1e-9*y {
		mid := (p.Y.Min + p.Y.Max) / 2
		half := 0.05 * math.Abs(mid)
		if half == 0 {
			half = 1
		}
		p.Y.Min, p.Y.Max = mid-half, mid+half
	}
}

// Curve colours the cost curves in turn: the classes' two strong colours,
// then a green and an orange of the same weight.
var Curve = [4]color.RGBA{Point[0], Point[1], {R: 0x1b, G: 0x78, B: 0x37, A: 0xff}, {R: 0xe0, G: 0x82, B: 0x14, A: 0xff}}

// marks are the glyphs of marked series in turn, so that series drawn on
// top of each other (both BCE forms) stay told apart.
var marks = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.CrossGlyph{}, draw.TriangleGlyph{}, draw.BoxGlyph{}}

// addCurve draws series s, the k-th, with its legend entry. A series of
// one point is marked whatever its Marks: a line through it draws nothing.
func addCurve(p *plot.Plot, s Series, k int) error {
	pts := make(plotter.XYs, len(s.Costs))
	for i := range pts {
		pts[i] = plotter.XY{X: float64(s.Iterations[i]), Y: s.Costs[i]}
	}
	c := Curve[k%len(Curve)]
	if s.Smooth > 1 {
		raw, err := plotter.NewLine(pts)
		if err != nil {
			return fmt.Errorf("%w: series %q: %v", ErrData, s.Name, err)
		}
		raw.Color, raw.Width = faint(c), vg.Points(0.75)
		p.Add(raw)
		pts = movingAverage(pts, s.Smooth)
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return fmt.Errorf("%w: series %q: %v", ErrData, s.Name, err)
	}
	l.Color, l.Width = c, vg.Points(2)
	l.Dashes = [][]vg.Length{nil, {vg.Points(6), vg.Points(4)}}[k%2]
	p.Add(l)
	name := s.Name
	if s.Smooth > 1 {
		name += fmt.Sprintf(", moving average of %d (raw: faint)", s.Smooth)
	}
	if !s.Marks && len(pts) > 1 {
		p.Legend.Add(name, l)
		return nil
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return fmt.Errorf("%w: series %q: %v", ErrData, s.Name, err)
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(3.5), Shape: marks[k%len(marks)]}
	p.Add(sc)
	p.Legend.Add(name, l, sc)
	return nil
}

func (s Series) check(log bool) error {
	if len(s.Iterations) != len(s.Costs) || len(s.Costs) == 0 {
		return fmt.Errorf("%w: series %q has %d iterations and %d costs", ErrData, s.Name, len(s.Iterations), len(s.Costs))
	}
	for i, c := range s.Costs {
		if math.IsNaN(c) || math.IsInf(c, 0) || log && !(c > 0) {
			return fmt.Errorf("%w: series %q: cost %d is %v, which a %s scale cannot show", ErrData, s.Name, i, c, map[bool]string{true: "log", false: "linear"}[log])
		}
	}
	if s.Smooth < 0 {
		return fmt.Errorf("%w: series %q: moving average of %d", ErrData, s.Name, s.Smooth)
	}
	return nil
}

// faint is c lightened towards white, for a curve in the background.
func faint(c color.RGBA) color.RGBA {
	mix := func(v uint8) uint8 { return uint8((int(v) + 3*255) / 4) }
	return color.RGBA{R: mix(c.R), G: mix(c.G), B: mix(c.B), A: 0xff}
}

// movingAverage returns the trailing mean of each point's y over the n
// points up to it (fewer at the start), at the point's x.
func movingAverage(pts plotter.XYs, n int) plotter.XYs {
	out := make(plotter.XYs, len(pts))
	var sum float64
	for i, p := range pts {
		sum += p.Y
		if i >= n {
			sum -= pts[i-n].Y
		}
		out[i] = plotter.XY{X: p.X, Y: sum / float64(min(i+1, n))}
	}
	return out
}
