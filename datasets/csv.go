package datasets

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gorgonia.org/tensor"
)

// ErrCSV is wrapped by every error about the content of a CSV file.
var ErrCSV = errors.New("bad CSV")

// Header says whether a CSV file starts with a row of column names.
type Header int

const (
	HeaderAuto Header = iota // a header if the first row has a feature that is not a number
	HeaderYes
	HeaderNo
)

// CSVOptions describe a CSV file of numeric features and one label column.
type CSVOptions struct {
	// Label names the label column, by its header name or its 0-based
	// index; "" means the last column.
	Label  string
	Header Header
	Comma  rune // field delimiter; 0 means ','

	// Labels, if set, are the names of labels 0 and 1, as a saved model
	// keeps them: the label column must hold only these.
	Labels []string

	// NoLabels reads a file without a label column, as for predictions:
	// every column is a feature, and the Set's Y is nil.
	NoLabels bool
}

// LoadCSV reads the CSV file at path; see ReadCSV.
func LoadCSV(path string, o CSVOptions) (*Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer f.Close()
	return ReadCSV(f, path, o)
}

// ReadCSV reads a CSV of numeric features and one label column, one
// example per row; name is what errors call the input. Labels may be 0 and
// 1 or any two distinct strings, mapped to 0 and 1 in order — numerically
// if both are numbers, else by byte order (benign 0, malignant 1) — and the
// names are kept in Set.Labels so that predictions can be written back
// with them. A row with only one label value is a set of one class.
//
// The reader streams: it keeps the values, 8 bytes each, in chunks as it
// reads (no row, string or line is kept), and copies them once into the
// (n_features, m) matrix; its peak memory is about twice the values' size.
// Errors name the input, line and column: a row of the wrong length, a
// feature that is not a finite number, a third label value, an empty
// input, a header without rows, or a label column that does not exist.
func ReadCSV(r io.Reader, name string, o CSVOptions) (*Set, error) {
	if o.Labels != nil && (len(o.Labels) != 2 || o.Labels[0] == o.Labels[1]) {
		return nil, fmt.Errorf("datasets: reading %s: label names %q: want two distinct names", name, o.Labels)
	}
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	if o.Comma != 0 {
		cr.Comma = o.Comma
	}
	p := &csvParser{name: name, cr: cr, o: o}
	if err := p.read(); err != nil {
		return nil, err
	}
	return p.set()
}

// csvParser holds the state of one ReadCSV.
type csvParser struct {
	name     string
	cr       *csv.Reader
	o        CSVOptions
	columns  []string // header names, or nil
	label    int      // index of the label column
	n, m     int      // features per row, rows read
	chunks   [][]float64
	labels   []string // the distinct label values seen, at most two
	labelIdx []uint8  // each row's index into labels
}

const chunkSize = 1 << 16 // values per chunk

func (p *csvParser) errorf(line, col int, format string, args ...any) error {
	return fmt.Errorf("%s:%d:%d: %w: %s", p.name, line, col, ErrCSV, fmt.Sprintf(format, args...))
}

func (p *csvParser) read() error {
	first, err := p.cr.Read()
	if err == io.EOF {
		return fmt.Errorf("%s: %w: empty: no header and no rows", p.name, ErrCSV)
	}
	if err != nil {
		return p.csvError(err)
	}
	if len(first) < 2 && !p.o.NoLabels {
		return p.errorf(1, 1, "%d column: want at least one feature and a label", len(first))
	}
	p.cr.FieldsPerRecord = len(first)
	if err := p.start(first); err != nil {
		return err
	}
	if p.columns == nil {
		if err := p.row(first); err != nil {
			return err
		}
	}
	for {
		rec, err := p.cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return p.csvError(err)
		}
		if err := p.row(rec); err != nil {
			return err
		}
	}
	if p.m == 0 {
		return fmt.Errorf("%s: %w: a header and no rows", p.name, ErrCSV)
	}
	return nil
}

