package outfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	mustWrite(t, file, "x", 0o444) // replaced by a rename: its own bits do not matter
	mustSymlink(t, "nowhere/x", filepath.Join(dir, "dangling"))
	mustSymlink(t, "file", filepath.Join(dir, "link"))
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want error // nil, or what errors.Is finds
	}{
		{filepath.Join(dir, "new"), nil},
		{file, nil},
		{filepath.Join(dir, "link"), nil},
		{fifo, nil},
		{"", errNoPath},
		{dir, syscall.EISDIR},
		{filepath.Join(dir, "missing", "x"), fs.ErrNotExist},
		{filepath.Join(dir, "dangling"), fs.ErrNotExist},
		{filepath.Join(file, "x"), syscall.ENOTDIR},
	}
	for _, tt := range tests {
		err := Check(tt.path)
		if tt.want == nil {
			if err != nil {
				t.Errorf("Check(%q) = %v", tt.path, err)
			}
			continue
		}
		var e *Error
		if !errors.Is(err, tt.want) || !errors.As(err, &e) || e.Op != "check" || e.Path != tt.path {
			t.Errorf("Check(%q) = %v, want an *Error check on the path wrapping %v", tt.path, err, tt.want)
		}
	}
	if err := Check(filepath.Join(dir, "missing", "x")); err == nil || !strings.Contains(err.Error(), "directory "+filepath.Join(dir, "missing")) {
		t.Errorf("Check on a missing directory = %v, want it to name the directory", err)
	}
}

// A directory the process may not write in fails Check. Root may write in
// any directory of a writable file system, so as root the directory is a
// read-only bind mount in a mount namespace of a child's own.
func TestCheckReadOnly(t *testing.T) {
	dir := t.TempDir()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(dir, 0o700)
		if err := Check(filepath.Join(dir, "x")); !errors.Is(err, fs.ErrPermission) {
			t.Errorf("Check in a 0500 directory = %v, want permission denied", err)
		}
		return
	}
	out := strings.TrimSpace(string(helper(t, "rofs", dir)))
	if strings.HasPrefix(out, "SKIP") {
		t.Skip("as root only a read-only file system fails the check, and none could be made:", out)
	}
	want := (&Error{Op: "check", Path: filepath.Join(dir, "x"), Err: errors.New("directory " + dir + ": " + syscall.EROFS.Error())}).Error()
	if out != want {
		t.Errorf("Check on a read-only bind mount = %q, want %q", out, want)
	}
}

func TestDistinct(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	mustWrite(t, "data.csv", "x", 0o644)
	mustWrite(t, "other.csv", "x", 0o644)
	if err := os.Link("data.csv", "hard.csv"); err != nil {
		t.Fatal(err)
	}
	mustSymlink(t, "data.csv", "link.csv")
	if err := os.Mkdir("sub", 0o755); err != nil {
		t.Fatal(err)
	}
	mustSymlink(t, "sub", "subdir")
	abs := func(p string) string { return filepath.Join(dir, p) }

	tests := []struct {
		name            string
		outputs, inputs []Named
		want            string // the *SameFileError's text, or "" for none
	}{
		{"distinct", []Named{{"-out", "out.csv"}, {"-save", "m.json"}}, []Named{{"-csv", "data.csv"}, {"-load", "other.csv"}}, ""},
		{"same path as input", []Named{{"-out", "data.csv"}}, []Named{{"-predict", "data.csv"}},
			"-predict and -out name the same file data.csv"},
		{"input via symlink", []Named{{"-out", "link.csv"}}, []Named{{"-csv", "data.csv"}},
			"-csv data.csv and -out link.csv name the same file"},
		{"input via hard link", []Named{{"-out", "hard.csv"}}, []Named{{"-load", "data.csv"}},
			"-load data.csv and -out hard.csv name the same file"},
		{"input via ./ and ../", []Named{{"-out", "./data.csv"}}, []Named{{"-csv", "../" + filepath.Base(dir) + "/data.csv"}},
			"-csv ../" + filepath.Base(dir) + "/data.csv and -out ./data.csv name the same file"},
		{"input via absolute path", []Named{{"-out", abs("data.csv")}}, []Named{{"-csv", "data.csv"}},
			"-csv data.csv and -out " + abs("data.csv") + " name the same file"},
		{"two existing outputs", []Named{{"-plot", "data.csv"}, {"-save", "link.csv"}}, nil,
			"-plot data.csv and -save link.csv name the same file"},
		{"two new outputs", []Named{{"-plot", "new.png"}, {"-plot-cost", "./sub/../new.png"}}, nil,
			"-plot new.png and -plot-cost ./sub/../new.png name the same file"},
		{"new outputs via a linked directory", []Named{{"-save", "sub/m.json"}, {"-out", abs("subdir/m.json")}}, nil,
			"-save sub/m.json and -out " + abs("subdir/m.json") + " name the same file"},
		{"new outputs, same name in two directories", []Named{{"-save", "m.json"}, {"-out", "sub/m.json"}}, nil, ""},
		{"dangling link onto a new output", []Named{{"-save", "m.json"}, {"-out", "dangling"}}, nil,
			"-save m.json and -out dangling name the same file"},
		{"empty paths", []Named{{"-out", ""}, {"-save", ""}}, []Named{{"-load", ""}}, ""},
		{"two standard outputs", []Named{{"-out", "-"}, {"-export-data", "-"}}, nil,
			"-out and -export-data both write to standard output"},
		{"standard input and output", []Named{{"-out", "-"}}, []Named{{"-predict", "-"}}, ""},
		{"a file named -", []Named{{"-out", "./-"}}, []Named{{"-predict", "-"}}, ""},
	}
	mustSymlink(t, "m.json", "dangling")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Distinct(tt.outputs, tt.inputs)
			if tt.want == "" {
				if err != nil {
					t.Errorf("Distinct = %v", err)
				}
				return
			}
			var e *SameFileError
			if !errors.As(err, &e) || err.Error() != tt.want {
				t.Errorf("Distinct = %v, want a *SameFileError %q", err, tt.want)
			}
		})
	}
}

// Character devices such as a terminal or /dev/null may be shared.
func TestDistinctDevice(t *testing.T) {
	null := mknod(t, "null", 1, 3)
	if err := Distinct([]Named{{"-out", null}, {"-save", null}}, []Named{{"-predict", null}}); err != nil {
		t.Errorf("Distinct on a shared null device = %v", err)
	}
}
