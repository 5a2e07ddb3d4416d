package datasets

import (
	"errors"
	"fmt"
	"strconv"
)

// The package's errors are values: a caller tells them apart with
// errors.Is and reads their fields with errors.As, never by their text.
//
//   - *ParseError: the content of a CSV file (errors.Is(err, ErrCSV)); a
//     feature that is not a number is a *NumberError within it, a sample
//     weight that is not a finite number > 0 a *WeightError.
//   - *OptionError: an option or argument outside what a function takes.
//   - *FeatureError: a feature that standardization cannot scale
//     (errors.Is(err, ErrConstant) or errors.Is(err, ErrNotFinite)).
//   - ErrLabel: a label other than 0 or 1 where only those will do.
//   - graph.ErrShape: data whose dimensions do not fit together, or a size
//     (of a data set, a split, a batch) that is out of range.
var (
	// ErrCSV is matched by every *ParseError.
	ErrCSV = errors.New("datasets: bad CSV")
	// ErrLineTooLong is matched by the *ParseError of a line longer than
	// the reader's cap, CSVOptions.MaxLine.
	ErrLineTooLong = errors.New("datasets: line too long")
	// ErrConstant is wrapped by the *FeatureError of a feature that has
	// the same value in every example: its deviation is 0.
	ErrConstant = errors.New("datasets: constant feature")
	// ErrNotFinite is wrapped by the *FeatureError of a feature whose
	// statistics or standardized values are not finite numbers.
	ErrNotFinite = errors.New("datasets: not finite")
	// ErrLabel is matched by the error of a stratified Split of a set
	// whose labels are not all 0 or 1.
	ErrLabel = errors.New("datasets: label neither 0 nor 1")
)

// ParseError reports a fault in the content of a CSV file, on the model of
// encoding/csv's ParseError. It matches ErrCSV, so that errors.Is(err,
// ErrCSV) holds for every fault of a file's content, and it unwraps to
// Err, the fault itself: encoding/csv's ErrFieldCount, ErrQuote and
// ErrBareQuote (wrapped with detail) for faults of the CSV syntax, and
// ErrLineTooLong for a line over CSVOptions.MaxLine.
type ParseError struct {
	File   string // the input's name, as given to ReadCSV
	Line   int    // 1-based; 0 when the fault is not on one line
	Column int    // 1-based, in bytes; 0 when not known
	Err    error
}

// fault is an error that prints its message and matches its sentinel:
// as a ParseError's Err, a detail that the ParseError prefixes.
type fault struct {
	kind error // nil, or the sentinel it matches
	msg  string
}

func (f *fault) Error() string        { return f.msg }
func (f *fault) Is(target error) bool { return f.kind != nil && target == f.kind }

// Error returns file:line:column: datasets: bad CSV: the fault, leaving
// out a line or column that is 0.
func (e *ParseError) Error() string {
	pos := e.File
	if e.Line > 0 {
		pos += ":" + strconv.Itoa(e.Line)
		if e.Column > 0 {
			pos += ":" + strconv.Itoa(e.Column)
		}
	}
	return pos + ": " + ErrCSV.Error() + ": " + e.Err.Error()
}

// Unwrap returns the fault.
func (e *ParseError) Unwrap() error { return e.Err }

// Is reports whether target is ErrCSV.
func (e *ParseError) Is(target error) bool { return target == ErrCSV }

// OptionError reports an option or an argument outside the values a
// function takes.
type OptionError struct {
	Func   string // what was asked, as "moons" or "Split"
	Option string // the option or argument, as "Noise"
	Value  any    // its value
	Want   string // what it may be
}

func (e *OptionError) Error() string {
	format := "datasets: %s: %s %v: want %s"
	switch e.Value.(type) {
	case string, []string, rune: // rune: CSVOptions.Comma
		format = "datasets: %s: %s %q: want %s"
	}
	return fmt.Sprintf(format, e.Func, e.Option, e.Value, e.Want)
}

// FeatureError reports a feature, a row of X, that standardization cannot
// scale. Err is ErrConstant or ErrNotFinite.
type FeatureError struct {
	Feature int // 0-based
	Err     error
	detail  string
}

func (e *FeatureError) Error() string {
	return "datasets: standardizing feature " + strconv.Itoa(e.Feature) + ": " + e.detail
}

// Unwrap returns ErrConstant or ErrNotFinite.
func (e *FeatureError) Unwrap() error { return e.Err }

// NumberError is the Err of the *ParseError of a feature field that is
// not a number, such as a label column that was not named as the label,
// or a name or id column to drop (CSVOptions.Label, CSVOptions.Drop).
type NumberError struct {
	Column string // the column's header name; "" without a header
	Index  int    // the column's 0-based index
	Value  string // the field, around spaces
}

func (e *NumberError) Error() string {
	return fmt.Sprintf("feature %s: %q is not a number", quoteColumn(e.Column, e.Index), e.Value)
}

// WeightError is the Err of the *ParseError of a sample weight, in the
// column CSVOptions.Weight names, that is not a finite number > 0: the
// ParseError gives its line and column.
type WeightError struct {
	Column string // the column's header name; "" without a header
	Index  int    // the column's 0-based index
	Value  string // the field, around spaces
}

func (e *WeightError) Error() string {
	return fmt.Sprintf("weight column %s: %q is not a finite number > 0", quoteColumn(e.Column, e.Index), e.Value)
}

// quoteColumn names a column in a message: its header name quoted, else
// its index.
func quoteColumn(name string, index int) string {
	if name != "" {
		return strconv.Quote(name)
	}
	return strconv.Itoa(index)
}

// Name is how CSVOptions.Label and CSVOptions.Drop name the column: its
// header name, else its index.
func (e *NumberError) Name() string {
	if e.Column != "" {
		return e.Column
	}
	return strconv.Itoa(e.Index)
}
