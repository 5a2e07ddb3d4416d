package filepos_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/gradlab/gradlab/internal/filepos"
)

func TestLineColumn(t *testing.T) {
	data := []byte("{\n  \"a\": 1,\n  \"b\"\n}")
	for _, tc := range []struct {
		off          int64
		line, column int
	}{
		{0, 1, 1}, {1, 1, 2}, {2, 2, 1}, {4, 2, 3}, {14, 3, 3}, {-5, 1, 1}, {1000, 4, 2},
	} {
		if l, c := filepos.LineColumn(data, tc.off); l != tc.line || c != tc.column {
			t.Errorf("offset %d: %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.column)
		}
	}
}

func TestFormat(t *testing.T) {
	err := errors.New("bad")
	for _, tc := range []struct {
		file         string
		line, column int
		want         string
	}{
		{"m.json", 3, 7, "m.json:3:7: bad"}, {"m.json", 0, 0, "m.json: bad"}, {"", 3, 7, "3:7: bad"}, {"", 0, 0, "bad"},
	} {
		if got := filepos.Format(tc.file, tc.line, tc.column, err); got != tc.want {
			t.Errorf("%q %d:%d: %q, want %q", tc.file, tc.line, tc.column, got, tc.want)
		}
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small, large := filepath.Join(dir, "small"), filepath.Join(dir, "large")
	if err := os.WriteFile(small, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(large, []byte("123456"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := filepos.ReadFile(small, 5); err != nil || string(data) != "12345" {
		t.Errorf("at the limit: %q, %v", data, err)
	}
	var tl *filepos.TooLargeError
	if _, err := filepos.ReadFile(large, 5); !errors.As(err, &tl) || tl.Size != "6 bytes" || tl.Limit != 5 {
		t.Errorf("over the limit: %v", err)
	}
	// A FIFO has no size ahead: its content is counted as it comes.
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	go func() {
		if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			f.Write([]byte("123456"))
			f.Close()
		}
	}()
	if _, err := filepos.ReadFile(fifo, 5); !errors.As(err, &tl) || tl.Size != "the content" {
		t.Errorf("a FIFO over the limit: %v", err)
	}
	if _, err := filepos.ReadFile(filepath.Join(dir, "none"), 5); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}
