// Package panictest checks that an API answers bad values with errors:
// the packages' TestNeverPanics tables call every exported function and
// method with them through Errors and NoPanic.
package panictest

import (
	"strings"
	"testing"
)

// A Call is one call of an API with a bad value, returning its error.
type Call struct {
	Name string
	F    func() error
}

// Errors runs each call and fails t, naming the call, if it panics,
// returns no error, or returns one whose text holds fmt's report of a
// String or Error method that panicked ("%!v(PANIC=…").
func Errors(t testing.TB, calls []Call) {
	t.Helper()
	for _, c := range calls {
		var err error
		if !NoPanic(t, c.Name, func() { err = c.F() }) {
			continue
		}
		if err == nil {
			t.Errorf("%s: no error", c.Name)
			continue
		}
		var text string
		if NoPanic(t, c.Name+": the error's Error method", func() { text = err.Error() }) && strings.Contains(text, "PANIC=") {
			t.Errorf("%s: the error's text holds a panic: %s", c.Name, text)
		}
	}
}

// NoPanic runs f, which has no error to return, and fails t, naming the
// call, if it panics. It reports whether f returned.
func NoPanic(t testing.TB, name string, f func()) (returned bool) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v", name, r)
		}
	}()
	f()
	return true
}
