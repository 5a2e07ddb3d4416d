// Package quote puts user content into error messages: quoted, so that
// control characters cannot reach a terminal raw, and cut short, so that a
// 50 MB string in a file does not come back as a 50 MB message.
package quote

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Max is the number of bytes of content an error message keeps.
const Max = 64

// Short returns s quoted as strconv.Quote quotes it, cut after Max bytes
// (at a character boundary) with a note of its length when it is longer.
func Short(s string) string {
	if len(s) <= Max {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(prefix(s, Max)), len(s))
}

// Cut returns s, a message that is already safe to print, cut after n
// bytes with a note of its length when it is longer.
func Cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return fmt.Sprintf("%s… (%d bytes)", prefix(s, n), len(s))
}

// prefix returns the longest prefix of s of at most n bytes that does not
// end inside a character.
func prefix(s string, n int) string {
	n = max(n, 0)
	for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
