package datasets

import (
	"bufio"
	"bytes"
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
	"unicode/utf8"

	"github.com/gradlab/gradlab/internal/dense"
	"gorgonia.org/tensor"
)

// Header says whether a CSV file starts with a row of column names.
type Header int

const (
	// HeaderAuto takes the first row for a header when it cannot be a row
	// of data: when a label column is named by header, or when a feature
	// field of the row is not a finite number (a name, an empty field, or
	// a word such as nan or inf, which no data row may hold). So
	// "nan,inf,y" is a header, and "1,2,0" is data.
	HeaderAuto Header = iota
	HeaderYes
	HeaderNo
)

// DefaultMaxLine is the longest line ReadCSV reads when CSVOptions.MaxLine
// is 0: 1 MiB, some 40,000 features of full-precision numbers.
const DefaultMaxLine = 1 << 20

// CSVOptions describe a CSV file of numeric features and one label column.
// The zero value reads a comma-separated file whose last column holds the
// labels, with or without a header (HeaderAuto).
type CSVOptions struct {
	// Label names the label column, by its header name or its 0-based
	// index; "" means the last column.
	Label  string
	Header Header
	Comma  rune // field delimiter; 0 means ','

	// Drop names columns to leave out, such as an id: by header name or
	// 0-based index, as Label. A named column must exist; the label
	// column cannot be dropped.
	Drop []string

	// Weight, if set, names the column of sample weights, by header name
	// or 0-based index, as Label: it is taken out of the features, as the
	// label is, into Set.Weights, and each of its values must be a finite
	// number > 0 (else a *ParseError whose Err is a *WeightError). It
	// cannot be the label column nor a dropped one. With Features, as for
	// predictions and validation files, a column of that name is read if
	// the file has one, and may be absent (Set.Weights is nil then).
	Weight string

	// Labels, if set, are the names of labels 0 and 1, as a saved model
	// keeps them: the label column must hold only these.
	Labels []string

	// NoLabels reads a file without a label column, as for predictions:
	// every column is a feature, and the Set's Y is nil.
	NoLabels bool
	// Features, if set, are the feature columns a model takes, in its
	// order, as for predictions. A file with a header may hold them in any
	// order: each column is matched by its name, a missing or unknown
	// column is an error naming it, and the label column (named by Label,
	// else "y" or the model's) may be absent, which leaves Y nil. A file
	// without a header must hold these columns in this order, and the
	// label column last or not at all. NoLabels is ignored.
	Features []string

	// MaxLine caps the length of a line in bytes, not counting its end;
	// a record whose quoted fields hold newlines counts as one line. A
	// longer line is a *ParseError matching ErrLineTooLong, so that what
	// the reader holds of the text is bounded by a multiple of MaxLine
	// whatever the input (encoding/csv copies a line, and indexes its
	// fields: some 8 times MaxLine for long fields, 80 for one-byte
	// ones). 0 means DefaultMaxLine.
	MaxLine int
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
// example per row; name is what errors call the input. A UTF-8 byte-order
// mark at the start is skipped, and CSVOptions.Header says how a header
// is told from data.
//
// Labels may be 0 and 1 or any two distinct strings, mapped to 0 and 1 in
// order — numerically if both are numbers, else by byte order (benign 0,
// malignant 1) — and the names are kept in Set.Labels so that predictions
// can be written back with them. Labels that are finite numbers are
// compared as numbers, so that "1" and "1.0" are one class, and named by
// their shortest form ("1"). A file with only one label value is a set of
// one class.
//
// The reader streams: it keeps the values, 8 bytes each, in chunks as it
// reads (no row, string or line is kept, and no line may be longer than
// CSVOptions.MaxLine), and copies them once into the (n_features, m)
// matrix; its peak memory is about twice the values' size.
//
// A fault in the content is a *ParseError naming the input, line and
// column: a row of the wrong length, a feature that is not a finite
// number, a third label value, a line over the cap, an empty input, a
// header without rows, or a label column that does not exist. Options
// out of range are an *OptionError.
func ReadCSV(r io.Reader, name string, o CSVOptions) (*Set, error) {
	if err := o.check(r, name); err != nil {
		return nil, err
	}
	lc := &lineCap{r: skipBOM(r), max: o.MaxLine}
	if lc.max == 0 {
		lc.max = DefaultMaxLine
	}
	cr := csv.NewReader(lc)
	cr.ReuseRecord = true
	if o.Comma != 0 {
		cr.Comma = o.Comma
	}
	p := &csvParser{name: name, cr: cr, lc: lc, o: o, weight: -1}
	if err := p.read(); err != nil {
		return nil, err
	}
	return p.set()
}

// check returns an *OptionError for options out of range.
func (o CSVOptions) check(r io.Reader, name string) error {
	bad := func(option string, v any, want string) error {
		return &OptionError{Func: "reading " + name, Option: option, Value: v, Want: want}
	}
	switch {
	case r == nil:
		return bad("reader", r, "a reader")
	case o.Labels != nil && (len(o.Labels) != 2 || labelKey(o.Labels[0]) == labelKey(o.Labels[1])):
		return bad("Labels", o.Labels, "two distinct names")
	case o.Header < HeaderAuto || o.Header > HeaderNo:
		return bad("Header", int(o.Header), "HeaderAuto, HeaderYes or HeaderNo")
	case o.Comma != 0 && !validComma(o.Comma):
		return bad("Comma", o.Comma, "a valid rune other than a quote, \\r or \\n")
	case o.Weight != "" && slices.Contains(o.Drop, o.Weight):
		return bad("Weight", o.Weight, "a column that is not also dropped (Drop)")
	case slices.Contains(o.Drop, ""):
		return bad("Drop", o.Drop, "column names or indices, none empty")
	case o.MaxLine < 0:
		return bad("MaxLine", o.MaxLine, "a length in bytes, or 0 for DefaultMaxLine")
	}
	return nil
}

// validComma reports whether encoding/csv takes r as a delimiter.
func validComma(r rune) bool {
	return r != '"' && r != '\r' && r != '\n' && utf8.ValidRune(r) && r != utf8.RuneError
}

// skipBOM returns r without a UTF-8 byte-order mark at its start.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\uFEFF")) {
		br.Discard(3)
	}
	return br
}

