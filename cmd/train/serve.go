package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"strconv"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/internal/serve"
)

// serveDefault is where -serve listens without -addr: loopback, on a free
// port.
const serveDefault = "127.0.0.1:0"

// servePage runs the live page (-serve) until ctx ends; then, with -save,
// it saves the model of the run that trained last.
func servePage(ctx context.Context, o *options, stdout, stderr io.Writer) error {
	start, data, val, err := pageStart(ctx, o)
	if err != nil {
		return err
	}
	srv, err := serve.New(serve.Options{Start: &start, Data: data, Validation: val})
	if err != nil {
		return err
	}
	addr := o.addr
	if addr == "" {
		addr = serveDefault
	} else if _, err := strconv.Atoi(addr); err == nil {
		addr = "127.0.0.1:" + addr // a bare port
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("-addr: %w", err)
	}
	if !loopback(ln.Addr()) {
		fmt.Fprintf(stderr, "train: warning: serving on %s, reachable from other machines: anyone who can reach it can train on this machine\n", ln.Addr())
	}
	fmt.Fprintf(stdout, "train: serving the page at %s (Ctrl-C to stop)\n", pageURL(ln.Addr()))
	if err := serve.Serve(ctx, ln, srv); err != nil {
		return err
	}
	if o.save != "" {
		m := srv.LastModel()
		if m == nil {
			fmt.Fprintln(stderr, "train: -save: no run trained a step: nothing saved")
		} else if err := m.Save(o.save); err != nil {
			return err
		} else {
			fmt.Fprintf(stdout, "train: saved the model of the last run to %s\n", o.save)
		}
	}
	return ctx.Err()
}

// pageStart turns the options into the page's starting state, the -csv
// file into its data and the -val-csv file into its validation data.
func pageStart(ctx context.Context, o *options) (serve.Settings, *datasets.Set, *datasets.Set, error) {
	s := serve.Settings{
		Dataset: o.dataset, Label: o.label, N: o.n, Noise: o.noise, DataSeed: o.dataSeed,
		TestSplit: o.valSplit, Stratify: o.stratify, Standardize: o.standard, // the page scores it at every report: validation
		ValCSV: o.valCSV != "",
		Hidden: o.hidden, Activation: o.activation, Init: o.init, Loss: o.loss, Optimizer: o.optimizer,
		LR: o.lr, L2: o.l2, Clip: o.clip, Schedule: "constant", Iters: o.iters, Epochs: o.epochs,
		Batch: o.batch, Seed: o.seed, PrintEvery: o.printEvery, EveryEpochs: o.printEveryEpochs,
		Patience: o.patience, MinDelta: o.minDelta,
	}
	if sched, ok := o.schedule.(fmt.Stringer); ok {
		s.Schedule = sched.String()
	}
	if o.csv == "" && o.valCSV == "" {
		return s, nil, nil, nil
	}
	// The data are read, or generated, as a text run's: -val-csv takes
	// their features' names.
	set, err := source(ctx, o)
	if err != nil {
		return s, nil, nil, err
	}
	var data, val *datasets.Set
	if o.csv != "" {
		data, s.Dataset = set, serve.Upload
	}
	if o.valCSV != "" {
		if val, err = readValCSV(ctx, o, set); err != nil {
			return s, nil, nil, err
		}
	}
	return s, data, val, nil
}

// loopback reports whether a is an address of this machine only.
func loopback(a net.Addr) bool {
	t, ok := a.(*net.TCPAddr)
	return ok && t.IP.IsLoopback()
}

func pageURL(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok && t.IP.IsUnspecified() {
		return fmt.Sprintf("http://localhost:%d/", t.Port)
	}
	return "http://" + a.String() + "/"
}
