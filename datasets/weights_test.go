package datasets_test

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"gorgonia.org/tensor"
)

func readString(t *testing.T, text string, o datasets.CSVOptions) (*datasets.Set, error) {
	t.Helper()
	return datasets.ReadCSV(strings.NewReader(text), "w.csv", o)
}

// TestWeightColumn: the weight column, named by header or by index, is
// taken out of the features into Set.Weights, as the label is.
func TestWeightColumn(t *testing.T) {
	for _, c := range []struct {
		name, text string
		o          datasets.CSVOptions
		features   []string
		column     string
	}{
		{"by name", "a,w,b,y\n1,0.5,2,0\n3,2,4,1\n5,1e-3,6,1\n", datasets.CSVOptions{Weight: "w"}, []string{"a", "b"}, "w"},
		{"by index, header", "a,w,b,y\n1,0.5,2,0\n3,2,4,1\n5,1e-3,6,1\n", datasets.CSVOptions{Weight: "1"}, []string{"a", "b"}, "w"},
		{"by index, no header", "1,0.5,2,0\n3,2,4,1\n5,1e-3,6,1\n", datasets.CSVOptions{Weight: "1"}, nil, "1"},
		{"label first", "y,a,b,w\n0,1,2,0.5\n1,3,4,2\n1,5,6,1e-3\n", datasets.CSVOptions{Label: "y", Weight: "w"}, []string{"a", "b"}, "w"},
		{"with a dropped id", "id,a,w,b,y\n7,1,0.5,2,0\n8,3,2,4,1\n9,5,1e-3,6,1\n", datasets.CSVOptions{Weight: "w", Drop: []string{"id"}}, []string{"a", "b"}, "w"},
	} {
		s, err := readString(t, c.text, c.o)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if s.Dims() != 2 || !slices.Equal(s.X.Float64s(), []float64{1, 3, 5, 2, 4, 6}) || !slices.Equal(s.Y.Float64s(), []float64{0, 1, 1}) {
			t.Errorf("%s: X %v, Y %v", c.name, s.X, s.Y)
		}
		if s.Weights == nil || !slices.Equal(s.Weights.Float64s(), []float64{0.5, 2, 1e-3}) || !slices.Equal(s.Weights.Shape(), []int{1, 3}) {
			t.Errorf("%s: weights %v", c.name, s.Weights)
		}
		if !slices.Equal(s.Features, c.features) || s.WeightColumn != c.column {
			t.Errorf("%s: features %q, weight column %q; want %q, %q", c.name, s.Features, s.WeightColumn, c.features, c.column)
		}
	}
	s, err := readString(t, "a,w\n1,2\n3,4\n", datasets.CSVOptions{Weight: "w", NoLabels: true})
	if err != nil || s.Weights == nil || s.Dims() != 1 || s.Y != nil {
		t.Errorf("without labels: %+v, %v", s, err)
	}
	s, err = readString(t, "a,b,y\n1,2,0\n3,4,1\n", datasets.CSVOptions{})
	if err != nil || s.Weights != nil || s.WeightColumn != "" {
		t.Errorf("no weight column asked for: %+v, %v", s, err)
	}
}

// TestWeightColumnBadValues: a weight that is not a finite number > 0 is
// a *ParseError naming its line and column, whose Err is a *WeightError.
func TestWeightColumnBadValues(t *testing.T) {
	for _, v := range []string{"0", "-1", "-0", "nan", "inf", "abc", ""} {
		_, err := readString(t, "a,w,y\n1,1,0\n2,"+v+",1\n", datasets.CSVOptions{Weight: "w"})
		var pe *datasets.ParseError
		var we *datasets.WeightError
		if !errors.As(err, &pe) || pe.Line != 3 || pe.Column != 3 || !errors.As(err, &we) || we.Column != "w" || we.Index != 1 || we.Value != v || !errors.Is(err, datasets.ErrCSV) {
			t.Errorf("weight %q: err = %v, want a *ParseError at 3:3 wrapping a *WeightError", v, err)
		}
	}
	_, err := readString(t, "1,-2,0\n", datasets.CSVOptions{Weight: "1"})
	var we *datasets.WeightError
	if !errors.As(err, &we) || we.Column != "" || !strings.Contains(we.Error(), "weight column 1") {
		t.Errorf("without a header: err = %v", err)
	}
}

func TestWeightColumnErrors(t *testing.T) {
	const text = "a,w,b,y\n1,0.5,2,0\n3,2,4,1\n"
	for _, c := range []struct {
		name string
		o    datasets.CSVOptions
	}{
		{"unknown", datasets.CSVOptions{Weight: "v"}},
		{"out of range", datasets.CSVOptions{Weight: "9"}},
		{"the label", datasets.CSVOptions{Weight: "y"}},
		{"dropped by index", datasets.CSVOptions{Weight: "w", Drop: []string{"1"}}},
		{"the only feature", datasets.CSVOptions{Weight: "w", Drop: []string{"a", "b"}}},
	} {
		if _, err := readString(t, text, c.o); !errors.Is(err, datasets.ErrCSV) {
			t.Errorf("%s: err = %v, want a *ParseError", c.name, err)
		}
	}
	var oe *datasets.OptionError
	if _, err := readString(t, text, datasets.CSVOptions{Weight: "w", Drop: []string{"w"}}); !errors.As(err, &oe) || oe.Option != "Weight" {
		t.Errorf("weight dropped: err = %v, want an *OptionError", err)
	}
	if _, err := readString(t, "1,2,0\n", datasets.CSVOptions{Weight: "w", Header: datasets.HeaderNo}); !errors.Is(err, datasets.ErrCSV) {
		t.Errorf("weight named without a header: err = %v", err)
	}
}