// lineCap passes its reader's bytes on until a line is longer than max.
// Inside double quotes a newline does not end the line: encoding/csv keeps
// a quoted field whole, so the cap counts the field whole.
type lineCap struct {
	r      io.Reader
	max    int
	length int  // of the current line so far
	quoted bool // within a quoted field
	line   int  // newlines read: the current line is line+1
	start  int  // the line the current one started on, 1-based
	err    error
}

// errCapped is what lineCap returns to encoding/csv for a line over the
// cap; the parser turns it into a ParseError.
var errCapped = errors.New("datasets: line over the cap")

func (c *lineCap) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if c.length == 0 && c.start <= c.line {
			c.start = c.line + 1
		}
		switch b {
		case '"':
			c.quoted = !c.quoted
		case '\n':
			c.line++
			if !c.quoted {
				c.length = 0
				continue
			}
		}
		if c.length++; c.length > c.max {
			c.err = errCapped
			return i, c.err
		}
	}
	return n, err
}

// csvParser holds the state of one ReadCSV.
type csvParser struct {
	name     string
	cr       *csv.Reader
	lc       *lineCap
	o        CSVOptions
	columns  []string // header names, or nil
	label    int      // index of the label column, −1 for none
	weight   int      // index of the weight column, −1 for none
	weights  []float64
	order    []int  // with Features: column i is feature order[i], −1 the label
	skip     []bool // columns dropped (CSVOptions.Drop), or nil
	rowBuf   []float64
	n, m     int // features per row, rows read
	chunks   [][]float64
	labels   []string // the distinct label keys seen, at most two
	labelIdx []uint8  // each row's index into labels
}

const chunkSize = 1 << 16 // values per chunk

// fail returns the ParseError of a fault at line and column (0: not known).
func (p *csvParser) fail(line, col int, format string, args ...any) error {
	return &ParseError{File: p.name, Line: line, Column: col, Err: &fault{msg: fmt.Sprintf(format, args...)}}
}

func (p *csvParser) read() error {
	first, err := p.cr.Read()
	if err == io.EOF {
		return p.fail(0, 0, "empty: no header and no rows")
	}
	if err != nil {
		return p.csvError(err)
	}
	if len(first) < 2 && !p.o.NoLabels && p.o.Features == nil {
		return p.fail(1, 1, "%d column: want at least one feature and a label", len(first))
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
		return p.fail(0, 0, "a header and no rows")
	}
	return nil
}

