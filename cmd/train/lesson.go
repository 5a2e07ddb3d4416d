package main

import (
	"context"
	"encoding/json"
	"io"
	"slices"

	"github.com/gradlab/gradlab/internal/lesson"
)

// runLesson prints the guided walk-through of the vectorized loss
// (package internal/lesson): text, or one JSON object with -json.
func runLesson(ctx context.Context, o *options, stdout io.Writer) error {
	l, err := lesson.Run(ctx)
	if err != nil {
		return err
	}
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(l)
	}
	return l.WriteText(stdout)
}

// onlySet reports whether every flag in set is one of names.
func onlySet(set map[string]bool, names ...string) bool {
	for f := range set {
		if !slices.Contains(names, f) {
			return false
		}
	}
	return true
}
