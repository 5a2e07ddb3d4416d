package longtest_test

import (
	"testing"

	"github.com/gradlab/gradlab/internal/longtest"
)

func TestEnabled(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  bool
	}{{"", false}, {"1", true}, {"yes", true}} {
		t.Setenv(longtest.Variable, tc.value)
		if got := longtest.Enabled(); got != tc.want {
			t.Errorf("%s=%q: Enabled %v, want %v", longtest.Variable, tc.value, got, tc.want)
		}
		if got, want := longtest.Size(1, 2), map[bool]int{false: 1, true: 2}[tc.want]; got != want {
			t.Errorf("%s=%q: Size(1, 2) = %d, want %d", longtest.Variable, tc.value, got, want)
		}
	}
}
