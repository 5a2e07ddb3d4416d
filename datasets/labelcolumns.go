package datasets

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/gradlab/gradlab/internal/dense"
	"gorgonia.org/tensor"
)

// WithLabelColumns returns s with the features named columns taken out
// of X as its labels, in that order: Y of shape (K, m), row k the column
// columns[k], for a multi-label problem of K labels. s is a set read
// without labels (CSVOptions.NoLabels) or with its label column among the
// features; each column is named as CSVOptions.Label names one, by
// feature name or 0-based index, and must hold only 0 and 1 (names of
// classes are for one label column). The result's LabelColumns are the
// columns' names, and Label and Labels are unset.
//
// An unknown or repeated column is an *OptionError, a value other than 0
// and 1 an error matching ErrLabel; taking every feature is an
// *OptionError too, as a set needs one.
func (s *Set) WithLabelColumns(columns []string) (*Set, error) {
	if err := checkSet(s, false, "WithLabelColumns"); err != nil {
		return nil, err
	}
	n, m := s.Dims(), s.Examples()
	names := s.Features
	if names == nil {
		for i := range n {
			names = append(names, "x"+strconv.Itoa(i+1))
		}
	}
	bad := func(want string) error {
		return &OptionError{Func: "WithLabelColumns", Option: "columns", Value: columns, Want: want}
	}
	var idx []int
	for _, c := range columns {
		i := slices.Index(names, c)
		if j, err := strconv.Atoi(c); i < 0 && err == nil && j >= 0 && j < n {
			i = j
		}
		switch {
		case i < 0:
			return nil, bad(fmt.Sprintf("columns of %s (%s)", s.Name, listNames(names)))
		case slices.Contains(idx, i):
			return nil, bad(fmt.Sprintf("distinct columns: %q is there twice", names[i]))
		}
		idx = append(idx, i)
	}
	if len(idx) == 0 || len(idx) >= n {
		return nil, bad(fmt.Sprintf("1 to %d of the %d columns, leaving a feature", n-1, n))
	}
	x := dense.Floats(s.X)
	y := make([]float64, 0, len(idx)*m)
	var label []string
	for _, i := range idx {
		for j, v := range x[i*m : (i+1)*m] {
			if v != 0 && v != 1 {
				return nil, &fault{kind: ErrLabel, msg: fmt.Sprintf("datasets: %s: label column %q, example %d, is %v: want 0 or 1", s.Name, names[i], j+1, v)}
			}
		}
		y = append(y, x[i*m:(i+1)*m]...)
		label = append(label, names[i])
	}
	fx := make([]float64, 0, (n-len(idx))*m)
	var features []string
	for i := range n {
		if !slices.Contains(idx, i) {
			fx = append(fx, x[i*m:(i+1)*m]...)
			features = append(features, names[i])
		}
	}
	if s.Features == nil {
		features = nil
	}
	return &Set{
		Name:         s.Name,
		X:            tensor.New(tensor.WithShape(n-len(idx), m), tensor.WithBacking(fx)),
		Y:            tensor.New(tensor.WithShape(len(idx), m), tensor.WithBacking(y)),
		Features:     features,
		LabelColumns: label,
		Weights:      s.Weights,
		WeightColumn: s.WeightColumn,
	}, nil
}

// labelColumns names the rows label columns of s, as WriteCSV writes
// them.
func labelColumns(s *Set, rows int) []string {
	if rows == 1 {
		return []string{cmp.Or(s.Label, "y")}
	}
	if len(s.LabelColumns) == rows {
		return s.LabelColumns
	}
	out := make([]string, rows)
	for r := range out {
		out[r] = "y" + strconv.Itoa(r+1)
	}
	return out
}
