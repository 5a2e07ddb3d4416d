package datasets_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/datasets"
)

const multiCSV = `f,a,g,b
1.5,1,7,0
2.5,0,8,1
3.5,1,9,1
4.5,0,10,0
5.5,1,11,0
`

func multi(t *testing.T) *datasets.Set {
	t.Helper()
	s, err := datasets.ReadCSV(strings.NewReader(multiCSV), "multi.csv", datasets.CSVOptions{NoLabels: true})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.WithLabelColumns([]string{"b", "1"}) // by name and by index
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The label columns leave X for Y, in the order named.
func TestWithLabelColumns(t *testing.T) {
	s := multi(t)
	if !slices.Equal(s.Y.Shape(), []int{2, 5}) || !slices.Equal(s.X.Shape(), []int{2, 5}) {
		t.Fatalf("X %v, Y %v", s.X.Shape(), s.Y.Shape())
	}
	if !slices.Equal(s.Y.Float64s(), []float64{0, 1, 1, 0, 0, 1, 0, 1, 0, 1}) {
		t.Errorf("Y = %v: want column b then column a", s.Y.Float64s())
	}
	if !slices.Equal(s.X.Float64s(), []float64{1.5, 2.5, 3.5, 4.5, 5.5, 7, 8, 9, 10, 11}) {
		t.Errorf("X = %v: want columns f and g", s.X.Float64s())
	}
	if !slices.Equal(s.Features, []string{"f", "g"}) || !slices.Equal(s.LabelColumns, []string{"b", "a"}) || s.Label != "" {
		t.Errorf("features %v, label columns %v, label %q", s.Features, s.LabelColumns, s.Label)
	}
	raw, _ := datasets.ReadCSV(strings.NewReader(multiCSV), "multi.csv", datasets.CSVOptions{NoLabels: true})
	for _, c := range []struct {
		cols []string
		opt  bool
		says string
	}{
		{[]string{"z"}, true, "columns of multi.csv"},
		{[]string{"a", "1"}, true, "there twice"},
		{[]string{"f", "a", "g", "b"}, true, "leaving a feature"},
		{nil, true, "1 to 3"},
		{[]string{"f", "a"}, false, `"f", example 1, is 1.5`},
	} {
		_, err := raw.WithLabelColumns(c.cols)
		var oe *datasets.OptionError
		if c.opt && !errors.As(err, &oe) || !c.opt && !errors.Is(err, datasets.ErrLabel) || err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%v: %v, want an error saying %q", c.cols, err, c.says)
		}
	}
}

// Split, Shuffle and Batches carry every label row with its example; a
// stratified split of several rows is refused; WriteCSV writes each label
// column and reads back.
func TestLabelRows(t *testing.T) {
	s := multi(t)
	train, test, err := datasets.Split(s, 0.4, 3, false)
	if err != nil {
		t.Fatal(err)
	}
	// Each example is known by its feature f: 1.5 + j.
	check := func(what string, p *datasets.Set) {
		m := p.Examples()
		for k := range m {
			j := int(p.X.Float64s()[k] - 1.5)
			for r := range 2 {
				if got, want := p.Y.Float64s()[r*m+k], s.Y.Float64s()[r*5+j]; got != want {
					t.Errorf("%s: example %d, label row %d: %v, want %v", what, k, r, got, want)
				}
			}
		}
		if !slices.Equal(p.LabelColumns, s.LabelColumns) {
			t.Errorf("%s: label columns %v", what, p.LabelColumns)
		}
	}
	check("train", train)
	check("test", test)
	sh, err := datasets.Shuffle(s, 4)
	if err != nil {
		t.Fatal(err)
	}
	check("shuffled", sh)
	var oe *datasets.OptionError
	if _, _, err := datasets.Split(s, 0.4, 3, true); !errors.As(err, &oe) {
		t.Errorf("stratified split of two label rows: %v, want an *OptionError", err)
	}
	b, err := datasets.NewBatches(s, 2, 5)
	if err != nil {
		t.Fatal(err)
	}
	for b.Next() {
		x, y := b.Batch()
		n := x.Shape()[1]
		for k := range n {
			j := int(x.Float64s()[k] - 1.5)
			for r := range 2 {
				if y.Float64s()[r*n+k] != s.Y.Float64s()[r*5+j] {
					t.Errorf("batch: example of f = %v, label row %d", x.Float64s()[k], r)
				}
			}
		}
	}
	if _, err := s.WithPositive("1"); !errors.As(err, &oe) {
		t.Errorf("WithPositive of two label rows: %v", err)
	}
	var buf bytes.Buffer
	if err := s.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	if want := "f,g,b,a\n1.5,7,0,1\n"; !strings.HasPrefix(buf.String(), want) {
		t.Errorf("WriteCSV:\n%s\nwant it to start\n%s", buf.String(), want)
	}
	back, err := datasets.ReadCSV(&buf, "back", datasets.CSVOptions{NoLabels: true})
	if err != nil {
		t.Fatal(err)
	}
	if back, err = back.WithLabelColumns([]string{"b", "a"}); err != nil || !slices.Equal(back.Y.Float64s(), s.Y.Float64s()) {
		t.Errorf("read back: %v, %v", back, err)
	}
}
