package main

import (
	"bufio"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	nnmodel "github.com/gradlab/gradlab/nn/model"
)

// buildCommand builds the command into a temporary directory.
func buildCommand(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("building the command needs the go tool on PATH: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "train")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// training is a run of the command started by startTraining.
type training struct {
	cmd  *exec.Cmd
	out  strings.Builder // its standard output, complete once read is closed
	read chan struct{}
}

// startTraining starts a long run and waits until it reports a cost, so
// that the signals below arrive during training.
func startTraining(t *testing.T, bin string, args ...string) *training {
	t.Helper()
	r := &training{cmd: exec.Command(bin, append([]string{"-iters", "100000000", "-print-every", "100"}, args...)...), read: make(chan struct{})}
	stdout, err := r.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("no output before the signal: %v", lines.Err())
	}
	r.out.WriteString(lines.Text() + "\n")
	go func() {
		defer close(r.read)
		for lines.Scan() {
			r.out.WriteString(lines.Text() + "\n")
		}
	}()
	return r
}

// exitCode reads the rest of the output, as os/exec requires before Wait,
// and returns the exit status.
func (r *training) exitCode(t *testing.T) int {
	t.Helper()
	select {
	case <-r.read:
	case <-time.After(30 * time.Second):
		r.cmd.Process.Kill()
		<-r.read
		t.Fatal("the command did not stop within 30 s of the signal")
	}
	err := r.cmd.Wait()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return r.cmd.ProcessState.ExitCode()
}

// A signal finishes the current step, saves the model, prints the report
// so far and exits with 128 + the signal's number.
func TestSignalSavesAndReports(t *testing.T) {
	bin := buildCommand(t)
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		model := filepath.Join(t.TempDir(), "model.json")
		r := startTraining(t, bin, "-save", model)
		if err := r.cmd.Process.Signal(c.sig); err != nil {
			t.Fatal(err)
		}
		if code := r.exitCode(t); code != c.code {
			t.Errorf("%v: exit %d, want %d", c.sig, code, c.code)
		}
		if out := r.out.String(); !strings.Contains(out, "Interrupted after") || !strings.Contains(out, "Accuracy: ") {
			t.Errorf("%v: the report so far is missing:\n%s", c.sig, out)
		}
		if _, err := nnmodel.Load(model); err != nil {
			t.Errorf("%v: the model was not saved: %v", c.sig, err)
		}
	}
}

// A second Ctrl-C quits at once.
func TestSecondInterruptQuits(t *testing.T) {
	bin := buildCommand(t)
	r := startTraining(t, bin)
	r.cmd.Process.Signal(syscall.SIGINT)
	r.cmd.Process.Signal(syscall.SIGINT)
	if code := r.exitCode(t); code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
}