// csvError turns encoding/csv's errors into ours, keeping the position.
func (p *csvParser) csvError(err error) error {
	if errors.Is(err, errCapped) {
		return &ParseError{File: p.name, Line: p.lc.start, Err: &fault{kind: ErrLineTooLong,
			msg: fmt.Sprintf("a line of more than %d bytes: CSVOptions.MaxLine sets the cap", p.lc.max)}}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		cause := pe.Err
		if errors.Is(cause, csv.ErrFieldCount) {
			cause = fmt.Errorf("%w: want %d, as in the first row", cause, p.cr.FieldsPerRecord)
		}
		return &ParseError{File: p.name, Line: pe.Line, Column: pe.Column, Err: cause}
	}
	return fmt.Errorf("datasets: reading %s: %w", p.name, err)
}

// start reads the first record: it decides whether it is a header and
// which column holds the labels.
func (p *csvParser) start(first []string) error {
	if p.o.Features != nil {
		return p.startFeatures(first)
	}
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
	line, _ := p.cr.FieldPos(0)
	switch i, err := strconv.Atoi(p.o.Label); {
	case p.o.NoLabels:
	case p.o.Label == "":
		p.label = cols - 1
	case header && slices.Contains(p.columns, p.o.Label):
		p.label = slices.Index(p.columns, p.o.Label)
	case err == nil && i >= 0 && i < cols:
		p.label = i
	case err == nil:
		return p.fail(line, 0, "label column %d does not exist: the file has columns 0 to %d", i, cols-1)
	case header:
		return p.fail(line, 0, "no label column %q (columns: %s)", p.o.Label, strings.Join(p.columns, ", "))
	default:
		return p.fail(line, 0, "label column %q named, but the file has no header", p.o.Label)
	}
	if err := p.startWeight(cols, line); err != nil {
		return err
	}
	return p.startDrop(cols, line)
}

// startWeight finds the column CSVOptions.Weight names, once the header
// and the label column are known.
func (p *csvParser) startWeight(cols, line int) error {
	w := p.o.Weight
	if w == "" {
		return nil
	}
	i, err := strconv.Atoi(w)
	switch {
	case p.columns != nil && slices.Contains(p.columns, w):
		i = slices.Index(p.columns, w)
	case err == nil && i >= 0 && i < cols:
	case err == nil:
		return p.fail(line, 0, "weight column %d does not exist: the file has columns 0 to %d", i, cols-1)
	case p.columns != nil:
		return p.fail(line, 0, "no weight column %q (columns: %s)", w, listNames(p.columns))
	default:
		return p.fail(line, 0, "weight column %q named, but the file has no header", w)
	}
	if i == p.label {
		return p.fail(line, i+1, "weight column %s is the label column", p.column(i))
	}
	p.weight = i
	if p.n--; p.n == 0 {
		return p.fail(line, 0, "no feature left beside the weight column %s", p.column(i))
	}
	return nil
}

// startDrop marks the columns of CSVOptions.Drop, once the header and the
// label column are known.
func (p *csvParser) startDrop(cols, line int) error {
	if len(p.o.Drop) == 0 {
		return nil
	}
	p.skip = make([]bool, cols)
	for _, d := range p.o.Drop {
		i, err := strconv.Atoi(d)
		switch {
		case p.columns != nil && slices.Contains(p.columns, d):
			i = slices.Index(p.columns, d)
		case err == nil && i >= 0 && i < cols:
		case err == nil:
			return p.fail(line, 0, "column %d to drop does not exist: the file has columns 0 to %d", i, cols-1)
		case p.columns != nil:
			return p.fail(line, 0, "no column %q to drop (columns: %s)", d, listNames(p.columns))
		default:
			return p.fail(line, 0, "column %q to drop named, but the file has no header", d)
		}
		if i == p.label {
			return p.fail(line, i+1, "column %s to drop is the label column", p.column(i))
		}
		if i == p.weight {
			return p.fail(line, i+1, "column %s to drop is the weight column", p.column(i))
		}
		if !p.skip[i] {
			p.skip[i] = true
			p.n--
		}
	}
	if p.n == 0 {
		return p.fail(line, 0, "no feature left after dropping %s", listNames(p.o.Drop))
	}
	return nil
}

