package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gradlab/gradlab/datasets"
)

// table is -drop and -delimiter: how a CSV's columns are read.
type table struct {
	drop  []string
	comma rune // 0: ','
}

func (t *table) register(fs *flag.FlagSet) {
	fs.Func("drop", "columns of -csv or -predict to leave out, by name or 0-based index, comma-separated, e.g. id,name", func(v string) error {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f == "" {
				return errors.New("an empty column name")
			}
			t.drop = append(t.drop, f)
		}
		return nil
	})
	fs.Func("delimiter", `field delimiter of -csv and -predict, one character, e.g. ";" or "\t" for a tab (default ",")`, func(v string) error {
		if v == `\t` {
			v = "\t"
		}
		r, size := utf8.DecodeRuneInString(v)
		if size == 0 || size != len(v) || r == utf8.RuneError || r == '"' || r == '\r' || r == '\n' {
			return errors.New(`want one character other than a quote or a line end`)
		}
		t.comma = r
		return nil
	})
}

func (t *table) check(o *options) error {
	switch {
	case (t.drop != nil || t.comma != 0) && o.csv == "" && o.predict == "":
		return errors.New("-drop and -delimiter need -csv or -predict")
	case o.serve && (t.drop != nil || t.comma != 0):
		return errors.New("-serve reads -csv on the page: -drop and -delimiter do not apply")
	}
	return nil
}

// options adds -drop and -delimiter to opts.
func (t *table) options(opts datasets.CSVOptions) datasets.CSVOptions {
	opts.Drop, opts.Comma = t.drop, t.comma
	return opts
}

// hintLabel adds to the error of a training CSV whose feature is not a
// number the likely fix: the column is the label, or one to drop.
func hintLabel(err error) error {
	var ne *datasets.NumberError
	if !errors.As(err, &ne) {
		return err
	}
	name := ne.Name()
	return &hinted{err, fmt.Sprintf("is it the label? use -label %s (or -drop %s to leave it out)", name, name)}
}

// hinted is an error with a hint for the command line's user.
type hinted struct {
	err  error
	hint string
}

func (h *hinted) Error() string { return h.err.Error() + "; " + h.hint }
func (h *hinted) Unwrap() error { return h.err }