// csvError turns encoding/csv's errors into ours, keeping the position.
func (p *csvParser) csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = fmt.Sprintf("wrong number of fields: want %d, as in the first row", p.cr.FieldsPerRecord)
		}
		return p.errorf(pe.Line, pe.Column, "%s", msg)
	}
	return fmt.Errorf("%s: %w", p.name, err)
}

// start reads the first record: it decides whether it is a header and
// which column holds the labels.
func (p *csvParser) start(first []string) error {
	cols := len(first)
	p.n = cols - 1
	if p.o.NoLabels {
		p.n, p.label = cols, -1
	}
	header := p.o.Header == HeaderYes
	if p.o.Header == HeaderAuto {
		header = p.looksLikeHeader(first)
	}
	if header {
		p.columns = slices.Clone(first)
		for i := range p.columns {
			p.columns[i] = strings.TrimSpace(p.columns[i])
		}
	}
	switch i, err := strconv.Atoi(p.o.Label); {
	case p.o.NoLabels:
	case p.o.Label == "":
		p.label = cols - 1
	case header && slices.Contains(p.columns, p.o.Label):
		p.label = slices.Index(p.columns, p.o.Label)
	case err == nil && i >= 0 && i < cols:
		p.label = i
	case err == nil:
		return fmt.Errorf("%s: %w: label column %d does not exist: the file has columns 0 to %d", p.name, ErrCSV, i, cols-1)
	case header:
		return fmt.Errorf("%s: %w: no label column %q (columns: %s)", p.name, ErrCSV, p.o.Label, strings.Join(p.columns, ", "))
	default:
		return fmt.Errorf("%s: %w: label column %q named, but the file has no header", p.name, ErrCSV, p.o.Label)
	}
	return nil
}

// looksLikeHeader reports whether a feature field of the first record is
// not a number: with a label column named by index or last, every other
// column of a data row is numeric.
func (p *csvParser) looksLikeHeader(first []string) bool {
	label := len(first) - 1
	if p.o.NoLabels {
		label = -1
	} else if i, err := strconv.Atoi(p.o.Label); err == nil {
		label = i
	} else if p.o.Label != "" {
		return true // a label named by header
	}
	for i, f := range first {
		if _, err := strconv.ParseFloat(strings.TrimSpace(f), 64); i != label && err != nil {
			return true
		}
	}
	return false
}

// row parses one data row.
func (p *csvParser) row(rec []string) error {
	for i, f := range rec {
		f = strings.TrimSpace(f)
		line, col := p.cr.FieldPos(i)
		if i == p.label {
			if err := p.addLabel(f, line, col); err != nil {
				return err
			}
			continue
		}
		v, err := strconv.ParseFloat(f, 64)
		switch {
		case err != nil:
			return p.errorf(line, col, "feature %s: %q is not a number", p.column(i), f)
		case math.IsNaN(v) || math.IsInf(v, 0):
			return p.errorf(line, col, "feature %s: %q is not finite", p.column(i), f)
		}
		p.add(v)
	}
	p.m++
	return nil
}

func (p *csvParser) column(i int) string {
	if p.columns != nil {
		return strconv.Quote(p.columns[i])
	}
	return strconv.Itoa(i)
}

func (p *csvParser) add(v float64) {
	if k := len(p.chunks); k == 0 || len(p.chunks[k-1]) == cap(p.chunks[k-1]) {
		// Small files get small chunks: the first holds 256 values, and
		// each next one twice as many, up to chunkSize.
		size := 256
		if k > 0 {
			size = min(2*cap(p.chunks[k-1]), chunkSize)
		}
		p.chunks = append(p.chunks, make([]float64, 0, size))
	}
	last := &p.chunks[len(p.chunks)-1]
	*last = append(*last, v)
}

