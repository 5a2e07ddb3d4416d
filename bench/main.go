// Command bench times gradlab's training loop on the three workloads of
// BENCHMARKS.md and prints one JSON object per workload:
//
//	E  the exercise: planar data, m = 400, n_h = 4, 10,000 full-batch steps
//	S  scale: m = 60,000, n_x = 784, n_h = 64, 20 full-batch steps
//	B  mini-batch: the S data, batches of 128, 2 epochs
//	Gm, Wm, Dm  growth (growth.go): m examples, n_h = 4, 512 or 64,64,64
//	Fm          growth: m examples, n_h = 64, for -dtype float32 beside float64
//	PNN, PNT, PTN  the matrix products of S alone (product.go)
//
// With -floor, the growth workloads run on a hand-written Go loop of the
// same math instead (the contender go-floor). With -dtype float32, gradlab
// trains in float32 and reports itself as gradlab-f32.
//
// All use tanh then sigmoid, the multiply+sum BCE and plain gradient
// descent, at 1.2 for E and 0.1 for S and B (where 1.2 diverges), in
// float64. Only the training loop is timed: data generation and compiling
// the programs are not. The S data are numpy's np.random.seed(0);
// X = np.random.rand(784, 60000) − 0.5, with y = 1 where X[0] + X[1] > 0,
// so bench/numpy_bench.py and bench/torch_bench.py train on the same
// numbers.
//
//	go run ./bench [-only E,S,B]
//
// Built with -tags openblas (and CGO_LDFLAGS=-lopenblas) it reports itself
// as gradlab-openblas: large matrix products then go to OpenBLAS.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/nn/train"
	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/tensor"
)

type result struct {
	Contender  string  `json:"contender"`
	Workload   string  `json:"workload"`
	Steps      int     `json:"steps"`
	Seconds    float64 `json:"seconds"`
	FinalCost  float64 `json:"final_cost"`
	PeakRSSMiB float64 `json:"peak_rss_mib"`
}

func main() {
	only := flag.String("only", "E,S,B", "workloads to run, comma-separated")
	hand := flag.Bool("floor", false, "run the growth workloads on the hand-written Go loop (go-floor) instead of gradlab")
	dtype := flag.String("dtype", "float64", "what gradlab trains in: float64 or float32")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the runs to this file")
	flag.Parse()
	switch *dtype {
	case "float64":
	case "float32":
		dt, runner = tensor.Float32, contender+"-f32"
	default:
		fmt.Fprintf(os.Stderr, "bench: -dtype %q: want float64 or float32\n", *dtype)
		os.Exit(2)
	}
	if err := runAll(strings.Split(*only, ","), *hand, *profile); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// runAll runs the workloads and prints their results, under a CPU profile
// written to profile unless it is empty.
func runAll(workloads []string, hand bool, profile string) error {
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	enc := json.NewEncoder(os.Stdout)
	for _, w := range workloads {
		w = strings.TrimSpace(w)
		var r result
		var err error
		if g, ok := growthOf(w); ok && hand {
			r, err = floor(g)
		} else if p, ok := productOf(w); ok {
			r = runProduct(w, p)
		} else {
			r, err = run(w)
		}
		if err != nil {
			return err
		}
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// dt is what gradlab trains in (-dtype), and runner the contender it
// reports.
var (
	dt     = tensor.Float64
	runner = contender
)

func run(workload string) (result, error) {
	cfg := train.Config{Hidden: []int{4}, Weights: nprand.New(2), Iterations: 10000, Dtype: dt}
	var x, y *tensor.Dense
	switch workload {
	case "E":
		set, err := datasets.Planar(400, 1)
		if err != nil {
			return result{}, err
		}
		x, y = set.X, set.Y
	case "S", "B":
		x, y = scaleData()
		cfg.Hidden, cfg.Iterations = []int{64}, 20
		opt, err := optim.New(optim.Config{Name: "gd", LearningRate: 0.1})
		if err != nil {
			return result{}, err
		}
		cfg.Optimizer = opt
		if workload == "B" {
			cfg.BatchSize, cfg.Iterations, cfg.Epochs, cfg.Seed = 128, 0, 2, 1 // numpy's RandomState(1)
		}
	default:
		g, ok := growthOf(workload)
		if !ok {
			return result{}, fmt.Errorf("unknown workload %q (known: E, S, B, PNN, PNT, PTN, and Gm, Wm, Dm, Fm for m examples)", workload)
		}
		xs, ys := growthData(g.m)
		x = tensor.New(tensor.WithShape(2, g.m), tensor.WithBacking(xs))
		y = tensor.New(tensor.WithShape(1, g.m), tensor.WithBacking(ys))
		opt, err := optim.New(optim.Config{Name: "gd", LearningRate: 0.1})
		if err != nil {
			return result{}, err
		}
		cfg.Hidden, cfg.Iterations, cfg.Optimizer = g.hidden, g.steps, opt
	}
	cfg.Every = 1 << 30 // one report, at iteration 0
	var last float64
	cfg.OnStep = func(_ int, cost float64) { last = cost }
	t, err := train.New(x, y, cfg)
	if err != nil {
		return result{}, err
	}
	res, err := t.Run(context.Background())
	if err != nil {
		return result{}, err
	}
	return result{runner, workload, res.Iterations, res.Duration.Seconds(), last, peakRSS()}, nil
}

// scaleData is numpy's np.random.seed(0); X = np.random.rand(784, 60000)
// − 0.5; y = X[0] + X[1] > 0.
func scaleData() (x, y *tensor.Dense) {
	const nx, m = 784, 60000
	xs, ys := make([]float64, nx*m), make([]float64, m)
	nprand.New(0).Rand(xs)
	for i := range xs {
		xs[i] -= 0.5
	}
	for k := range m {
		if xs[k]+xs[m+k] > 0 {
			ys[k] = 1
		}
	}
	return tensor.New(tensor.WithShape(nx, m), tensor.WithBacking(xs)), tensor.New(tensor.WithShape(1, m), tensor.WithBacking(ys))
}

// peakRSS is the process's peak resident memory so far.
func peakRSS() float64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return float64(u.Maxrss) / 1024 // kilobytes on Linux
}
