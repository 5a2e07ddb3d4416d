package datasets_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/dense"
)

func read(text string, o datasets.CSVOptions) (*datasets.Set, error) {
	return datasets.ReadCSV(strings.NewReader(text), "data.csv", o)
}

func TestReadCSV(t *testing.T) {
	for _, c := range []struct {
		name     string
		text     string
		o        datasets.CSVOptions
		x        string // X row by row, features in columns
		y        string
		features string
		labels   string
	}{
		{"header, 0/1 labels", "a,b,y\n1,2,0\n3,4,1\n", datasets.CSVOptions{}, "[[1 3] [2 4]]", "[0 1]", "[a b]", "[]"},
		{"no header", "1,2,1\n3,4,0\n5,6,1\n", datasets.CSVOptions{}, "[[1 3 5] [2 4 6]]", "[1 0 1]", "[]", "[]"},
		{"string labels, sorted", "x,d\n1.5,M\n2,B\n-3,M\n", datasets.CSVOptions{}, "[[1.5 2 -3]]", "[1 0 1]", "[x]", "[B M]"},
		{"numeric labels, numerically", "x,y\n1,10\n2,9\n", datasets.CSVOptions{}, "[[1 2]]", "[1 0]", "[x]", "[9 10]"},
		{"label by name, first", "cls,f1,f2\nyes,1,2\nno,3,4\n", datasets.CSVOptions{Label: "cls"}, "[[1 3] [2 4]]", "[1 0]", "[f1 f2]", "[no yes]"},
		{"label by index", "1,0,2\n3,1,4\n", datasets.CSVOptions{Label: "1"}, "[[1 3] [2 4]]", "[0 1]", "[]", "[]"},
		{"semicolons and spaces", "a; b; y\n 1; 2; 1\n3 ;4;0\n", datasets.CSVOptions{Comma: ';'}, "[[1 3] [2 4]]", "[1 0]", "[a b]", "[]"},
		{"forced header of numbers", "1,2,3\n4,5,1\n", datasets.CSVOptions{Header: datasets.HeaderYes}, "[[4] [5]]", "[1]", "[1 2]", "[]"},
		{"one class", "a,y\n1,ok\n2,ok\n", datasets.CSVOptions{}, "[[1 2]]", "[0 0]", "[a]", "[ok (other)]"},
		{"a saved model's labels", "a,y\n1,M\n2,M\n", datasets.CSVOptions{Labels: []string{"B", "M"}}, "[[1 2]]", "[1 1]", "[a]", "[B M]"},
		{"CRLF and no final newline", "a,y\r\n1,0\r\n2,1", datasets.CSVOptions{}, "[[1 2]]", "[0 1]", "[a]", "[]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := read(c.text, c.o)
			if err != nil {
				t.Fatal(err)
			}
			n, m := s.Dims(), s.Examples()
			x := s.X.Data().([]float64)
			rows := make([][]float64, n)
			for i := range rows {
				rows[i] = x[i*m : (i+1)*m]
			}
			got := []string{fmt.Sprint(rows), fmt.Sprint(s.Y.Data()), fmt.Sprint(s.Features), fmt.Sprint(s.Labels)}
			want := []string{c.x, c.y, c.features, c.labels}
			for i := range got {
				if got[i] != want[i] && !(want[i] == "[]" && got[i] == "[]") {
					t.Errorf("got X %s, Y %s, features %s, labels %s; want %v", got[0], got[1], got[2], got[3], want)
					break
				}
			}
		})
	}
}

