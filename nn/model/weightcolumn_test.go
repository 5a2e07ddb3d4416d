package model_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/model"
)

// Meta.WeightColumn is kept in the file, left out when empty (files of
// models without sample weights are unchanged), and a name that cannot be
// printed is refused as other names are.
func TestWeightColumnMeta(t *testing.T) {
	dir := t.TempDir()
	m := random(t, []int{3}, nn.Tanh)
	m.Meta = model.Meta{Features: []string{"a", "b"}, WeightColumn: "w"}
	path := filepath.Join(dir, "w.json")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	loaded, err := model.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Meta.WeightColumn != "w" {
		t.Errorf("weight column %q after loading", loaded.Meta.WeightColumn)
	}
	m.Meta.WeightColumn = ""
	plain := filepath.Join(dir, "plain.json")
	if err := m.Save(plain); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(plain); err != nil || strings.Contains(string(b), "weight_column") {
		t.Errorf("a model without a weight column: %v, weight_column in its file", err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(b), `"weight_column": "w"`, `"weight_column": "w\u001b[2J"`, 1)
	if bad == string(b) {
		t.Fatal("no weight_column in the file")
	}
	if _, err := model.Decode([]byte(bad)); err == nil {
		t.Error("a weight column with an escape sequence: no error")
	}
}
