package panictest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps the failures.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

type badError struct{ msg string }

func (e *badError) Error() string { return e.msg }

type panicky struct{}

func (*panicky) String() string { panic("boom") }

func TestErrors(t *testing.T) {
	r := &recorder{TB: t}
	Errors(r, []Call{
		{"good", func() error { return errors.New("bad value") }},
		{"silent", func() error { return nil }},
		{"panics", func() error { panic("boom") }},
		{"panicking text", func() error { return fmt.Errorf("got %v", &panicky{}) }},
		{"panicking Error", func() error { return (*badError)(nil) }},
	})
	want := []string{"silent: no error", "panics panicked: boom", "panicking text: the error's text holds a panic",
		"panicking Error: the error's Error method panicked"}
	if len(r.failures) != len(want) {
		t.Fatalf("failures %q, want %d", r.failures, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(r.failures[i], w) {
			t.Errorf("failure %d is %q, want %q…", i, r.failures[i], w)
		}
	}
	if NoPanic(r, "fine", func() {}) != true || NoPanic(r, "bad", func() { panic(1) }) != false {
		t.Error("NoPanic does not say whether f returned")
	}
}
