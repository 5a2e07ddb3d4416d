package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/gradlab/gradlab/nn/train"
)

// A run stopped early with -checkpoint and continued with -resume saves
// the model file of the uninterrupted run, byte for byte, and prints its
// report and draws its cost curve: gradient descent, momentum and Adam
// (with a schedule), full batch and mini-batches, stopped inside an epoch
// and at an epoch's end.
func TestResumeSavesTheUninterruptedModel(t *testing.T) {
	for _, c := range []struct {
		name          string
		flags         []string
		total, before []string // the whole run's length, and the stopped run's
	}{
		{"gd, full batch", []string{"-print-every", "50"}, []string{"-iters", "300"}, []string{"-iters", "120"}},
		{"gd, mini-batches, inside an epoch", []string{"-batch", "64", "-lr", "0.5", "-print-every", "10"}, []string{"-iters", "100"}, []string{"-iters", "45"}},
		{"momentum, mini-batches, by epochs", []string{"-optimizer", "momentum", "-lr", "0.1", "-batch", "50", "-print-every-epochs", "2"},
			[]string{"-epochs", "12"}, []string{"-epochs", "5"}},
		{"adam, schedule, mini-batches", []string{"-optimizer", "adam", "-lr", "0.02", "-schedule", "exp:0.99", "-batch", "64", "-print-every", "20"},
			[]string{"-iters", "150"}, []string{"-iters", "71"}},
		{"adam, full batch, validation, patience", []string{"-optimizer", "adam", "-lr", "0.01", "-val-split", "0.25", "-patience", "40", "-print-every", "10"},
			[]string{"-iters", "200"}, []string{"-iters", "90"}},
	} {
		dir := t.TempDir()
		path := func(name string) string { return filepath.Join(dir, name) }
		args := func(extra ...string) []string { return append(slices.Clone(c.flags), extra...) }
		code, whole, stderr := runCmd(t, args(append(c.total, "-save", path("whole.json"), "-plot-cost", path("whole.png"))...)...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.name, code, stderr)
		}
		if code, _, stderr := runCmd(t, args(append(c.before, "-checkpoint", path("run.ckpt"), "-quiet")...)...); code != 0 {
			t.Fatalf("%s, stopped: exit %d: %s", c.name, code, stderr)
		}
		code, resumed, stderr := runCmd(t, args(append(c.total, "-resume", path("run.ckpt"), "-checkpoint", path("run.ckpt"),
			"-save", path("resumed.json"), "-plot-cost", path("resumed.png"))...)...)
		if code != 0 {
			t.Fatalf("%s, resumed: exit %d: %s", c.name, code, stderr)
		}
		if resumed != whole {
			t.Errorf("%s: the resumed run prints\n%s\nthe uninterrupted one\n%s", c.name, resumed, whole)
		}
		for _, pair := range [][2]string{{"whole.json", "resumed.json"}, {"whole.png", "resumed.png"}} {
			if a, b := must(os.ReadFile(path(pair[0]))), must(os.ReadFile(path(pair[1]))); !bytes.Equal(a, b) {
				t.Errorf("%s: %s and %s differ", c.name, pair[0], pair[1])
			}
		}
		// The resumed run kept checkpointing in place: its last
		// checkpoint holds the reports it printed.
		cp, err := train.LoadCheckpoint(path("run.ckpt"))
		if err != nil {
			t.Fatal(err)
		}
		var told strings.Builder
		for _, r := range cp.Reports() {
			printReport(&told, r, 1)
		}
		if told.Len() == 0 || !strings.HasPrefix(whole, told.String()) {
			t.Errorf("%s: the last checkpoint, after %d iterations, holds the reports\n%s", c.name, cp.Iteration(), told.String())
		}
	}
}

// -checkpoint-every writes the checkpoint as the run goes: a run that
// fails keeps the last one, and one that ends leaves the checkpoint of its
// end, by iterations or by epochs.
func TestCheckpointEvery(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		want func(int) bool
	}{
		{[]string{"-iters", "95", "-checkpoint-every", "20"}, 0, func(n int) bool { return n == 95 }},
		{[]string{"-iters", "45", "-batch", "100", "-checkpoint-every-epochs", "2"}, 0, func(n int) bool { return n == 45 }},
		// Diverges after a few steps: the checkpoint is of the last
		// multiple of 2 before.
		{[]string{"-activation", "relu", "-loss", "logits", "-lr", "1000000", "-iters", "300", "-print-every", "100", "-checkpoint-every", "2"}, 1,
			func(n int) bool { return n > 0 && n < 300 && n%2 == 0 }},
	} {
		ckpt := filepath.Join(dir, "run.ckpt")
		os.Remove(ckpt)
		if code, _, stderr := runCmd(t, append(c.args, "-checkpoint", ckpt, "-quiet")...); code != c.code {
			t.Fatalf("%v: exit %d, want %d: %s", c.args, code, c.code, stderr)
		}
		cp, err := train.LoadCheckpoint(ckpt)
		if err != nil || !c.want(cp.Iteration()) {
			t.Errorf("%v: the checkpoint is after %d iterations (%v)", c.args, cp.Iteration(), err)
		}
	}
}

// Ctrl-C writes a last checkpoint, from which -resume goes on to end
// where an uninterrupted run of as many iterations ends.
func TestInterruptWritesTheCheckpoint(t *testing.T) {
	dir := t.TempDir()
	ckpt := filepath.Join(dir, "run.ckpt")
	flags := []string{"-batch", "64", "-optimizer", "adam", "-lr", "0.01"}
	r := startTraining(t, append(slices.Clone(flags), "-checkpoint", ckpt)...)
	if err := r.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := r.exitCode(t); code != 130 {
		t.Fatalf("exit %d, want 130", code)
	}
	cp, err := train.LoadCheckpoint(ckpt)
	if err != nil {
		t.Fatalf("the checkpoint of the interrupted run: %v", err)
	}
	// startTraining's flags, with fewer iterations than it was given.
	total := []string{"-iters", strconv.Itoa(cp.Iteration() + 30), "-print-every", "100"}
	whole, resumed := filepath.Join(dir, "whole.json"), filepath.Join(dir, "resumed.json")
	if code, _, stderr := runCmd(t, append(append(slices.Clone(flags), total...), "-save", whole, "-quiet")...); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := runCmd(t, append(append(slices.Clone(flags), total...), "-resume", ckpt, "-save", resumed, "-quiet")...); code != 0 {
		t.Fatal(stderr)
	}
	if !bytes.Equal(must(os.ReadFile(whole)), must(os.ReadFile(resumed))) {
		t.Errorf("resumed after %d iterations, the model differs from the uninterrupted run's", cp.Iteration())
	}
}
