package main

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/gradlab/gradlab/datasets/nprand"
)

// The growth workloads of issue 20: how the time of a step grows with the
// examples and the layers. Gm is m examples of 2 features with n_h = 4,
// W4000 is m = 4,000 with n_h = 512, D4000 is m = 4,000 with three hidden
// layers of 64, F40000 is m = 40,000 with n_h = 64, run in float64 and, with
// -dtype float32, in float32 (as PyTorch runs it too). The data are
// numpy's np.random.seed(0); X = rand(2, m) − 0.5; y = 1 where
// X[0]·X[1] > 0; the weights numpy's seed(2), randn·0.01 layer by layer;
// gradient descent at 0.1.
type growth struct {
	m      int
	hidden []int
	steps  int
}

// growthOf parses a growth workload's name.
func growthOf(name string) (growth, bool) {
	if len(name) < 2 {
		return growth{}, false
	}
	m, err := strconv.Atoi(name[1:])
	if err != nil || m <= 0 {
		return growth{}, false
	}
	var h []int
	switch name[0] {
	case 'G':
		h = []int{4}
	case 'W':
		h = []int{512}
	case 'D':
		h = []int{64, 64, 64}
	case 'F':
		h = []int{64}
	default:
		return growth{}, false
	}
	// The weights' multiply-adds of one pass, and about 4·10^8 of them (or
	// 5 steps, or at most 2,000) a run.
	work, prev := 0, 2
	for _, n := range append(h, 1) {
		work += m * n * prev
		prev = n
	}
	steps := max(5, min(2000, int(4e8/float64(work+50*m))))
	return growth{m: m, hidden: h, steps: steps}, true
}

// growthData is numpy's np.random.seed(0); X = np.random.rand(2, m) − 0.5;
// y = X[0]·X[1] > 0.
func growthData(m int) (xs, ys []float64) {
	xs, ys = make([]float64, 2*m), make([]float64, m)
	nprand.New(0).Rand(xs)
	for i := range xs {
		xs[i] -= 0.5
	}
	for k := range m {
		if xs[k]*xs[m+k] > 0 {
			ys[k] = 1
		}
	}
	return xs, ys
}

// floor is the hand-written contender: the same network, math and data as
// gradlab's, in plain Go loops on float64 slices, one pass per layer and
// direction, one core, no graph. It is the floor that an executor of
// scalar Go code approaches.
func floor(g growth) (result, error) {
	xs, ys := growthData(g.m)
	sizes := append(append([]int{2}, g.hidden...), 1)
	L := len(sizes) - 1
	src := nprand.New(2)
	w, b := make([][]float64, L+1), make([][]float64, L+1)
	for l := 1; l <= L; l++ {
		w[l] = make([]float64, sizes[l]*sizes[l-1])
		for i := range w[l] {
			w[l][i] = src.NormFloat64() * 0.01
		}
		b[l] = make([]float64, sizes[l])
	}
	m := g.m
	a := make([][]float64, L+1) // activations; a[0] is X
	dz := make([][]float64, L+1)
	a[0] = xs
	for l := 1; l <= L; l++ {
		a[l] = make([]float64, sizes[l]*m)
		dz[l] = make([]float64, sizes[l]*m)
	}
	dw := make([][]float64, L+1)
	for l := 1; l <= L; l++ {
		dw[l] = make([]float64, sizes[l]*sizes[l-1])
	}
	const lr = 0.1
	var cost float64
	start := time.Now()
	for range g.steps {
		// Forward: a[l] = act(W·a[l−1] + b).
		for l := 1; l <= L; l++ {
			n, k := sizes[l], sizes[l-1]
			out, in := a[l], a[l-1]
			for i := range n {
				row := out[i*m : (i+1)*m]
				for j := range row {
					row[j] = b[l][i]
				}
				for p := range k {
					wv := w[l][i*k+p]
					src := in[p*m : (p+1)*m]
					for j := range row {
						row[j] += wv * src[j]
					}
				}
				if l < L {
					for j, v := range row {
						row[j] = math.Tanh(v)
					}
				} else {
					for j, v := range row {
						row[j] = 1 / (1 + math.Exp(-v))
					}
				}
			}
		}
		// Cost, and dZ of the output layer.
		cost = 0
		for j, av := range a[L] {
			y := ys[j]
			cost += y*math.Log(av) + (1-y)*math.Log(1-av)
			dz[L][j] = av - y
		}
		cost = -cost / float64(m)
		// Backward: dW = dZ·a[l−1]ᵀ/m, db = Σ dZ/m, dZ[l−1] = Wᵀ·dZ ⊙ (1 − a²).
		for l := L; l >= 1; l-- {
			n, k := sizes[l], sizes[l-1]
			if l > 1 {
				prev := dz[l-1]
				clear(prev)
				for i := range n {
					d := dz[l][i*m : (i+1)*m]
					for p := range k {
						wv := w[l][i*k+p]
						dst := prev[p*m : (p+1)*m]
						for j := range dst {
							dst[j] += wv * d[j]
						}
					}
				}
				for j, av := range a[l-1] {
					prev[j] *= 1 - av*av
				}
			}
			for i := range n {
				d := dz[l][i*m : (i+1)*m]
				var db float64
				for _, v := range d {
					db += v
				}
				b[l][i] -= lr * db / float64(m)
				for p := range k {
					src := a[l-1][p*m : (p+1)*m]
					var s float64
					for j, v := range d {
						s += v * src[j]
					}
					dw[l][i*k+p] = s / float64(m)
				}
			}
			for i, v := range dw[l] {
				w[l][i] -= lr * v
			}
		}
	}
	secs := time.Since(start).Seconds()
	return result{"go-floor", name(g), g.steps, secs, cost, peakRSS()}, nil
}

func name(g growth) string {
	switch {
	case len(g.hidden) == 3:
		return fmt.Sprintf("D%d", g.m)
	case g.hidden[0] == 64:
		return fmt.Sprintf("F%d", g.m)
	case g.hidden[0] == 512:
		return fmt.Sprintf("W%d", g.m)
	}
	return fmt.Sprintf("G%d", g.m)
}
