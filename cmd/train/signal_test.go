package main

import (
	"bufio"
	"errors"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gradlab/gradlab/nn/train"
)

// buildCommand builds the command into a temporary directory.
func buildCommand(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go") // go test's own toolchain
	}
	bin := filepath.Join(t.TempDir(), "train")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startTraining starts a long run and waits until it reports a cost, so
// that the signals below arrive during training.
func startTraining(t *testing.T, bin string, args ...string) (*exec.Cmd, *strings.Builder) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-iters", "100000000", "-print-every", "100"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("no output before the signal: %v", lines.Err())
	}
	out.WriteString(lines.Text() + "\n")
	go func() {
		for lines.Scan() {
			out.WriteString(lines.Text() + "\n")
		}
	}()
	return cmd, &out
}

func exitCode(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode()
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the command did not stop within 30 s of the signal")
	}
	return -1
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
		cmd, out := startTraining(t, bin, "-save", model)
		if err := cmd.Process.Signal(c.sig); err != nil {
			t.Fatal(err)
		}
		if code := exitCode(t, cmd); code != c.code {
			t.Errorf("%v: exit %d, want %d", c.sig, code, c.code)
		}
		if !strings.Contains(out.String(), "Interrupted after") || !strings.Contains(out.String(), "Accuracy: ") {
			t.Errorf("%v: the report so far is missing:\n%s", c.sig, out)
		}
		if _, _, err := train.Load(model); err != nil {
			t.Errorf("%v: the model was not saved: %v", c.sig, err)
		}
	}
}

// A second Ctrl-C quits at once.
func TestSecondInterruptQuits(t *testing.T) {
	bin := buildCommand(t)
	cmd, _ := startTraining(t, bin)
	cmd.Process.Signal(syscall.SIGINT)
	cmd.Process.Signal(syscall.SIGINT)
	if code := exitCode(t, cmd); code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
}
