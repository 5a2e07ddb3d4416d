package figure

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// NiceTicks labels a linear axis at every step of 1, 2 or 5 times a power
// of ten that gives at least five labels, with the shortest decimal that
// tells them apart.
type NiceTicks struct{}

// Ticks returns the ticks between min and max.
func (NiceTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(max-min, 0) {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	step := niceStep((max - min) / 5)
	for i := 0; math.Floor(max/step+1e-9)-math.Ceil(min/step-1e-9) < 4; i++ {
		if i == 8 || !(step > 0) {
			return plot.DefaultTicks{}.Ticks(min, max) // beyond float64's resolution
		}
		step = smallerStep(step)
	}
	// Too many ticks, or a step too small for the values' own resolution:
	// counting k·step past 2^52 steps would never move (k+1 == k).
	if (max-min)/step > 40 || math.Max(math.Abs(min), math.Abs(max))/step > 1<<50 {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	var ticks []plot.Tick
	for k := math.Ceil(min/step - 1e-9); k*step <= max+step*1e-9; k++ {
		// The label's decimal is the tick's value: 0.6, not 0.6000000000000001.
		l := label(k*step, step)
		v, _ := strconv.ParseFloat(l, 64)
		if v == 0 {
			v, l = 0, label(0, step) // not −0
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: l})
		// Minor ticks halfway, unlabelled.
		if mid := v + step/2; mid <= max {
			ticks = append(ticks, plot.Tick{Value: mid})
		}
	}
	return ticks
}

// niceStep returns the least of 1, 2 and 5 times a power of ten that is at
// least d.
func niceStep(d float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(d)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= d {
			return m * p
		}
	}
	return 10 * p
}

// smallerStep returns the next of 1, 2 and 5 times a power of ten below
// the step s, itself one of them: 5 → 2 → 1 → 0.5.
func smallerStep(s float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(s)+1e-9))
	switch m := math.Round(s / p); m {
	case 5:
		return 2 * p
	case 2:
		return p
	}
	return p / 2
}

// label writes v with as many decimals as step needs.
func label(v, step float64) string {
	decimals := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// LogTicks labels a logarithmic axis at 1, 2 and 5 times each power of
// ten, with unlabelled ticks at the other whole multiples, so that a range
// within one decade still reads.
type LogTicks struct{}

// Ticks returns the ticks between min and max, both positive.
func (LogTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0) || !(max > min) {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		p := math.Pow(10, e)
		for m := 1.0; m < 10; m++ {
			v := m * p
			if v < min*(1-1e-9) || v > max*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// addGrid draws light grid lines at the major ticks behind what follows.
func addGrid(p *plot.Plot) {
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 0xe0}
	g.Horizontal.Color = color.Gray{Y: 0xe0}
	g.Vertical.Width, g.Horizontal.Width = vg.Points(0.5), vg.Points(0.5)
	p.Add(g)
}
