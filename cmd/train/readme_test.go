package main

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/internal/longtest"
)

// readmeCommand returns the arguments of the README's command line in the
// table row that starts with row: the example a new user tries.
func readmeCommand(t *testing.T, row string) []string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(readme), "\n") {
		if !strings.HasPrefix(line, "| "+row+" |") {
			continue
		}
		_, cmd, ok := strings.Cut(line, "`go run ./cmd/train ")
		cmd, _, closed := strings.Cut(cmd, "`")
		if !ok || !closed {
			t.Fatalf("README row %q has no `go run ./cmd/train …` command: %s", row, line)
		}
		return strings.Fields(cmd)
	}
	t.Fatalf("README has no row %q", row)
	return nil
}

// TestReadmeReluExample: the README's relu example reaches at least 99%
// training accuracy on moons (issue 17's bar) as written, with the
// default seed and seed 1, and with seeds 3 and 4 too when GRADLAB_LONG is
// set, as in CI (internal/longtest). It stalled at 85% (50% with -seed 5)
// when every network started from randn·0.01; He's initialization, relu's
// default, is what it needed. Not every seed gets there: moons' noise of
// 0.2 puts some points among the other class's, and seeds 5, 10, 11, 15,
// 19 and 20 of 1–20 end at 97–98.5% (the other fourteen at 99–100%).
func TestReadmeReluExample(t *testing.T) {
	t.Parallel() // with the signal tests, which mostly wait on processes
	args := readmeCommand(t, "another data set and network")
	seeds := []string{"", "1"}
	if longtest.Enabled() {
		seeds = append(seeds, "3", "4")
	}
	for _, seed := range seeds {
		run := append(args, "-quiet")
		if seed != "" {
			run = append(run, "-seed", seed)
		}
		code, stdout, stderr := runCmd(t, run...)
		acc, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(stdout, "Train accuracy: ")), "%"), 64)
		if code != 0 || err != nil || acc < 99 {
			t.Errorf("%v: exit %d, %q (want ≥ 99%%), stderr %q", run, code, stdout, stderr)
		}
	}
}
