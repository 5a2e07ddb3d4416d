// Package gradcheck is the README's gradient-check test: a cost of one's
// own built on a graph.Graph and checked in one line with gradtest.Check.
// Run it with go test ./examples/gradcheck -v to see the report.
package gradcheck
