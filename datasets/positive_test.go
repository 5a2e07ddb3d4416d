package datasets_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/datasets"
)

// TestWithPositive: breast-cancer's labels are benign (0, 357 rows) and malignant (1,
// 212 rows), as its file and data/README.md count them; choosing benign as
// positive flips every label and swaps the names, choosing malignant changes
// nothing.
func TestWithPositive(t *testing.T) {
	s, err := datasets.BreastCancer()
	if err != nil {
		t.Fatal(err)
	}
	if got := s.LabelNames(); got != [2]string{"benign", "malignant"} {
		t.Fatalf("LabelNames = %v", got)
	}
	same, err := s.WithPositive("malignant")
	if err != nil || same != s {
		t.Errorf("WithPositive(malignant) = %p, %v; want the set itself", same, err)
	}
	b, err := s.WithPositive("benign")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.Labels, []string{"malignant", "benign"}) {
		t.Errorf("labels %v, want [malignant benign]", b.Labels)
	}
	orig, flipped := s.Y.Data().([]float64), b.Y.Data().([]float64)
	ones := 0
	for i := range orig {
		if flipped[i] != 1-orig[i] {
			t.Fatalf("label %d: %v, originally %v", i, flipped[i], orig[i])
		}
		ones += int(flipped[i])
	}
	if ones != 357 {
		t.Errorf("%d positives (benign), want 357", ones)
	}
	if orig[0] != s.Y.Data().([]float64)[0] || b.X != s.X {
		t.Error("the original set changed, or the features were copied")
	}
	var oe *datasets.OptionError
	if _, err := s.WithPositive("M"); !errors.As(err, &oe) || !strings.Contains(err.Error(), `"benign" or "malignant"`) {
		t.Errorf("WithPositive(M): %v", err)
	}
	p, err := datasets.Planar(10, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.LabelNames(); got != [2]string{"0", "1"} {
		t.Errorf("planar LabelNames = %v", got)
	}
	z, err := p.WithPositive("0")
	if err != nil || !slices.Equal(z.Labels, []string{"1", "0"}) {
		t.Errorf("planar WithPositive(0): %v, %v", z.Labels, err)
	}
}
