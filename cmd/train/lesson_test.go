package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// -lesson prints the five parts; -lesson -json the same numbers as one
// object. The numbers themselves are internal/lesson's to test.
func TestLesson(t *testing.T) {
	var text, errs bytes.Buffer
	if code := run(context.Background(), []string{"-lesson"}, &text, &errs, false); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	for _, part := range []string{"\n1. ", "\n2. ", "\n3. ", "\n4. ", "\n5. "} {
		if !strings.Contains(text.String(), part) {
			t.Errorf("no part %q in\n%s", part, text.String())
		}
	}
	var out, errs2 bytes.Buffer
	if code := run(context.Background(), []string{"-lesson", "-json"}, &out, &errs2, false); code != 0 {
		t.Fatalf("exit %d: %s", code, errs2.String())
	}
	var l map[string]json.RawMessage
	if err := json.Unmarshal(out.Bytes(), &l); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"products", "example", "agreement", "gallery", "training"} {
		if len(l[k]) == 0 {
			t.Errorf("-json lacks %q", k)
		}
	}
}

func TestLessonTakesOnlyJSON(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"-lesson", "-iters", "3"}, &out, &errs, false); code != 2 || !strings.Contains(errs.String(), "-lesson takes no flag but -json") {
		t.Errorf("exit %d: %s", code, errs.String())
	}
}
