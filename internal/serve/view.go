package serve

import (
	"encoding/base64"
	"math"
	"strconv"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/metrics"
	"github.com/gradlab/gradlab/nn/model"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Sizes of the pictures, in cells a side: the decision boundary, and each
// hidden unit's output.
const (
	boundaryCells = 60
	unitCells     = 24
)

// num is a float64 that JSON writes as null when it is not finite, as a
// diverged cost is.
type num float64

func (n num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// view computes what the page draws of a model on its data. Every method
// runs on the training goroutine, between steps, so that it reads weights
// no step is writing.
type view struct {
	d     *data
	m     *model.Model
	grid  *tensor.Dense // (2, boundaryCells²) points of the plane, raw; nil unless planar
	units *nn.Pass      // the hidden layers over the unit grid; nil unless planar
	prog  *graph.Program

	lesson struct {
		a, y, dot, mulsum *gorgonia.Node
		g                 *graph.Graph
		prog              *graph.Program
	}
}

func newView(d *data, m *model.Model) (*view, error) {
	v := &view{d: d, m: m}
	if !d.planar() {
		return v, v.newLesson() // no plane to draw over
	}
	v.grid = plane(d, boundaryCells)
	// The hidden units' outputs come from a forward program of their
	// own: Predict gives only A2.
	x := plane(d, unitCells)
	if d.standard != nil {
		var err error
		if x, err = d.standard.Apply(x); err != nil {
			return nil, err
		}
	}
	var err error
	if v.units, err = m.Net.NewPass(unitCells * unitCells); err != nil {
		return nil, err
	}
	if err := v.units.Graph.Feed(v.units.X, x); err != nil {
		return nil, err
	}
	if v.prog, err = v.units.Graph.CompileForward(v.units.Hidden...); err != nil {
		return nil, err
	}
	return v, v.newLesson()
}

// newLesson builds the exercise's two forms on A2 and Y, inputs of a
// graph of their own: the dot form's (1,1) matrix and the multiply+sum
// form's scalar, as the notebook computes them.
func (v *view) newLesson() error {
	l := &v.lesson
	m := v.d.trainY.Shape()[1]
	l.g = graph.New()
	var err error
	if l.a, err = l.g.Input("A2", 1, m); err != nil {
		return err
	}
	if l.y, err = l.g.Input("Y", 1, m); err != nil {
		return err
	}
	if l.dot, err = losses.BCEDot(l.a, l.y); err != nil {
		return err
	}
	if l.mulsum, err = losses.BCEMulSum(l.a, l.y); err != nil {
		return err
	}
	if err := l.g.Feed(l.y, v.d.trainY); err != nil {
		return err
	}
	l.prog, err = l.g.CompileForward(l.dot, l.mulsum)
	return err
}

// plane returns the centres of a cells×cells grid over d's extent, top row
// first, as the columns of a (2, cells²) matrix.
func plane(d *data, cells int) *tensor.Dense {
	xs := make([]float64, 2*cells*cells)
	n := cells * cells
	for i := range cells {
		y := d.hi[1] - (float64(i)+0.5)/float64(cells)*(d.hi[1]-d.lo[1])
		for j := range cells {
			xs[i*cells+j] = d.lo[0] + (float64(j)+0.5)/float64(cells)*(d.hi[0]-d.lo[0])
			xs[n+i*cells+j] = y
		}
	}
	return tensor.New(tensor.WithShape(2, n), tensor.WithBacking(xs))
}

// picture is what the page draws at one moment of a run.
type picture struct {
	Boundary string       `json:"boundary,omitempty"` // boundaryCells² probabilities of class 1, a byte each; planar data only
	Units    [][]unitMap  `json:"units,omitempty"`    // by hidden layer, by unit; planar data only
	Weights  []layerParam `json:"weights"`
	Lesson   *lesson      `json:"lesson"`
	TrainAcc num          `json:"trainAccuracy"`
	ValAcc   *num         `json:"valAccuracy,omitempty"`
}

// unitMap is one hidden unit's output over the plane, a byte per cell
// from −Scale (0) to +Scale (255).
type unitMap struct {
	Scale num    `json:"scale"`
	Data  string `json:"data"`
}

// layerParam is a layer's W (out, in), row-major, and b.
type layerParam struct {
	W []num `json:"w"`
	B []num `json:"b"`
}

// lesson is the panel of the exercise: both forms on the current A2.
type lesson struct {
	M           int   `json:"m"`
	A2Shape     []int `json:"a2Shape"`
	Dot         num   `json:"dot"`
	DotShape    []int `json:"dotShape"`
	MulSum      num   `json:"mulsum"`
	MulSumShape []int `json:"mulsumShape"`
}

// draw computes the picture of the model's current weights.
func (v *view) draw() (*picture, error) {
	p := &picture{}
	if v.grid != nil {
		probs, err := v.m.Predict(v.grid)
		if err != nil {
			return nil, err
		}
		p.Boundary = bytesOf(probs, func(x float64) float64 { return x })
		if p.Units, err = v.drawUnits(); err != nil {
			return nil, err
		}
	}
	for _, l := range v.m.Net.Layers {
		p.Weights = append(p.Weights, layerParam{W: nums(l.W.Value()), B: nums(l.B.Value())})
	}
	a2, err := v.m.Predict(v.d.rawTrainX)
	if err != nil {
		return nil, err
	}
	if p.Lesson, err = v.drawLesson(a2); err != nil {
		return nil, err
	}
	p.TrainAcc = accuracy(a2, v.d.trainY)
	if v.d.valX != nil {
		probs, err := v.m.Predict(v.d.valX)
		if err != nil {
			return nil, err
		}
		acc := accuracy(probs, v.d.valY)
		p.ValAcc = &acc
	}
	return p, nil
}

func (v *view) drawUnits() ([][]unitMap, error) {
	if err := v.prog.Run(); err != nil {
		return nil, err
	}
	out := make([][]unitMap, len(v.units.Hidden))
	for l, h := range v.units.Hidden {
		val, err := v.prog.Value(h)
		if err != nil {
			return nil, err
		}
		a := val.Data().([]float64) // (units, cells²), row-major
		n := unitCells * unitCells
		for k := 0; k < len(a)/n; k++ {
			row := a[k*n : (k+1)*n]
			s := 0.0
			for _, x := range row {
				s = math.Max(s, math.Abs(x))
			}
			if s == 0 {
				s = 1
			}
			out[l] = append(out[l], unitMap{Scale: num(s), Data: bytesOf(row, func(x float64) float64 { return (x/s + 1) / 2 })})
		}
	}
	return out, nil
}

func (v *view) drawLesson(a2 []float64) (*lesson, error) {
	l := &v.lesson
	m := len(a2)
	if err := l.g.Feed(l.a, tensor.New(tensor.WithShape(1, m), tensor.WithBacking(a2))); err != nil {
		return nil, err
	}
	if err := l.prog.Run(); err != nil {
		return nil, err
	}
	dot, err := l.prog.Value(l.dot)
	if err != nil {
		return nil, err
	}
	mulsum, err := l.prog.Value(l.mulsum)
	if err != nil {
		return nil, err
	}
	ms, err := graph.Scalar(mulsum)
	if err != nil {
		return nil, err
	}
	return &lesson{
		M: m, A2Shape: []int{1, m},
		Dot: num(dot.Data().([]float64)[0]), DotShape: append([]int{}, dot.Shape()...),
		MulSum: num(ms), MulSumShape: append([]int{}, mulsum.Shape()...),
	}, nil
}

func accuracy(probs []float64, y *tensor.Dense) num {
	m, err := metrics.Evaluate(probs, y.Materialize().(*tensor.Dense).Float64s())
	if err != nil {
		return num(math.NaN())
	}
	return num(m.Accuracy)
}

// bytesOf maps each value through f onto [0, 1], then to a byte, and
// encodes the bytes in base64.
func bytesOf(xs []float64, f func(float64) float64) string {
	b := make([]byte, len(xs))
	for i, x := range xs {
		v := f(x)
		if math.IsNaN(v) {
			v = 0.5 // a diverged model: the middle colour
		}
		b[i] = byte(math.Round(255 * math.Min(1, math.Max(0, v))))
	}
	return base64.StdEncoding.EncodeToString(b)
}

func nums(v gorgonia.Value) []num {
	xs := v.Data().([]float64)
	out := make([]num, len(xs))
	for i, x := range xs {
		out[i] = num(x)
	}
	return out
}
