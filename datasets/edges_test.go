package datasets_test

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"gorgonia.org/tensor"
)

// A CSV fault is a *ParseError: its fields say where, it matches ErrCSV,
// and it unwraps to encoding/csv's own error where that is the fault.
func TestParseError(t *testing.T) {
	for _, c := range []struct {
		name      string
		text      string
		line, col int
		is        error
		want      string
	}{
		{"not a number", "a,y\n1,0\nx,1\n", 3, 1, nil, `data.csv:3:1: datasets: bad CSV: feature "a": "x" is not a number`},
		{"field count", "a,b,y\n1,2,0\n3,1\n", 3, 1, csv.ErrFieldCount, "data.csv:3:1: datasets: bad CSV: wrong number of fields: want 3, as in the first row"},
		{"bare quote", "a,y\n1,x\"0\n", 2, 4, csv.ErrBareQuote, "data.csv:2:4: datasets: bad CSV: bare \" in non-quoted-field"},
		{"empty", "", 0, 0, nil, "data.csv: datasets: bad CSV: empty: no header and no rows"},
		{"no such column", "a,y\n1,0\n", 1, 0, nil, `data.csv:1: datasets: bad CSV: no label column "class" (columns: a, y)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := datasets.CSVOptions{}
			if c.name == "no such column" {
				o.Label = "class"
			}
			_, err := read(c.text, o)
			var pe *datasets.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, datasets.ErrCSV) {
				t.Fatalf("error %v, want a *ParseError matching ErrCSV", err)
			}
			if pe.File != "data.csv" || pe.Line != c.line || pe.Column != c.col || err.Error() != c.want {
				t.Errorf("%q at %s:%d:%d, want %q at line %d, column %d", err, pe.File, pe.Line, pe.Column, c.want, c.line, c.col)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("%v does not match %v", err, c.is)
			}
			if strings.Count(err.Error(), "datasets: ") != 1 || strings.Count(err.Error(), "data.csv") != 1 {
				t.Errorf("%q: want the file and the package prefix once", err)
			}
		})
	}
}

// endless is a line of n digits, made as it is read.
type endless struct{ n int }

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	k := min(len(p), e.n)
	for i := range k {
		p[i] = '1'
	}
	e.n -= k
	return k, nil
}

// A line over the cap is an error naming its line, and the reader never
// holds more of it than the cap.
func TestCSVLineCap(t *testing.T) {
	_, err := read("a,y\n1,0\n12345,1\n", datasets.CSVOptions{MaxLine: 5})
	var pe *datasets.ParseError
	if !errors.As(err, &pe) || !errors.Is(err, datasets.ErrLineTooLong) || pe.Line != 3 || !strings.Contains(err.Error(), "more than 5 bytes: CSVOptions.MaxLine") {
		t.Errorf("a 7-byte line with a cap of 5: %v, want ErrLineTooLong on line 3", err)
	}
	// A quoted field's newlines do not end its line.
	if _, err := read("a,y\n\"1\n2\n3\",0\n", datasets.CSVOptions{MaxLine: 5}); !errors.Is(err, datasets.ErrLineTooLong) {
		t.Errorf("a quoted field of 7 bytes over three lines, cap 5: %v", err)
	}
	if _, err := read("a,y\n12345,1\n", datasets.CSVOptions{MaxLine: 7}); err != nil {
		t.Errorf("a line of 7 bytes, cap 7: %v", err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = datasets.ReadCSV(&endless{n: 8 << 20}, "long.csv", datasets.CSVOptions{})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, datasets.ErrLineTooLong) {
		t.Errorf("an 8 MiB line: %v, want ErrLineTooLong", err)
	}
	// encoding/csv copies what it reads of a line three times (its line
	// buffer, its record buffer, the fields' string), growing each by
	// doubling: 8 MiB in all for the 1 MiB it reads; 56 MiB without a cap.
	if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(8*datasets.DefaultMaxLine+1<<20); got > limit {
		t.Errorf("reading an 8 MiB line allocated %d bytes, want at most %d", got, limit)
	}
}

// A byte-order mark is not part of the first field.
func TestCSVByteOrderMark(t *testing.T) {
	s, err := read("\uFEFFa,y\n1,0\n2,1\n", datasets.CSVOptions{})
	if err != nil || len(s.Features) != 1 || s.Features[0] != "a" {
		t.Errorf("with a header: %v, features %q", err, s.Features)
	}
	s, err = read("\uFEFF1,0\n2,1\n", datasets.CSVOptions{})
	if err != nil || s.Examples() != 2 || s.Features != nil {
		t.Errorf("without a header: %v, %d examples, features %q", err, s.Examples(), s.Features)
	}
	if _, err := read("\uFEFF", datasets.CSVOptions{}); !errors.Is(err, datasets.ErrCSV) {
		t.Errorf("a mark alone: %v, want the empty file's error", err)
	}
}

// Labels that are numbers are classes by value.
func TestCSVNumericLabels(t *testing.T) {
	for _, c := range []struct {
		text, y, labels string
	}{
		{"a,y\n1,1\n2,1.0\n3,0\n4,-0\n5,0e3\n", "[1 1 0 0 0]", "[]"},
		{"a,y\n1,2.50\n2,10\n3,2.5\n", "[0 1 0]", "[2.5 10]"},
		{"a,y\n1,+1\n", "[1]", "[]"},
	} {
		s, err := read(c.text, datasets.CSVOptions{})
		if err != nil {
			t.Errorf("%q: %v", c.text, err)
			continue
		}
		if got := fmtSlice(s.Y.Data()); got != c.y || fmtSlice(s.Labels) != c.labels {
			t.Errorf("%q: Y %s, labels %v; want %s, %s", c.text, got, s.Labels, c.y, c.labels)
		}
	}
	s, err := read("a,y\n1,1.0\n2,0.0\n", datasets.CSVOptions{Labels: []string{"0", "1"}})
	if err != nil || fmtSlice(s.Y.Data()) != "[1 0]" {
		t.Errorf("a model's labels 0 and 1 against 1.0 and 0.0: %v, %v", s, err)
	}
	var oe *datasets.OptionError
	if _, err := read("a,y\n1,1\n", datasets.CSVOptions{Labels: []string{"1", "1.0"}}); !errors.As(err, &oe) || oe.Option != "Labels" {
		t.Errorf("labels 1 and 1.0 given as two: %v", err)
	}
}

// A first row that cannot be data is the header: nan and inf are words,
// since no data row may hold them.
func TestCSVHeaderDetection(t *testing.T) {
	for _, c := range []struct {
		text, features string
		m              int
	}{
		{"nan,inf,y\n1,2,0\n", "[nan inf]", 1},
		{"NaN,-Infinity,y\n1,2,0\n", "[NaN -Infinity]", 1},
		{"1,inf,y\n1,2,0\n", "[1 inf]", 1},
		{"1,2,y\n1,2,0\n", "[]", 2}, // the label column may hold anything
		{",2,y\n1,2,0\n", "[ 2]", 1},
	} {
		s, err := read(c.text, datasets.CSVOptions{})
		if err != nil || fmtSlice(s.Features) != c.features || s.Examples() != c.m {
			t.Errorf("%q: %v, features %q, %d examples; want %s and %d", c.text, err, s.Features, s.Examples(), c.features, c.m)
		}
	}
}

func fmtSlice(v any) string {
	b, _ := json.Marshal(v)
	r := strings.NewReplacer(",", " ", `"`, "", "null", "[]")
	return r.Replace(string(b))
}

// testdata/standardize.json comes from testdata/standardize.py: numpy's
// mean and std (ddof=0) in extended precision, of values at the edges of
// float64.
func TestStandardizerEdges(t *testing.T) {
	var fixture struct {
		Cases []struct {
			X, Standardized []float64
			Mean, Std       float64
		}
	}
	loadFixture(t, "standardize.json", &fixture)
	if len(fixture.Cases) < 8 {
		t.Fatalf("standardize.json holds %d cases", len(fixture.Cases))
	}
	// Within two roundings of numpy's, and the standardized values within
	// what the statistics' roundings move them: an error δ in the mean
	// moves every value by δ/std.
	near := func(got, want, scale float64) bool {
		return got == want || math.Abs(got-want) <= 4.5e-16*scale
	}
	for _, c := range fixture.Cases {
		x := tensor.New(tensor.WithShape(1, len(c.X)), tensor.WithBacking(c.X))
		z, err := datasets.FitStandardizer(x)
		if err != nil {
			t.Errorf("%v: %v", c.X, err)
			continue
		}
		if !near(z.Mean[0], c.Mean, math.Max(math.Abs(c.Mean), c.Std)) || !near(z.Std[0], c.Std, c.Std) {
			t.Errorf("%v: mean %v, std %v; numpy's %v, %v", c.X, z.Mean[0], z.Std[0], c.Mean, c.Std)
			continue
		}
		out, err := z.Apply(x)
		if err != nil {
			t.Errorf("%v: %v", c.X, err)
			continue
		}
		moved := math.Abs(z.Mean[0]-c.Mean)/c.Std + math.Abs(z.Std[0]-c.Std)/c.Std*2
		for k, v := range out.Data().([]float64) {
			if math.Abs(v-c.Standardized[k]) > 4.5e-16*math.Max(1, math.Abs(v))+moved {
				t.Errorf("%v: example %d standardizes to %v, numpy's %v", c.X, k, v, c.Standardized[k])
			}
		}
	}
}

// What cannot be standardized is an error before training, naming the
// feature; a value far outside the fitted range is an error of Apply.
func TestStandardizerErrors(t *testing.T) {
	for _, c := range []struct {
		name    string
		x       []float64
		feature int
		is      error
	}{
		{"NaN", []float64{1, math.NaN(), 2}, 1, datasets.ErrNotFinite},
		{"Inf", []float64{1, math.Inf(-1), 2}, 1, datasets.ErrNotFinite},
		{"constant", []float64{0.1, 0.1, 0.1}, 1, datasets.ErrConstant},
		{"one example", []float64{3}, 0, datasets.ErrConstant},
		{"deviation below the smallest float64", []float64{0, 5e-324}, 1, datasets.ErrNotFinite},
	} {
		x := tensor.New(tensor.WithShape(2, len(c.x)), tensor.WithBacking(append(make([]float64, len(c.x)), c.x...)))
		for k := range c.x {
			x.Data().([]float64)[k] = float64(k) // feature 0 is fine
		}
		_, err := datasets.FitStandardizer(x)
		var fe *datasets.FeatureError
		if !errors.As(err, &fe) || fe.Feature != c.feature || !errors.Is(err, c.is) {
			t.Errorf("%s: %v, want a FeatureError of feature %d matching %v", c.name, err, c.feature, c.is)
		}
	}
	z := datasets.Standardizer{Mean: []float64{0}, Std: []float64{1e-300}}
	_, err := z.Apply(tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{0, 1e10})))
	var fe *datasets.FeatureError
	if !errors.As(err, &fe) || !errors.Is(err, datasets.ErrNotFinite) || !strings.Contains(err.Error(), "example 1") {
		t.Errorf("1e10 standardized by a deviation of 1e-300: %v", err)
	}
	for _, bad := range []datasets.Standardizer{
		{Mean: []float64{0}, Std: []float64{0}},
		{Mean: []float64{0}, Std: []float64{-1}},
		{Mean: []float64{math.NaN()}, Std: []float64{1}},
		{Mean: []float64{0}, Std: []float64{math.Inf(1)}},
	} {
		var oe *datasets.OptionError
		if _, err := bad.Apply(tensor.New(tensor.WithShape(1, 1), tensor.WithBacking([]float64{1}))); !errors.As(err, &oe) {
			t.Errorf("%+v: %v, want an OptionError", bad, err)
		}
	}
}

// A stratified split needs labels 0 and 1: another label is an error.
func TestStratifiedSplitLabels(t *testing.T) {
	s := indexSet(10)
	s.Y.Data().([]float64)[4] = 2
	_, _, err := datasets.Split(s, 0.5, 1, true)
	if !errors.Is(err, datasets.ErrLabel) || !strings.Contains(err.Error(), "example 4 has label 2") {
		t.Errorf("a label 2: %v, want ErrLabel naming example 4", err)
	}
	s.Y.Data().([]float64)[4] = math.NaN()
	if _, _, err := datasets.Split(s, 0.5, 1, true); !errors.Is(err, datasets.ErrLabel) {
		t.Errorf("a NaN label: %v", err)
	}
}

// loadFixture decodes testdata/name, a fixture of a script beside it, into v.
func loadFixture(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}