// startFeatures is start for a file read by feature names.
func (p *csvParser) startFeatures(first []string) error {
	want := p.o.Features
	p.n, p.label = len(want), -1
	header := p.o.Header == HeaderYes
	if p.o.Header == HeaderAuto {
		header = slices.ContainsFunc(first, func(f string) bool { _, ok := finite(f); return !ok })
	}
	line, _ := p.cr.FieldPos(0)
	if !header {
		switch len(first) {
		case len(want):
		case len(want) + 1:
			p.label = len(want)
		default:
			return p.fail(line, 0, "%d columns and no header: want the %d features %s, and the label column or not",
				len(first), len(want), listNames(want))
		}
		return nil
	}
	p.columns = make([]string, len(first))
	p.order = make([]int, len(first))
	seen := make([]bool, len(want))
	var extra []int // columns that are not features
	for i, f := range first {
		name := strings.TrimSpace(f)
		p.columns[i] = name
		switch j := slices.Index(want, name); {
		case j >= 0 && seen[j]:
			return p.fail(line, i+1, "column %q twice", name)
		case j >= 0:
			p.order[i], seen[j] = j, true
		default:
			extra = append(extra, i)
		}
	}
	if j := slices.Index(seen, false); j >= 0 {
		return p.fail(line, 0, "no column %q: the model takes the features %s", want[j], listNames(want))
	}
	p.skip = make([]bool, len(first))
	extra = slices.DeleteFunc(extra, func(i int) bool {
		p.skip[i] = slices.Contains(p.o.Drop, p.columns[i]) || slices.Contains(p.o.Drop, strconv.Itoa(i))
		if !p.skip[i] && p.o.Weight != "" && p.columns[i] == p.o.Weight {
			p.order[i], p.weight = -1, i
			return true
		}
		return p.skip[i]
	})
	for _, i := range extra {
		// The label column is the one named Label; unnamed, the one
		// column that is not a feature.
		if p.label < 0 && (p.columns[i] == p.o.Label || p.o.Label == "" && len(extra) == 1) {
			p.order[i], p.label = -1, i
			continue
		}
		return p.fail(line, i+1, "column %q is not a feature of the model (%s)", p.columns[i], listNames(want))
	}
	p.rowBuf = make([]float64, len(want))
	return nil
}

// listNames quotes names for a message: the first six, and how many more.
func listNames(names []string) string {
	const most = 6
	var b strings.Builder
	for i, n := range names[:min(len(names), most)] {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(n))
	}
	if len(names) > most {
		fmt.Fprintf(&b, " and %d more", len(names)-most)
	}
	return b.String()
}

// looksLikeHeader reports whether the first record cannot be data: a
// label named by header, or a feature field that is not a finite number.
func (p *csvParser) looksLikeHeader(first []string) bool {
	label := len(first) - 1
	if p.o.NoLabels {
		label = -1
	} else if i, err := strconv.Atoi(p.o.Label); err == nil {
		label = i
	} else if p.o.Label != "" {
		return true // a label named by header
	}
	if _, err := strconv.Atoi(p.o.Weight); p.o.Weight != "" && err != nil {
		return true // a weight column named by header
	}
	dropped := make([]bool, len(first))
	for _, d := range p.o.Drop {
		i, err := strconv.Atoi(d)
		if err != nil {
			return true // a column named by header
		}
		if i >= 0 && i < len(first) {
			dropped[i] = true
		}
	}
	for i, f := range first {
		if _, ok := finite(f); i != label && !dropped[i] && !ok {
			return true
		}
	}
	return false
}

// finite returns the number f holds, around spaces, and whether it is a
// finite one.
func finite(f string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
	return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
}