func TestReadCSVNoLabels(t *testing.T) {
	s, err := read("a,b\n1,2\n3,4\n", datasets.CSVOptions{NoLabels: true, Labels: []string{"B", "M"}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Y != nil || fmt.Sprint(s.X.Data()) != "[1 3 2 4]" || fmt.Sprint(s.Features) != "[a b]" || s.Labels[1] != "M" {
		t.Errorf("X %v, Y %v, features %v, labels %v", s.X.Data(), s.Y, s.Features, s.Labels)
	}
	s, err = read("5\n6\n", datasets.CSVOptions{NoLabels: true})
	if err != nil || s.Dims() != 1 || s.Examples() != 2 {
		t.Errorf("one unlabelled column: %v, %v", s, err)
	}
}

func TestReadCSVErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		text string
		o    datasets.CSVOptions
		want string
	}{
		{"empty", "", datasets.CSVOptions{}, "data.csv: datasets: bad CSV: empty"},
		{"header only", "a,b,y\n", datasets.CSVOptions{}, "data.csv: datasets: bad CSV: a header and no rows"},
		{"one column", "y\n1\n", datasets.CSVOptions{}, "data.csv:1:1: datasets: bad CSV: 1 column"},
		{"short row", "a,b,y\n1,2,0\n3,1\n", datasets.CSVOptions{}, "data.csv:3:1: datasets: bad CSV: wrong number of fields: want 3"},
		{"long row", "a,b,y\n1,2,0\n3,4,1,5\n", datasets.CSVOptions{}, "data.csv:3:"},
		{"not a number", "a,b,y\n1,2,0\n3,abc,1\n", datasets.CSVOptions{}, `data.csv:3:3: datasets: bad CSV: feature "b": "abc" is not a number`},
		{"NaN", "a,b,y\n1,NaN,0\n", datasets.CSVOptions{}, `data.csv:2:3: datasets: bad CSV: feature "b": "NaN" is not finite`},
		{"Inf without header", "1,2,0\n-Inf,2,1\n", datasets.CSVOptions{}, `data.csv:2:1: datasets: bad CSV: feature 0: "-Inf" is not finite`},
		{"third label", "a,y\n1,x\n2,y\n3,z\n", datasets.CSVOptions{}, `data.csv:4:3: datasets: bad CSV: label "z" is a third value`},
		{"empty label", "a,y\n1,\n", datasets.CSVOptions{}, "data.csv:2:3: datasets: bad CSV: empty label"},
		{"no such column", "a,b,y\n1,2,0\n", datasets.CSVOptions{Label: "class"}, `no label column "class" (columns: a, b, y)`},
		{"index out of range", "1,2,0\n", datasets.CSVOptions{Label: "3"}, "label column 3 does not exist: the file has columns 0 to 2"},
		{"name without header", "1,2,0\n", datasets.CSVOptions{Label: "y", Header: datasets.HeaderNo}, `label column "y" named, but the file has no header`},
		{"bare quote", "a,y\n1,\"0\n", datasets.CSVOptions{}, "data.csv:2:"},
		{"label not the model's", "a,y\n1,B\n2,X\n", datasets.CSVOptions{Labels: []string{"B", "M"}}, `data.csv:3:3: datasets: bad CSV: label "X" is neither "B" nor "M"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := read(c.text, c.o)
			if !errors.Is(err, datasets.ErrCSV) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want ErrCSV saying %q", err, c.want)
			}
		})
	}
	if _, err := datasets.LoadCSV(filepath.Join(t.TempDir(), "none.csv"), datasets.CSVOptions{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// Written and read back, a set is the same to the last bit.
func TestWriteCSVRoundTrip(t *testing.T) {
	for _, name := range []string{"planar", "breast-cancer"} {
		s, err := datasets.Generate(name, datasets.Options{Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := s.WriteCSV(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := datasets.ReadCSV(&buf, name, datasets.CSVOptions{Labels: s.Labels})
		if err != nil {
			t.Fatal(err)
		}
		if !equal(back.X.Data().([]float64), s.X.Data().([]float64)) || !equal(back.Y.Data().([]float64), s.Y.Data().([]float64)) ||
			fmt.Sprint(back.Features) != fmt.Sprint(s.Features) {
			t.Errorf("%s: the set read back differs", name)
		}
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBreastCancer(t *testing.T) {
	s, err := datasets.BreastCancer()
	if err != nil {
		t.Fatal(err)
	}
	if s.Dims() != 30 || s.Examples() != 569 || fmt.Sprint(s.Labels) != "[benign malignant]" ||
		s.Features[0] != "mean_radius" || s.Features[29] != "worst_fractal_dimension" {
		t.Fatalf("%d features × %d examples, labels %v, features %v…", s.Dims(), s.Examples(), s.Labels, s.Features[:2])
	}
	malignant := 0.0
	for _, y := range s.Y.Data().([]float64) {
		malignant += y
	}
	// data/README.md: 212 malignant, 357 benign; the first row's mean
	// radius is 17.99.
	if malignant != 212 || s.X.Data().([]float64)[0] != 17.99 {
		t.Errorf("%v malignant rows, first radius %v", malignant, s.X.Data().([]float64)[0])
	}
}

// FuzzReadCSV reads any text with any label option: an error is a
// *ParseError, an *OptionError or a shape error, whose text carries the
// package prefix once and never a formatting fault; a set holds finite
// features and labels 0 and 1. Read again behind a byte-order mark, the
// text gives the same; read with a small line cap, the same or an error
// of the cap; read with the cap at the text's length, the same.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"a,b,y\n1,2,0\n3,4,1\n", "1,2,1\n", "x,d\n1.5,M\n2,B\n", "", "a\n", "1,\"2\n", "a;b\n1;2\n", "1,2,3\n4,5\n", "1e309,0\n", "0x1p-2,1\n",
		"\uFEFFa,y\n1,0\n", "a,y\n1,1\n2,1.0\n3,-0\n", "nan,inf,y\n1,2,0\n", "a,y\n\"1\n2\",0\n", "a,y\n1,+1e0\n2,0x0p0\n",
	} {
		f.Add(s, "")
		f.Add(s, "0")
	}
	f.Fuzz(func(t *testing.T, text, label string) {
		o := datasets.CSVOptions{Label: label}
		s, err := read(text, o)
		// What the input says may be quoted: the prefix and the marks of
		// a formatting fault are checked where the input holds neither.
		quoted := strings.Contains(text+label, "%!") || strings.Contains(text+label, "datasets:")
		checkRead(t, s, err, quoted)
		if !strings.HasPrefix(text, "\uFEFF") {
			bs, berr := read("\uFEFF"+text, o)
			if !sameRead(s, err, bs, berr) {
				t.Fatalf("behind a byte-order mark: %v, %v; without: %v, %v", bs, berr, s, err)
			}
		}
		o.MaxLine = 8
		cs, cerr := read(text, o)
		if !sameRead(s, err, cs, cerr) && !errors.Is(cerr, datasets.ErrLineTooLong) {
			t.Fatalf("with a cap of 8 bytes: %v, %v; without: %v, %v", cs, cerr, s, err)
		}
		o.MaxLine = max(len(text), 1)
		if cs, cerr := read(text, o); !sameRead(s, err, cs, cerr) {
			t.Fatalf("with a cap of the text's length: %v, %v; without: %v, %v", cs, cerr, s, err)
		}
	})
}

func checkRead(t *testing.T, s *datasets.Set, err error, quoted bool) {
	t.Helper()
	if err != nil {
		var pe *datasets.ParseError
		var oe *datasets.OptionError
		switch msg := err.Error(); {
		case !errors.As(err, &pe) && !errors.As(err, &oe) && !errors.Is(err, graph.ErrShape):
			t.Fatalf("error %v is neither a ParseError, an OptionError nor a shape error", err)
		case pe != nil && (!errors.Is(err, datasets.ErrCSV) || pe.Line < 0 || pe.Column < 0 || pe.Err == nil):
			t.Fatalf("ParseError %+v", pe)
		case !quoted && (strings.Count(msg, "datasets: ") != 1 || strings.Contains(msg, "%!")):
			t.Fatalf("error text %q", msg)
		}
		return
	}
	n, m := s.Dims(), s.Examples()
	if n < 1 || m < 1 || len(s.X.Data().([]float64)) != n*m || s.Features != nil && len(s.Features) != n {
		t.Fatalf("X is %v, features %q", s.X.Shape(), s.Features)
	}
	for _, v := range s.X.Data().([]float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("feature %v", v)
		}
	}
	for _, y := range s.Y.Data().([]float64) {
		if y != 0 && y != 1 {
			t.Fatalf("label %v", y)
		}
	}
	if s.Labels != nil && (len(s.Labels) != 2 || s.Labels[0] == s.Labels[1]) {
		t.Fatalf("label names %q", s.Labels)
	}
}

// sameRead reports whether two reads gave the same set or the same error.
func sameRead(a *datasets.Set, aerr error, b *datasets.Set, berr error) bool {
	if aerr != nil || berr != nil {
		return aerr != nil && berr != nil && aerr.Error() == berr.Error()
	}
	return equal(a.X.Data().([]float64), b.X.Data().([]float64)) && equal(a.Y.Data().([]float64), b.Y.Data().([]float64)) &&
		fmt.Sprintf("%q %q", a.Features, a.Labels) == fmt.Sprintf("%q %q", b.Features, b.Labels)
}

// rows is a CSV made on the fly, so that the test holds nothing but what
// ReadCSV keeps: feature j of row i is ((31i + 7j) mod 1000)/8, written
// with its three decimals, and the label is i mod 2.
type rows struct {
	n, m, i int
	line    []byte // the current line, from off on still to be read
	off     int
	bytes   int
}

// decimals[v] is v/8 with three decimals.
var decimals = func() []string {
	d := make([]string, 1000)
	for v := range d {
		d[v] = strconv.FormatFloat(float64(v)/8, 'f', 3, 64)
	}
	return d
}()

func (r *rows) Read(p []byte) (int, error) {
	if r.off == len(r.line) {
		if r.i == r.m {
			return 0, io.EOF
		}
		r.line, r.off = r.line[:0], 0
		for j := range r.n {
			r.line = append(r.line, decimals[(31*r.i+7*j)%1000]...)
			r.line = append(r.line, ',')
		}
		r.line = append(r.line, byte('0'+r.i%2), '\n')
		r.i++
	}
	k := copy(p, r.line[r.off:])
	r.off += k
	r.bytes += k
	return k, nil
}

// ReadCSV streams: what it allocates, all told, is the values twice (read
// in chunks, then laid out as columns), the labels, and the text of each
// line once (encoding/csv makes one string a record). Reading the whole
// input into memory, or keeping the records, goes over.
func TestReadCSVStreams(t *testing.T) {
	n, m := 10, 200_000
	if testing.Short() {
		m = 20_000
	}
	r := &rows{n: n, m: m}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	s, err := datasets.ReadCSV(r, "big.csv", datasets.CSVOptions{Header: datasets.HeaderNo})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.X.Shape(); got[0] != n || got[1] != m {
		t.Fatalf("X is %v, want (%d, %d)", got, n, m)
	}
	if got, want := s.X.Data().([]float64)[3*m+5], float64((31*5+7*3)%1000)/8; got != want {
		t.Errorf("X[3][5] = %v, want %v", got, want)
	}
	values := 8 * (n + 1) * m
	limit := 2*values + r.bytes + 1<<20
	if got := int(after.TotalAlloc - before.TotalAlloc); got > limit {
		t.Errorf("reading %d bytes of CSV (%d bytes of values) allocated %d bytes, want at most %d", r.bytes, values, got, limit)
	}
}

// Reading by a model's feature names: columns in any order are put in the
// model's, the label column may be absent, and a missing, unknown or
// renamed column is an error naming it.
func TestReadCSVByFeatures(t *testing.T) {
	features := []string{"a", "b"}
	for _, c := range []struct {
		name, text, label string
		x                 string // X row by row, or the error
		y                 string // Y, or "nil"
	}{
		{"in order", "a,b,y\n1,2,0\n3,4,1\n", "", "[[1 3] [2 4]]", "[0 1]"},
		{"reordered", "b,y,a\n2,0,1\n4,1,3\n", "", "[[1 3] [2 4]]", "[0 1]"},
		{"no label column", "b,a\n2,1\n4,3\n", "", "[[1 3] [2 4]]", "nil"},
		{"label named", "class,b,a\n0,2,1\n1,4,3\n", "class", "[[1 3] [2 4]]", "[0 1]"},
		{"label unnamed, the one other column", "class,b,a\n0,2,1\n1,4,3\n", "", "[[1 3] [2 4]]", "[0 1]"},
		{"no header, positional", "1,2\n3,4\n", "", "[[1 3] [2 4]]", "nil"},
		{"no header, label last", "1,2,0\n3,4,1\n", "", "[[1 3] [2 4]]", "[0 1]"},
		{"missing", "a,y\n1,0\n", "", `in.csv:1: datasets: bad CSV: no column "b": the model takes the features "a", "b"`, ""},
		{"renamed", "a,B,y\n1,2,0\n", "y", `in.csv:1: datasets: bad CSV: no column "b"`, ""},
		{"unknown", "a,b,id,y\n1,2,7,0\n", "y", `in.csv:1:3: datasets: bad CSV: column "id" is not a feature of the model ("a", "b")`, ""},
		{"twice", "a,b,a\n1,2,3\n", "", `in.csv:1:3: datasets: bad CSV: column "a" twice`, ""},
		{"no header, wrong count", "1,2,3,4\n", "", `in.csv:1: datasets: bad CSV: 4 columns and no header: want the 2 features "a", "b", and the label column or not`, ""},
	} {
		s, err := datasets.ReadCSV(strings.NewReader(c.text), "in.csv", datasets.CSVOptions{Features: features, Label: c.label})
		if c.y == "" {
			var pe *datasets.ParseError
			if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), c.x) {
				t.Errorf("%s: error %v, want a *datasets.ParseError starting %q", c.name, err, c.x)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		rows := fmt.Sprint([][]float64{dense.Floats(s.X)[:2], dense.Floats(s.X)[2:]})
		y := "nil"
		if s.Y != nil {
			y = fmt.Sprint(dense.Floats(s.Y))
		}
		if rows != c.x || y != c.y || fmt.Sprint(s.Features) != "[a b]" {
			t.Errorf("%s: X %s, Y %s, features %v; want %s, %s, [a b]", c.name, rows, y, s.Features, c.x, c.y)
		}
	}
}

// The label column keeps its name, and WriteCSV writes it back ("y" when
// it had none).
func TestLabelColumnName(t *testing.T) {
	for _, c := range []struct{ text, label, header string }{
		{"a,class\n1,0\n2,1\n", "class", "a,class"},
		{"1,0\n2,1\n", "", "x1,y"},
	} {
		s, err := datasets.ReadCSV(strings.NewReader(c.text), "in.csv", datasets.CSVOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := s.WriteCSV(&out); err != nil {
			t.Fatal(err)
		}
		if first, _, _ := strings.Cut(out.String(), "\n"); s.Label != c.label || first != c.header {
			t.Errorf("%q: Label %q, written header %q; want %q and %q", c.text, s.Label, first, c.label, c.header)
		}
	}
	if s, err := datasets.BreastCancer(); err != nil || s.Label != "diagnosis" {
		t.Errorf("breast-cancer's label column is %q (%v), want diagnosis", s.Label, err)
	}
}