// TestWeightColumnForModel: read by a model's features, a file's weight
// column is read apart from the features, and the file may lack it.
func TestWeightColumnForModel(t *testing.T) {
	o := datasets.CSVOptions{Features: []string{"a", "b"}, Weight: "w", Label: "y"}
	s, err := readString(t, "b,w,a,y\n2,9,1,0\n4,0.5,3,1\n", o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.X.Float64s(), []float64{1, 3, 2, 4}) || s.Weights == nil || !slices.Equal(s.Weights.Float64s(), []float64{9, 0.5}) {
		t.Errorf("X %v, weights %v", s.X, s.Weights)
	}
	if _, err := readString(t, "b,w,a\n2,0,1\n", o); !errors.As(err, new(*datasets.WeightError)) {
		t.Errorf("a weight of 0: err = %v, want a *WeightError", err)
	}
	s, err = readString(t, "b,a\n2,1\n", o)
	if err != nil || !slices.Equal(s.X.Float64s(), []float64{1, 2}) || s.Weights != nil {
		t.Errorf("without the weight column: %+v, %v", s, err)
	}
}

// TestWeightsFollowExamples: Split and Shuffle keep each example's
// weight with it, and WriteCSV writes them back as a column that
// CSVOptions.Weight reads.
func TestWeightsFollowExamples(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,w,y\n")
	for i := range 20 {
		b.WriteString(strings.Join([]string{itoa(i), itoa(i + 1), itoa(i % 2)}, ",") + "\n")
	}
	s, err := readString(t, b.String(), datasets.CSVOptions{Weight: "w"})
	if err != nil {
		t.Fatal(err)
	}
	aligned := func(what string, s *datasets.Set) {
		t.Helper()
		if s.Weights == nil || s.WeightColumn != "w" {
			t.Fatalf("%s: no weights", what)
		}
		for k, id := range s.X.Float64s() {
			if w := s.Weights.Float64s()[k]; w != id+1 {
				t.Errorf("%s: example %d (id %v) has weight %v", what, k, id, w)
			}
		}
	}
	train, test, err := datasets.Split(s, 0.3, 4, true)
	if err != nil {
		t.Fatal(err)
	}
	aligned("train", train)
	aligned("test", test)
	sh, err := datasets.Shuffle(s, 2)
	if err != nil {
		t.Fatal(err)
	}
	aligned("shuffled", sh)
	var out bytes.Buffer
	if err := sh.WriteCSV(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "id,w,y\n") {
		t.Errorf("WriteCSV's header: %q", strings.SplitN(out.String(), "\n", 2)[0])
	}
	back, err := datasets.ReadCSV(&out, "back", datasets.CSVOptions{Weight: "w"})
	if err != nil {
		t.Fatal(err)
	}
	aligned("read back", back)
	bad := *s
	bad.Weights = tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]float64{1, 2, 3}))
	if _, _, err := datasets.Split(&bad, 0.3, 4, false); !errors.Is(err, graph.ErrShape) {
		t.Errorf("splitting a set of 20 examples with 3 weights: err = %v, want graph.ErrShape", err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// FuzzReadCSVWeight reads any text with any label and weight options: an
// error is typed as FuzzReadCSV's are, a bad weight a *WeightError inside
// a *ParseError; a set's weights are a (1, m) row of finite numbers > 0,
// and its features are one fewer than without the weight column.
func FuzzReadCSVWeight(f *testing.F) {
	for _, s := range []string{
		"a,w,y\n1,2,0\n3,0.5,1\n", "1,2,1\n", "a,w,y\n1,0,1\n", "a,w,y\n1,-1,1\n", "a,w,y\n1,nan,1\n", "w,y\n1,0\n", "",
	} {
		f.Add(s, "", "w")
		f.Add(s, "y", "1")
	}
	f.Fuzz(func(t *testing.T, text, label, weight string) {
		o := datasets.CSVOptions{Label: label, Weight: weight}
		s, err := datasets.ReadCSV(strings.NewReader(text), "fuzz.csv", o)
		quoted := strings.Contains(text+label+weight, "%!") || strings.Contains(text+label+weight, "datasets:")
		checkRead(t, s, err, quoted)
		var we *datasets.WeightError
		if errors.As(err, &we) && !errors.Is(err, datasets.ErrCSV) {
			t.Fatalf("a *WeightError outside a *ParseError: %v", err)
		}
		if err != nil || weight == "" {
			return
		}
		if s.Weights == nil || !slices.Equal(s.Weights.Shape(), []int{1, s.Examples()}) {
			t.Fatalf("weights %v for %d examples", s.Weights, s.Examples())
		}
		if losses.CheckSample(s.Weights.Float64s()) != nil {
			t.Fatalf("weights %v", s.Weights.Float64s())
		}
		if plain, err := datasets.ReadCSV(strings.NewReader(text), "fuzz.csv", datasets.CSVOptions{Label: label, Header: datasets.HeaderYes}); err == nil && s.Features != nil && plain.Dims() != s.Dims()+1 {
			t.Fatalf("%d features with the weight column, %d without", s.Dims(), plain.Dims())
		}
	})
}
