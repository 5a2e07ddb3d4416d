package typednil

import (
	"math/rand/v2"
	"testing"
)

type value struct{}

func TestIs(t *testing.T) {
	var (
		r  *rand.Rand
		m  map[int]int
		s  []int
		f  func()
		c  chan int
		st fmtStringer
	)
	for _, tc := range []struct {
		name string
		v    any
		want bool
	}{
		{"nil", nil, true},
		{"nil pointer", r, true},
		{"nil map", m, true},
		{"nil slice", s, true},
		{"nil func", f, true},
		{"nil chan", c, true},
		{"nil interface", st, true},
		{"pointer", rand.New(rand.NewPCG(1, 1)), false},
		{"empty slice", []int{}, false},
		{"struct", value{}, false},
		{"zero int", 0, false},
	} {
		if got := Is(tc.v); got != tc.want {
			t.Errorf("Is(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

type fmtStringer interface{ String() string }