// row parses one data row.
func (p *csvParser) row(rec []string) error {
	for i, f := range rec {
		if p.skip != nil && p.skip[i] {
			continue
		}
		f = strings.TrimSpace(f)
		line, col := p.cr.FieldPos(i)
		if i == p.label {
			if err := p.addLabel(f, line, col); err != nil {
				return err
			}
			continue
		}
		if i == p.weight {
			if err := p.addWeight(f, i, line, col); err != nil {
				return err
			}
			continue
		}
		v, err := strconv.ParseFloat(f, 64)
		switch {
		case err != nil:
			ne := &NumberError{Index: i, Value: f}
			if p.columns != nil {
				ne.Column = p.columns[i]
			}
			return &ParseError{File: p.name, Line: line, Column: col, Err: ne}
		case math.IsNaN(v) || math.IsInf(v, 0):
			return p.fail(line, col, "feature %s: %q is not finite", p.column(i), f)
		}
		if p.order != nil {
			p.rowBuf[p.order[i]] = v // in the model's order, added below
			continue
		}
		p.add(v)
	}
	if p.order != nil {
		for _, v := range p.rowBuf {
			p.add(v)
		}
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

// labelKey returns what a label is compared by: the shortest form of a
// finite number, so that "1", "1.0" and "+1e0" are one class, else the
// label itself.
func labelKey(f string) string {
	v, ok := finite(f)
	if !ok {
		return f
	}
	if v == 0 {
		v = 0 // -0 is 0
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// addWeight adds the sample weight f of column i.
func (p *csvParser) addWeight(f string, i, line, col int) error {
	v, ok := finite(f)
	if !ok || !(v > 0) {
		we := &WeightError{Index: i, Value: f}
		if p.columns != nil {
			we.Column = p.columns[i]
		}
		return &ParseError{File: p.name, Line: line, Column: col, Err: we}
	}
	p.weights = append(p.weights, v)
	return nil
}

func (p *csvParser) addLabel(f string, line, col int) error {
	key := labelKey(f)
	if len(p.o.Labels) == 2 && key != labelKey(p.o.Labels[0]) && key != labelKey(p.o.Labels[1]) {
		return p.fail(line, col, "label %q is neither %q nor %q", f, p.o.Labels[0], p.o.Labels[1])
	}
	i := slices.Index(p.labels, key)
	if i < 0 {
		if len(p.labels) == 2 {
			return p.fail(line, col, "label %q is a third value: labels take two (seen %q and %q)", f, p.labels[0], p.labels[1])
		}
		if f == "" {
			return p.fail(line, col, "empty label")
		}
		p.labels = append(p.labels, key)
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
	features := p.columns
	switch {
	case p.o.Features != nil:
		features = slices.Clone(p.o.Features) // the rows of X are in this order
	case features != nil:
		var kept []string
		for i, f := range features {
			if i != p.label && i != p.weight && (p.skip == nil || !p.skip[i]) {
				kept = append(kept, f)
			}
		}
		features = kept
	}
	if p.o.NoLabels || p.label < 0 {
		s := &Set{Name: p.name, X: tensor.New(tensor.WithShape(n, m), tensor.WithBacking(x)), Features: features, Labels: p.o.Labels}
		p.setWeights(s)
		return s, nil
	}
	names := labelOrder(p.labels)
	keys := names
	if len(p.o.Labels) == 2 {
		names, keys = p.o.Labels, []string{labelKey(p.o.Labels[0]), labelKey(p.o.Labels[1])}
	}
	y := make([]float64, m)
	for i, l := range p.labelIdx {
		y[i] = float64(slices.Index(keys, p.labels[l]))
	}
	s, err := newSet(p.name, n, m, x, y)
	if err != nil {
		return nil, err
	}
	s.Features = features
	p.setWeights(s)
	if p.columns != nil {
		s.Label = p.columns[p.label]
	}
	if !(len(names) == 2 && names[0] == "0" && names[1] == "1") {
		s.Labels = names
	}
	return s, nil
}

// setWeights gives s the weight column's values, if there is one.
func (p *csvParser) setWeights(s *Set) {
	if p.weight < 0 {
		return
	}
	s.Weights = tensor.New(tensor.WithShape(1, p.m), tensor.WithBacking(p.weights))
	s.WeightColumn = strconv.Itoa(p.weight)
	if p.columns != nil {
		s.WeightColumn = p.columns[p.weight]
	}
}

// labelOrder sorts the label keys: numerically when both are numbers,
// else by bytes. A single key gets a partner so that there are two: "1"
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
	a, okA := finite(names[0])
	b, okB := finite(names[1])
	if okA && okB {
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
// that reading the file back gives the same numbers. A set of K label
// rows has K label columns, named by LabelColumns (y1, y2, … without),
// holding 0 and 1. A set with sample weights has their column between
// the features and the labels, named WeightColumn ("weight" when that is
// an index or empty), which CSVOptions.Weight reads back.
func (s *Set) WriteCSV(w io.Writer) error {
	if err := checkSet(s, s != nil && s.Y != nil, "writing CSV"); err != nil {
		return err
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
	var sw []float64
	if s.Weights != nil {
		sw = dense.Floats(s.Weights)
		header = append(header, weightColumn(s))
	}
	var y []float64
	rows := 0
	if s.Y != nil {
		y = dense.Floats(s.Y)
		rows = len(y) / m
		header = append(header, labelColumns(s, rows)...)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	x := dense.Floats(s.X)
	row := make([]string, len(header))
	for k := range m {
		for i := range n {
			row[i] = strconv.FormatFloat(x[i*m+k], 'g', -1, 64)
		}
		at := n
		if sw != nil {
			row[at] = strconv.FormatFloat(sw[k], 'g', -1, 64)
			at++
		}
		for r := range rows {
			row[at+r] = labelName(s, y[r*m+k])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// weightColumn is the name WriteCSV gives the weight column.
func weightColumn(s *Set) string {
	if _, err := strconv.Atoi(s.WeightColumn); err == nil || s.WeightColumn == "" {
		return "weight"
	}
	return s.WeightColumn
}
