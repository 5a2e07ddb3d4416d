package datasets

import (
	"fmt"
	"math"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
)

// Planar returns the exercise's "flower": m points in two petal-shaped
// classes, drawn as the course's load_planar_dataset draws them. With
// m = 400 and seed 1, the notebook's call, it gives the notebook's data.
// m must be even, positive and at most 2²⁶.
func Planar(m int, seed uint32) (*Set, error) {
	if m <= 0 || m%2 != 0 || m > maxExamples {
		return nil, fmt.Errorf("datasets: planar with %d points: want a positive even number up to 2^26: %w", m, graph.ErrShape)
	}
	const (
		petal = 4.0  // the flower's largest radius, the notebook's a
		noise = 0.2  // of both angle and radius
		span  = 3.12 // the angle each class covers
	)
	src := nprand.New(seed)
	per := m / 2
	x := make([]float64, 2*m) // row 0 then row 1: X is (2, m)
	y := make([]float64, m)
	for j := range 2 {
		theta := linspace(float64(j)*span, float64(j+1)*span, per)
		for i := range theta {
			theta[i] += src.NormFloat64() * noise
		}
		// The notebook draws all the angles' noise, then all the radii's.
		for i, t := range theta {
			r := petal*math.Sin(4*t) + src.NormFloat64()*noise
			k := j*per + i
			x[k] = r * math.Sin(t)
			x[m+k] = r * math.Cos(t)
			y[k] = float64(j)
		}
	}
	s, err := newSet("planar", 2, m, x, y)
	if err != nil {
		return nil, err
	}
	s.Features = []string{"x1", "x2"}
	return s, nil
}

// linspace returns n values from start to stop inclusive, computed as
// numpy's linspace does: start + i·step, with the last value set to stop.
func linspace(start, stop float64, n int) []float64 {
	v := make([]float64, n)
	if n == 1 {
		v[0] = start
		return v
	}
	step := (stop - start) / float64(n-1)
	for i := range v {
		v[i] = float64(i)*step + start
	}
	v[n-1] = stop
	return v
}
