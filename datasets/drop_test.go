package datasets_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/internal/dense"
)

// TestDrop: dropped columns, by name or index, are not features; the rest
// keep their order and values, whatever the delimiter.
func TestDrop(t *testing.T) {
	for _, c := range []struct {
		name, text string
		o          datasets.CSVOptions
		features   []string
		x          []float64 // row-major (features, m)
	}{
		{"id by name", "id,a,b,y\n7,1,2,0\n8,3,4,1\n", datasets.CSVOptions{Drop: []string{"id"}}, []string{"a", "b"}, []float64{1, 3, 2, 4}},
		{"id by index", "id,a,b,y\n7,1,2,0\n8,3,4,1\n", datasets.CSVOptions{Drop: []string{"0"}}, []string{"a", "b"}, []float64{1, 3, 2, 4}},
		{"two, one twice", "id,a,name,b,y\n7,1,x,2,0\n8,3,z,4,1\n", datasets.CSVOptions{Drop: []string{"name", "id", "id"}}, []string{"a", "b"}, []float64{1, 3, 2, 4}},
		{"label first", "y,id,a\n0,7,1\n1,8,3\n", datasets.CSVOptions{Label: "y", Drop: []string{"id"}}, []string{"a"}, []float64{1, 3}},
		{"no header, by index", "7,1,2,0\n8,3,4,1\n", datasets.CSVOptions{Drop: []string{"0"}}, nil, []float64{1, 3, 2, 4}},
		{"no header, text column dropped", "x7,1,0\nx8,3,1\n", datasets.CSVOptions{Drop: []string{"0"}, Header: datasets.HeaderNo}, nil, []float64{1, 3}},
		{"semicolons", "id;a;y\n7;1,5;0\n8;3;1\n", datasets.CSVOptions{Drop: []string{"id"}, Comma: ';'}, nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := datasets.ReadCSV(strings.NewReader(c.text), "data.csv", c.o)
			if c.name == "semicolons" {
				// "1,5" is not a number: the comma is not the delimiter.
				var ne *datasets.NumberError
				if !errors.As(err, &ne) || ne.Column != "a" || ne.Value != "1,5" {
					t.Fatalf("err = %v, want a NumberError for a's 1,5", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(s.Features, c.features) || !slices.Equal(dense.Floats(s.X), c.x) {
				t.Errorf("features %v, X %v; want %v, %v", s.Features, dense.Floats(s.X), c.features, c.x)
			}
			if !slices.Equal(dense.Floats(s.Y), []float64{0, 1}) {
				t.Errorf("Y %v", dense.Floats(s.Y))
			}
		})
	}
}

// TestDropForModel: reading by a model's features, a dropped column may
// be there beside them.
func TestDropForModel(t *testing.T) {
	text := "id,b,a,y\n7,2,1,0\n8,4,3,1\n"
	o := datasets.CSVOptions{Features: []string{"a", "b"}}
	if _, err := datasets.ReadCSV(strings.NewReader(text), "p.csv", o); err == nil || !strings.Contains(err.Error(), `"id" is not a feature`) {
		t.Fatalf("without Drop: %v", err)
	}
	o.Drop = []string{"id"}
	s, err := datasets.ReadCSV(strings.NewReader(text), "p.csv", o)
	if err != nil {
		t.Fatal(err)
	}
	if got := dense.Floats(s.X); !slices.Equal(got, []float64{1, 3, 2, 4}) || s.Y == nil {
		t.Errorf("X %v, Y %v", got, s.Y)
	}
}

func TestDropErrors(t *testing.T) {
	for _, c := range []struct {
		name, text string
		drop       []string
		want       string
	}{
		{"unknown name", "id,a,y\n1,2,0\n", []string{"ID"}, `no column "ID" to drop (columns: "id", "a", "y")`},
		{"index out of range", "id,a,y\n1,2,0\n", []string{"3"}, "column 3 to drop does not exist: the file has columns 0 to 2"},
		{"the label", "id,a,y\n1,2,0\n", []string{"y"}, `column "y" to drop is the label column`},
		{"every feature", "id,a,y\n1,2,0\n", []string{"id", "a"}, `no feature left after dropping "id", "a"`},
		{"named without a header", "1,2,0\n", []string{"id"}, `column "id" to drop named, but the file has no header`},
	} {
		h := datasets.HeaderAuto // a column named to drop makes the first line a header
		if c.name == "named without a header" {
			h = datasets.HeaderNo
		}
		_, err := datasets.ReadCSV(strings.NewReader(c.text), "data.csv", datasets.CSVOptions{Drop: c.drop, Header: h})
		var pe *datasets.ParseError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want a ParseError saying %q", c.name, err, c.want)
		}
	}
	var oe *datasets.OptionError
	if _, err := datasets.ReadCSV(strings.NewReader("a,y\n1,0\n"), "data.csv", datasets.CSVOptions{Drop: []string{""}}); !errors.As(err, &oe) {
		t.Errorf("an empty name: err = %v, want an *OptionError", err)
	}
}

// TestNumberError: a text column read as a feature is a *NumberError in
// the *ParseError, naming the column as Label and Drop take it.
func TestNumberError(t *testing.T) {
	for _, c := range []struct {
		text, name string
		index      int
		header     datasets.Header
	}{
		{"diagnosis,a,b\nM,1,2\n", "diagnosis", 0, datasets.HeaderAuto},
		{"M,1,2\nB,3,4\n", "0", 0, datasets.HeaderNo},
	} {
		_, err := datasets.ReadCSV(strings.NewReader(c.text), "data.csv", datasets.CSVOptions{Header: c.header})
		var ne *datasets.NumberError
		if !errors.As(err, &ne) || !errors.Is(err, datasets.ErrCSV) || ne.Name() != c.name || ne.Index != c.index || ne.Value != "M" {
			t.Errorf("%q: err = %v (%+v), want a NumberError for column %s", c.text, err, ne, c.name)
		}
	}
}
