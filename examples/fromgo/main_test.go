package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/nn/model"
)

// The program's first report is the notebook's cost at iteration 0 (the
// optimizer has not moved yet), the forms agree, and the saved model loads.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	path := filepath.Join(t.TempDir(), "model.json")
	if err := run(t.Context(), &out, 1001, path); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var diff float64
	if len(lines) != 3 || !strings.HasPrefix(lines[2], "Train accuracy: ") {
		t.Fatalf("output:\n%s", out.String())
	}
	if _, err := fmt.Sscanf(lines[0], "Cost after iteration 0: 0.693048 (forms differ by %g)", &diff); err != nil || diff > 1e-12 {
		t.Errorf("first report %q: want the notebook's 0.693048 and the forms within 1e-12", lines[0])
	}
	m, err := model.Load(path)
	if err != nil || m.Meta.Optimizer != "adam" {
		t.Errorf("saved model: %+v, %v", m, err)
	}
}
