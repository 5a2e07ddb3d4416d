// Package longtest says whether tests should run at their full, slow size.
//
// `go test ./...` stays quick (issue 20: under 15 s warm on two cores), so
// a test whose property a smaller size checks too runs small by default
// and at full size when the environment variable GRADLAB_LONG is set, as
// CI's .ci/run sets it. go test's cache knows the variable is read: a run
// with it set reruns exactly the tests that read it.
package longtest

import "os"

// Variable is the environment variable that asks for full-size tests.
const Variable = "GRADLAB_LONG"

// Enabled reports whether Variable is set to anything but the empty string.
func Enabled() bool { return os.Getenv(Variable) != "" }

// Size returns long when Enabled, else short.
func Size(short, long int) int {
	if Enabled() {
		return long
	}
	return short
}
