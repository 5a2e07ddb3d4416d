package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/gradlab/gradlab/nn/figure"
	"github.com/gradlab/gradlab/nn/model"
)

// maxCurvePoints bounds the points of the recorded cost curve: longer runs
// record means of consecutive steps.
const maxCurvePoints = 20000

// curve is the training cost at every step (or the mean of every stride
// steps), recorded for -plot-cost.
type curve struct {
	stride     int
	iterations []int
	costs      []float64
	sum        float64
	n          int
}

func newCurve(steps int) *curve {
	return &curve{stride: max(1, (steps+maxCurvePoints-1)/maxCurvePoints)}
}

func (c *curve) add(iteration int, cost float64) {
	c.sum += cost
	if c.n++; c.n == c.stride {
		c.iterations, c.costs = append(c.iterations, iteration), append(c.costs, c.sum/float64(c.n))
		c.sum, c.n = 0, 0
	}
}

// plotFlags is -plot-log.
type plotFlags struct{ log bool }

func (p *plotFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&p.log, "plot-log", false, "draw -plot-cost's cost on a log scale")
}

func (p *plotFlags) check(o *options) error {
	if p.log && o.plotCost == "" {
		return fmt.Errorf("-plot-log needs -plot-cost")
	}
	return nil
}

// recordStep keeps the step's cost for -plot-cost.
func (s *session) recordStep(iteration int, cost float64) {
	if s.o.plotCost == "" {
		return
	}
	if s.curve == nil {
		s.curve = newCurve(s.iterations())
	}
	s.curve.add(iteration, cost)
}

// title names the run: the data and the network.
func (s *session) title(what string) string {
	sizes := make([]string, len(s.o.hidden))
	for i, n := range s.o.hidden {
		sizes[i] = fmt.Sprint(n)
	}
	return fmt.Sprintf("%s: %s, hidden %s %s, %s", what, s.data.name, strings.Join(sizes, ","), s.o.activation, s.o.optimizer)
}

// plotBoundary draws the model over the data in their own units: the model
// standardizes what it predicts on itself. The held-out parts, when there
// are any, are marked: validation ringed, then test in squares.
func (s *session) plotBoundary(m *model.Model) error {
	d := s.data
	o := figure.BoundaryOptions{
		Title:     s.title("Decision boundary"),
		Features:  [2]string{d.features[0], d.features[1]},
		Threshold: m.Threshold(),
	}
	names := labelNames(m.Meta)
	o.Labels = [2]string{names[0] + " (training)", names[1] + " (training)"}
	if d.rawValX != nil {
		o.Marked = append(o.Marked, figure.Points{Name: "validation", X: d.rawValX, Y: d.valY})
	}
	if d.rawTestX != nil {
		o.Marked = append(o.Marked, figure.Points{Name: "test", X: d.rawTestX, Y: d.testY})
	}
	b, err := figure.NewBoundaryWith(m.Predict, d.rawTrainX, d.trainY, o, picWidth, picHeight)
	if err != nil {
		return fmt.Errorf("-plot: %w", err)
	}
	return s.write("-plot", s.o.plot, b.WritePNG)
}

// writeCosts draws the cost curves: every step's training cost (smoothed
// over an epoch for mini-batches) and, marked at each report, the whole
// training part's cost in a mini-batch run, the validation cost, and in
// compare mode both BCE forms'.
func (s *session) writeCosts(w io.Writer) error {
	series := append(s.stepSeries(), s.reportSeries()...)
	what := "Training cost"
	switch {
	case s.o.compare:
		what = "Cost of both BCE forms"
	case s.data.valX != nil:
		what = "Training and validation cost"
	}
	return figure.WriteCostsWith(w, series, figure.CostOptions{Title: s.title(what), XLabel: "iteration (step)", Log: s.o.plots.log}, picWidth, picHeight)
}

// stepSeries is the recorded cost of every step, if any.
func (s *session) stepSeries() []figure.Series {
	c := s.curve
	if c == nil || len(c.costs) == 0 {
		return nil
	}
	name, smooth := "training cost, "+s.o.loss, 0
	if per := batchesPerEpoch(s.data.trainX.Shape()[1], s.o.batch); per > 1 {
		// A batch's cost scatters: average over an epoch, and over
		// at least a fiftieth of the curve.
		name, smooth = "mini-batch cost, "+s.o.loss, max(per/c.stride, len(c.costs)/50, 2)
	}
	return []figure.Series{{Name: name, Iterations: c.iterations, Costs: c.costs, Smooth: smooth}}
}