func (p *csvParser) addLabel(f string, line, col int) error {
	if len(p.o.Labels) == 2 && !slices.Contains(p.o.Labels, f) {
		return p.errorf(line, col, "label %q is neither %q nor %q", f, p.o.Labels[0], p.o.Labels[1])
	}
	i := slices.Index(p.labels, f)
	if i < 0 {
		if len(p.labels) == 2 {
			return p.errorf(line, col, "label %q is a third value: labels take two (seen %q and %q)", f, p.labels[0], p.labels[1])
		}
		if f == "" {
			return p.errorf(line, col, "empty label")
		}
		p.labels = append(p.labels, f)
		i = len(p.labels) - 1
	}
	p.labelIdx = append(p.labelIdx, uint8(i))
	return nil
}

// set builds the Set: the values, row by row, become columns.
func (p *csvParser) set() (*Set, error) {
	n, m := p.n, p.m
	x := make([]float64, n*m)
	k := 0 // index of the value in row-major order
	for c, chunk := range p.chunks {
		for _, v := range chunk {
			x[(k%n)*m+k/n] = v
			k++
		}
		p.chunks[c] = nil // let it go while the rest is copied
	}
	if p.o.NoLabels {
		s := &Set{Name: p.name, X: tensor.New(tensor.WithShape(n, m), tensor.WithBacking(x)), Features: p.columns, Labels: p.o.Labels}
		return s, nil
	}
	names := labelOrder(p.labels)
	if len(p.o.Labels) == 2 {
		names = p.o.Labels
	}
	y := make([]float64, m)
	for i, l := range p.labelIdx {
		y[i] = float64(slices.Index(names, p.labels[l]))
	}
	s, err := newSet(p.name, n, m, x, y)
	if err != nil {
		return nil, err
	}
	if p.columns != nil {
		s.Features = slices.Delete(slices.Clone(p.columns), p.label, p.label+1)
	}
	if !(len(names) == 2 && names[0] == "0" && names[1] == "1") {
		s.Labels = names
	}
	return s, nil
}

// labelOrder sorts the label names: numerically when both are numbers,
// else by bytes. A single name gets a partner so that there are two: "1"
// for "0", "0" for "1", and "(other)" after any other name.
func labelOrder(seen []string) []string {
	names := slices.Clone(seen)
	if len(names) == 1 {
		switch names[0] {
		case "0":
			names = append(names, "1")
		case "1":
			names = []string{"0", "1"}
		default:
			names = []string{names[0], "(other)"}
		}
		return names
	}
	a, errA := strconv.ParseFloat(names[0], 64)
	b, errB := strconv.ParseFloat(names[1], 64)
	if errA == nil && errB == nil {
		if a > b {
			names[0], names[1] = names[1], names[0]
		}
		return names
	}
	sort.Strings(names)
	return names
}

// labelName returns the original name of label y, or y as a number.
func labelName(s *Set, y float64) string {
	if len(s.Labels) == 2 && (y == 0 || y == 1) {
		return s.Labels[int(y)]
	}
	return strconv.FormatFloat(y, 'g', -1, 64)
}

// WriteCSV writes s as CSV: a header of the feature names (x1, x2, … when
// s has none) and y, then one row per example, the label written with its
// original name when s has them; a set without labels has no y column. Values are written in full precision, so
// that reading the file back gives the same numbers.
func (s *Set) WriteCSV(w io.Writer) error {
	if s.Examples() == 0 || s.Y != nil && s.Y.Shape().TotalSize() != s.Examples() {
		return fmt.Errorf("datasets: writing a set without examples, or with labels that do not fit them: %w", ErrShape)
	}
	cw := csv.NewWriter(w)
	n, m := s.Dims(), s.Examples()
	header := make([]string, 0, n+1)
	for i := range n {
		if i < len(s.Features) {
			header = append(header, s.Features[i])
		} else {
			header = append(header, "x"+strconv.Itoa(i+1))
		}
	}
	var y []float64
	if s.Y != nil {
		header, y = append(header, "y"), floats(s.Y)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	x := floats(s.X)
	row := make([]string, len(header))
	for k := range m {
		for i := range n {
			row[i] = strconv.FormatFloat(x[i*m+k], 'g', -1, 64)
		}
		if y != nil {
			row[n] = labelName(s, y[k])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
