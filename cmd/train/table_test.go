package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	nnmodel "github.com/gradlab/gradlab/nn/model"
)

// TestTableFlags: -drop leaves an id column out of training and
// prediction, -delimiter reads another separator, and a text column read
// as a feature is an error that suggests -label.
func TestTableFlags(t *testing.T) {
	dir := t.TempDir()
	rows := "id,diagnosis,a,b\n1,M,1,2\n2,B,3,4\n3,M,1.5,2.5\n4,B,3.2,4.1\n"
	comma, semi := filepath.Join(dir, "c.csv"), filepath.Join(dir, "s.csv")
	os.WriteFile(comma, []byte(rows), 0o600)
	os.WriteFile(semi, []byte(strings.ReplaceAll(rows, ",", ";")), 0o600)
	model := filepath.Join(dir, "m.json")

	code, _, stderr := runCmd(t, "-csv", comma, "-iters", "1", "-quiet")
	want := `feature "diagnosis": "M" is not a number; is it the label? use -label diagnosis (or -drop diagnosis to leave it out)`
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("no -label: exit %d, stderr %q, want 1 and %q", code, stderr, want)
	}
	if code, _, stderr := runCmd(t, "-csv", comma, "-label", "diagnosis", "-drop", "id", "-iters", "1", "-quiet", "-save", model); code != 0 {
		t.Fatalf("-drop id: exit %d: %s", code, stderr)
	}
	m, err := nnmodel.Load(model)
	if err != nil {
		t.Fatal(err)
	}
	if f := m.Meta.Features; len(f) != 2 || f[0] != "a" || f[1] != "b" {
		t.Errorf("features %v, want [a b]", f)
	}
	_, fromComma, _ := runCmd(t, "-load", model, "-predict", comma, "-drop", "id")
	_, fromSemi, _ := runCmd(t, "-load", model, "-predict", semi, "-drop", "id", "-delimiter", ";")
	if !strings.HasPrefix(fromComma, "probability_M,prediction\n") || fromComma != fromSemi {
		t.Errorf("predictions from , and ; differ:\n%s\n%s", fromComma, fromSemi)
	}
	if code, _, stderr := runCmd(t, "-csv", semi, "-label", "diagnosis", "-iters", "1", "-quiet"); code != 1 || !strings.Contains(stderr, "1 column: want at least one feature and a label") {
		t.Errorf("; without -delimiter: exit %d, %q", code, stderr)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-drop", "id"}, "-drop and -delimiter need -csv or -predict"},
		{[]string{"-csv", comma, "-drop", "a,,b"}, "an empty column name"},
		{[]string{"-csv", comma, "-delimiter", ";;"}, "want one character"},
		{[]string{"-csv", comma, "-delimiter", `"`}, "want one character"},
		{[]string{"-serve", "-csv", comma, "-drop", "id"}, "-serve"},
	} {
		code, _, stderr := runCmd(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

func TestHintLabel(t *testing.T) {
	ne := &datasets.NumberError{Column: "", Index: 3, Value: "x"}
	err := hintLabel(&datasets.ParseError{File: "f.csv", Line: 2, Err: ne})
	var got *datasets.NumberError
	if !errors.As(err, &got) || got != ne || !strings.HasSuffix(err.Error(), "use -label 3 (or -drop 3 to leave it out)") {
		t.Errorf("hint: %v", err)
	}
	other := errors.New("other")
	if hintLabel(other) != other || hintLabel(nil) != nil {
		t.Error("hintLabel changed an error that is not a NumberError")
	}
}
