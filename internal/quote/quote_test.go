package quote

import (
	"strings"
	"testing"
)

func TestShort(t *testing.T) {
	long := strings.Repeat("a", 50<<20)
	for _, tc := range []struct{ in, want string }{
		{"", `""`},
		{"relu", `"relu"`},
		{"a\x1b[2Jb\n", `"a\x1b[2Jb\n"`},
		{strings.Repeat("x", Max), `"` + strings.Repeat("x", Max) + `"`},
		{long, `"` + strings.Repeat("a", Max) + `"… (52428800 bytes)`},
		// é is 2 bytes: the cut at byte 64 would split the 33rd.
		{strings.Repeat("é", 40), `"` + strings.Repeat("é", 32) + `"… (80 bytes)`},
	} {
		if got := Short(tc.in); got != tc.want {
			t.Errorf("Short(%.20q…) = %.100s, want %.100s", tc.in, got, tc.want)
		}
	}
}

func TestCut(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"0123456789", 4, "0123… (10 bytes)"},
		{"ééé", 3, "é… (6 bytes)"},
		{"abc", -1, "… (3 bytes)"},
	} {
		if got := Cut(tc.in, tc.n); got != tc.want {
			t.Errorf("Cut(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}
