package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	nnmodel "github.com/gradlab/gradlab/nn/model"
)

// The tests below need the command as a real process (signals, broken
// pipes, blocking opens): this test binary, started again with
// asCommand set, is the command, run by its main. That saves a go build.
const asCommand = "GRADLAB_TRAIN_TEST_AS_COMMAND"

func TestMain(m *testing.M) {
	if os.Getenv(asCommand) == "1" {
		main() // exits
	}
	os.Exit(m.Run())
}

// command returns the command with args as a process to start.
func command(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the command as a process")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatalf("the test binary, to run as the command: %v", err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), asCommand+"=1")
	return cmd
}

// training is a run of the command started by startTraining.
type training struct {
	cmd  *exec.Cmd
	out  strings.Builder // its standard output, complete once read is closed
	read chan struct{}
}

// startTraining starts a long run and waits until it reports a cost, so
// that the signals below arrive during training.
func startTraining(t *testing.T, args ...string) *training {
	t.Helper()
	r := &training{cmd: command(t, append([]string{"-iters", "100000000", "-print-every", "100"}, args...)...), read: make(chan struct{})}
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
	t.Parallel()
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}, {syscall.SIGHUP, 129}} {
		model := filepath.Join(t.TempDir(), "model.json")
		r := startTraining(t, "-save", model)
		if err := r.cmd.Process.Signal(c.sig); err != nil {
			t.Fatal(err)
		}
		if code := r.exitCode(t); code != c.code {
			t.Errorf("%v: exit %d, want %d", c.sig, code, c.code)
		}
		if out := r.out.String(); !strings.Contains(out, "Interrupted after") || !strings.Contains(out, "Train accuracy: ") {
			t.Errorf("%v: the report so far is missing:\n%s", c.sig, out)
		}
		if _, err := nnmodel.Load(model); err != nil {
			t.Errorf("%v: the model was not saved: %v", c.sig, err)
		}
	}
}

// A second Ctrl-C quits at once.
func TestSecondInterruptQuits(t *testing.T) {
	t.Parallel()
	r := startTraining(t)
	r.cmd.Process.Signal(syscall.SIGINT)
	r.cmd.Process.Signal(syscall.SIGINT)
	if code := r.exitCode(t); code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
}

// train -save m.json | head -1: when the reader of standard output goes
// away, the run saves the model as for SIGTERM and exits 141, SIGPIPE's.
func TestBrokenPipeSaves(t *testing.T) {
	t.Parallel()
	model := filepath.Join(t.TempDir(), "model.json")
	cmd := command(t, "-iters", "100000000", "-print-every", "100", "-save", model)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if _, err := bufio.NewReader(stdout).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	stdout.Close() // as head -1 does after its line
	waitOrKill(t, cmd, 30*time.Second, "the command did not stop within 30 s of its reader going away")
	if code := cmd.ProcessState.ExitCode(); code != 141 {
		t.Errorf("exit %d, want 141", code)
	}
	if _, err := nnmodel.Load(model); err != nil {
		t.Errorf("the model was not saved: %v", err)
	}
}

// One Ctrl-C stops a command blocked opening a FIFO that nobody writes,
// at once, and an existing -save file keeps what it held: the initial
// weights are never saved over it.
func TestInterruptWhileLoading(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "data.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	model := filepath.Join(dir, "model.json")
	if out, err := command(t, "-iters", "1", "-quiet", "-save", model).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	kept, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-csv", fifo, "-save", model},
		{"-load", model, "-predict", fifo},
	} {
		cmd := command(t, args...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond) // blocked in open by now
		cmd.Process.Signal(syscall.SIGINT)
		waitOrKill(t, cmd, 10*time.Second, fmt.Sprintf("%v: one Ctrl-C did not stop the command blocked on a FIFO", args))
		if code := cmd.ProcessState.ExitCode(); code != 130 {
			t.Errorf("%v: exit %d, want 130; stderr %q", args, code, stderr.String())
		}
		if b, _ := os.ReadFile(model); string(b) != string(kept) {
			t.Errorf("%v: the -save file was overwritten", args)
		}
	}
}

// Ctrl-C during a long gradient check stops it promptly, and the existing
// -save file keeps what it held.
func TestInterruptDuringGradCheck(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := filepath.Join(dir, "model.json")
	if err := os.WriteFile(model, []byte("kept\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A 64,64 network's full check takes seconds; sweep mode many more.
	cmd := command(t, "-dataset", "spirals", "-hidden", "64,64", "-gradcheck", "-gradcheck-mode", "sweep", "-save", model)
	// One core is enough to be interrupted on, and leaves the other to
	// the tests running beside this one.
	cmd.Env = append(cmd.Env, "GOMAXPROCS=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	waitOrKill(t, cmd, 20*time.Second, "the gradient check went on after Ctrl-C")
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
	if b, _ := os.ReadFile(model); string(b) != "kept\n" {
		t.Errorf("the -save file was overwritten: %.40q", b)
	}
}

// One Ctrl-C stops a run blocked writing its model to a FIFO that nobody
// reads.
func TestInterruptWhileWritingAFIFO(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "model.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	cmd := command(t, "-iters", "1", "-quiet", "-save", fifo)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // trained, and waiting for a reader by now
	cmd.Process.Signal(syscall.SIGINT)
	waitOrKill(t, cmd, 10*time.Second, "one Ctrl-C did not stop the command blocked on a FIFO")
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
}

// waitOrKill waits for cmd to exit, and kills it and fails t with what
// when it has not within d.
func waitOrKill(t *testing.T, cmd *exec.Cmd, d time.Duration, what string) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		t.Fatal(what)
	}
}
