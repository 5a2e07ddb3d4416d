package train

import (
	"reflect"
	"slices"
	"testing"
)

// A checkpoint file holds every field of what it saves: a field added to
// Report, Score, Comparison, ParamDiff or Stall must be added to its file
// type too, or a resumed run's reports would lose it.
func TestCheckpointFileHoldsEveryField(t *testing.T) {
	names := func(v any) []string {
		var out []string
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			if rt.Field(i).IsExported() {
				out = append(out, rt.Field(i).Name)
			}
		}
		return out
	}
	for _, c := range []struct{ saved, file any }{
		{Report{}, reportFile{}}, {Score{}, scoreFile{}}, {Comparison{}, compareFile{}},
		{ParamDiff{}, diffFile{}}, {Stall{}, foundFile{}},
	} {
		if a, b := names(c.saved), names(c.file); !slices.Equal(a, b) {
			t.Errorf("%T has the fields %v, its checkpoint file type %T %v", c.saved, a, c.file, b)
		}
	}
}
