package outfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/sys/unix"
)

const newContent = "new content\n"

func writeNew(w io.Writer) error {
	_, err := io.WriteString(w, newContent)
	return err
}

func mustWrite(t *testing.T, path, content string, mode fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // WriteFile's mode is under the umask
		t.Fatal(err)
	}
}

func mustSymlink(t *testing.T, old, new string) {
	t.Helper()
	if err := os.Symlink(old, new); err != nil {
		t.Fatal(err)
	}
}

func content(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// noTemps fails when dir holds a temporary file of Write's.
func noTemps(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left in %s", e.Name(), dir)
		}
	}
}

// The file Write replaces: its content, mode and where it is, for every
// kind of path that ends at a regular file or at nothing.
func TestWriteRegular(t *testing.T) {
	long := strings.Repeat("x", 255)
	longRunes := strings.Repeat("é", 127) + "x" // 255 bytes, a temp prefix cut could split a rune
	tests := []struct {
		name string
		// setup makes dir's content and returns the path to write and the
		// file that must get the new content.
		setup func(t *testing.T, dir string) (path, file string)
		mode  fs.FileMode // wanted mode of file; 0 for a new file's 0666&^umask
		check func(t *testing.T, dir string)
	}{
		{name: "existing 0600", mode: 0o600, setup: func(t *testing.T, dir string) (string, string) {
			p := filepath.Join(dir, "x")
			mustWrite(t, p, "old", 0o600)
			return p, p
		}},
		{name: "existing 0755", mode: 0o755, setup: func(t *testing.T, dir string) (string, string) {
			p := filepath.Join(dir, "x")
			mustWrite(t, p, "old", 0o755)
			return p, p
		}},
		{name: "existing 0444", mode: 0o444, setup: func(t *testing.T, dir string) (string, string) {
			p := filepath.Join(dir, "x")
			mustWrite(t, p, "old", 0o444)
			return p, p
		}},
		{name: "new", setup: func(t *testing.T, dir string) (string, string) {
			p := filepath.Join(dir, "x")
			return p, p
		}},
		{name: "255-byte name, new", setup: func(t *testing.T, dir string) (string, string) {
			p := filepath.Join(dir, long)
			return p, p
		}},
		{name: "255-byte name, existing", mode: 0o640, setup: func(t *testing.T, dir string) (string, string) {
			p := filepath.Join(dir, long)
			mustWrite(t, p, "old", 0o640)
			return p, p
		}},
		{name: "255-byte name of two-byte runes", setup: func(t *testing.T, dir string) (string, string) {
			p := filepath.Join(dir, longRunes)
			return p, p
		}},
		{name: "absolute symlink", mode: 0o600, setup: func(t *testing.T, dir string) (string, string) {
			file, link := filepath.Join(dir, "file"), filepath.Join(dir, "link")
			mustWrite(t, file, "old", 0o600)
			mustSymlink(t, file, link)
			return link, file
		}, check: func(t *testing.T, dir string) { isLink("link", filepath.Join(dir, "file"))(t, dir) }},
		{name: "relative symlink chain", mode: 0o644, setup: func(t *testing.T, dir string) (string, string) {
			for _, d := range []string{"a", "b"} {
				if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			file := filepath.Join(dir, "b", "file")
			mustWrite(t, file, "old", 0o644)
			mustSymlink(t, "../b/file", filepath.Join(dir, "a", "link2"))
			mustSymlink(t, "a/link2", filepath.Join(dir, "link"))
			return filepath.Join(dir, "link"), file
		}, check: func(t *testing.T, dir string) {
			isLink("link", "a/link2")(t, dir)
			isLink("a/link2", "../b/file")(t, dir)
			noTemps(t, filepath.Join(dir, "b"))
		}},
		{name: "relative symlink in a linked directory", mode: 0o600, setup: func(t *testing.T, dir string) (string, string) {
			// d/l is real/inner/l, whose ".." is real, not dir.
			if err := os.MkdirAll(filepath.Join(dir, "real", "inner"), 0o755); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "real", "f")
			mustWrite(t, file, "old", 0o600)
			mustSymlink(t, "real/inner", filepath.Join(dir, "d"))
			mustSymlink(t, "../f", filepath.Join(dir, "real", "inner", "l"))
			return filepath.Join(dir, "d", "l"), file
		}, check: func(t *testing.T, dir string) {
			isLink("real/inner/l", "../f")(t, dir)
			if _, err := os.Lstat(filepath.Join(dir, "f")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Write made %s: Lstat = %v", filepath.Join(dir, "f"), err)
			}
		}},
		{name: "dangling symlink", setup: func(t *testing.T, dir string) (string, string) {
			mustSymlink(t, "nowhere", filepath.Join(dir, "link"))
			return filepath.Join(dir, "link"), filepath.Join(dir, "nowhere")
		}, check: isLink("link", "nowhere")},
		{name: "hard link", mode: 0o600, setup: func(t *testing.T, dir string) (string, string) {
			p, other := filepath.Join(dir, "x"), filepath.Join(dir, "other")
			mustWrite(t, p, "old", 0o600)
			if err := os.Link(p, other); err != nil {
				t.Fatal(err)
			}
			return p, p
		}, check: func(t *testing.T, dir string) {
			if got := content(t, filepath.Join(dir, "other")); got != "old" {
				t.Errorf("other name of the hard link holds %q, want the old content", got)
			}
		}},
	}
	umask := currentUmask(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path, file := tt.setup(t, dir)
			if err := Write(path, writeNew); err != nil {
				t.Fatal(err)
			}
			if got := content(t, file); got != newContent {
				t.Errorf("%s holds %q, want %q", file, got, newContent)
			}
			want := tt.mode
			if want == 0 {
				want = 0o666 &^ umask
			}
			fi, err := os.Lstat(file)
			if err != nil {
				t.Fatal(err)
			}
			if !fi.Mode().IsRegular() || fi.Mode().Perm() != want {
				t.Errorf("%s has mode %v, want a regular file with %v", file, fi.Mode(), want)
			}
			noTemps(t, dir)
			if tt.check != nil {
				tt.check(t, dir)
			}
		})
	}
}

// isLink checks that dir/name is still a symbolic link to target.
func isLink(name, target string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		got, err := os.Readlink(filepath.Join(dir, name))
		if err != nil || got != target {
			t.Errorf("%s: Readlink = %q, %v; want a link to %q", name, got, err, target)
		}
	}
}

// currentUmask asks a shell, which inherits this process's umask, so that
// the test does not read it the way the package works around.
func currentUmask(t *testing.T) fs.FileMode {
	t.Helper()
	out, err := exec.Command("/bin/sh", "-c", "umask").Output()
	if err != nil {
		t.Fatal(err)
	}
	m, err := strconv.ParseUint(strings.TrimSpace(string(out)), 8, 32)
	if err != nil {
		t.Fatal(err)
	}
	return fs.FileMode(m)
}

// A new file gets 0666 minus the umask, whatever the umask: a child process
// sets its own and writes one file under each.
func TestWriteUmask(t *testing.T) {
	want := map[int]fs.FileMode{0o022: 0o644, 0o027: 0o640, 0o077: 0o600, 0: 0o666, 0o137: 0o640}
	dir := t.TempDir()
	var args []string
	for umask := range want {
		args = append(args, strconv.Itoa(umask))
	}
	helper(t, append([]string{"umask", dir}, args...)...)
	for umask, mode := range want {
		fi, err := os.Stat(filepath.Join(dir, strconv.Itoa(umask)))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != mode {
			t.Errorf("umask %03o: mode %v, want %v", umask, fi.Mode(), mode)
		}
	}
}

// helper runs this test binary as a child that does one thing, given by
// args, and fails t when the child fails.
func helper(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "OUTFILE_HELPER="+strings.Join(args, "\n"))
	if args[0] == "rofs" {
		// A mount namespace of the child's own: the read-only bind mount
		// it makes is gone with it.
		cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	}
	out, err := cmd.CombinedOutput()
	if errors.Is(err, syscall.ENOEXEC) {
		// Under an emulator (CI's arm64 pass runs the tests in qemu) the
		// test binary is not one the kernel can start itself.
		t.Skipf("helper %q: this test binary cannot start itself here: %v", args, err)
	}
	if err != nil {
		t.Fatalf("helper %q: %v\n%s", args, err, out)
	}
	return out
}

// TestHelperProcess is the child of helper, not a test.
func TestHelperProcess(*testing.T) {
	env := os.Getenv("OUTFILE_HELPER")
	if env == "" {
		return
	}
	args := strings.Split(env, "\n")
	switch args[0] {
	case "umask": // dir, umasks...
		for _, arg := range args[2:] {
			m, _ := strconv.Atoi(arg)
			syscall.Umask(m) // a process of its own: nothing else reads it
			if err := Write(filepath.Join(args[1], arg), writeNew); err != nil {
				fmt.Println(err)
				os.Exit(1)
			}
		}
	case "rofs":
		dir := args[1]
		if err := unix.Mount(dir, dir, "", unix.MS_BIND, ""); err != nil {
			fmt.Println("SKIP bind mount:", err)
			break
		}
		if err := unix.Mount("", dir, "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
			fmt.Println("SKIP read-only remount:", err)
			break
		}
		fmt.Println(Check(filepath.Join(dir, "x")))
	}
	os.Exit(0)
}

// No temporary file stays after a write function's error or panic, or a
// rename that fails, and the old content stays.
func TestWriteFailureLeavesNothing(t *testing.T) {
	errWrite := errors.New("write failed")
	tests := []struct {
		name    string
		write   func(dir string) func(io.Writer) error
		wantErr error // errors.Is; nil for any
		wantOp  string
	}{
		{"write error", func(string) func(io.Writer) error {
			return func(w io.Writer) error {
				io.WriteString(w, "half")
				return errWrite
			}
		}, errWrite, "write"},
		{"rename over a directory", func(dir string) func(io.Writer) error {
			return func(w io.Writer) error {
				// x becomes a non-empty directory while it is written.
				if err := os.Remove(filepath.Join(dir, "x")); err != nil {
					return err
				}
				return os.MkdirAll(filepath.Join(dir, "x", "sub"), 0o755)
			}
		}, nil, "rename"}, // EISDIR or EEXIST, by file system
		{"RemoveTemps while writing", func(string) func(io.Writer) error {
			return func(w io.Writer) error {
				io.WriteString(w, "half")
				return RemoveTemps()
			}
		}, fs.ErrNotExist, "rename"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "x")
			mustWrite(t, path, "old", 0o644)
			err := Write(path, tt.write(dir))
			var e *Error
			if err == nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) || !errors.As(err, &e) || e.Op != tt.wantOp || e.Path != path {
				t.Fatalf("Write = %v, want an *Error %q on %s wrapping %v", err, tt.wantOp, path, tt.wantErr)
			}
			noTemps(t, dir)
			if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
				if got := content(t, path); got != "old" {
					t.Errorf("%s holds %q after a failed Write, want the old content", path, got)
				}
			}
		})
	}
	t.Run("panic", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "x")
		func() {
			defer func() {
				if recover() == nil {
					t.Error("the write function's panic did not come through")
				}
			}()
			Write(path, func(io.Writer) error { panic("in write") })
		}()
		noTemps(t, dir)
		if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("after a panic, Lstat(%s) = %v, want no file", path, err)
		}
	})
}

// Paths Write refuses, each with an *Error naming the path.
func TestWriteRefuses(t *testing.T) {
	dir := t.TempDir()
	loop := filepath.Join(dir, "loop")
	mustSymlink(t, "loop", loop)
	tests := []struct {
		path string
		want error
	}{
		{"", errNoPath},
		{dir, syscall.EISDIR},
		{loop, syscall.ELOOP},
		{filepath.Join(dir, "missing", "x"), fs.ErrNotExist},
	}
	for _, tt := range tests {
		err := Write(tt.path, writeNew)
		var e *Error
		if !errors.Is(err, tt.want) || !errors.As(err, &e) || e.Path != tt.path {
			t.Errorf("Write(%q) = %v, want an *Error on the path wrapping %v", tt.path, err, tt.want)
		}
	}
	noTemps(t, dir)
}

func TestWriteFile(t *testing.T) {
	for _, data := range []string{"", "a", strings.Repeat("0123456789", 20000)} {
		path := filepath.Join(t.TempDir(), "x")
		if err := WriteFile(path, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if got := content(t, path); got != data {
			t.Errorf("WriteFile of %d bytes: file holds %d bytes", len(data), len(got))
		}
	}
}

// createTemp's names fit the limit for any target name and cut no rune.
func TestCreateTempName(t *testing.T) {
	dir := t.TempDir()
	for _, base := range []string{"x", strings.Repeat("x", 255), strings.Repeat("é", 127) + "x",
		"x" + strings.Repeat("é", 127), strings.Repeat("€", 85), "\xff\xfe" + strings.Repeat("y", 253)} {
		f, err := createTemp(dir, base)
		if err != nil {
			t.Fatalf("base of %d bytes: %v", len(base), err)
		}
		f.Close()
		name := filepath.Base(f.Name())
		if len(name) > 255 || !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".tmp") {
			t.Errorf("temporary name %q (%d bytes) for a base of %d bytes", name, len(name), len(base))
		}
		if utf8.ValidString(base) && !utf8.ValidString(name) {
			t.Errorf("temporary name %q cuts a rune of %q", name, base)
		}
		os.Remove(f.Name())
	}
}

func mkfifo(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fifo")
	if err := unix.Mkfifo(path, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	return path
}

func isFIFO(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("Lstat(%s) = %v, %v; want a FIFO still", path, fi, err)
	}
}

// A FIFO is written in place and stays a FIFO.
func TestWriteFIFO(t *testing.T) {
	path := mkfifo(t)
	got := make(chan string)
	go func() {
		b, err := os.ReadFile(path) // blocks until Write opens the FIFO
		if err != nil {
			t.Error(err)
		}
		got <- string(b)
	}()
	data := strings.Repeat("row\n", 100000) // more than a pipe holds
	if err := WriteFile(path, []byte(data)); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(path); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		// The reader waits for a writer that will never come.
		t.Fatalf("Lstat(%s) = %v, %v; want a FIFO still", path, fi, err)
	}
	if s := <-got; s != data {
		t.Errorf("reader got %d bytes, want %d", len(s), len(data))
	}
	noTemps(t, filepath.Dir(path))
}

// Opening a FIFO without a reader waits until the context ends.
func TestWriteFIFOCancel(t *testing.T) {
	path := mkfifo(t)
	for _, tt := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"cancelled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(20*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 20*time.Millisecond)
		}, context.DeadlineExceeded},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.ctx()
			defer cancel()
			called := false
			err := WriteContext(ctx, path, func(io.Writer) error { called = true; return nil })
			var e *Error
			if !errors.Is(err, tt.want) || !errors.As(err, &e) || e.Op != "open" || e.Path != path {
				t.Errorf("WriteContext = %v, want an *Error open on %s wrapping %v", err, path, tt.want)
			}
			if called {
				t.Error("the write function ran without a reader")
			}
			isFIFO(t, path)
		})
	}
}

// mknod makes a character device in a temporary directory, as root only.
func mknod(t *testing.T, name string, major, minor uint32) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("making a device needs root")
	}
	path := filepath.Join(t.TempDir(), name)
	if err := unix.Mknod(path, unix.S_IFCHR|0o666, int(unix.Mkdev(major, minor))); err != nil {
		t.Skip("mknod:", err)
	}
	return path
}

// A character device is written in place, stays a device, and its write
// errors come back.
func TestWriteDevice(t *testing.T) {
	tests := []struct {
		name         string
		major, minor uint32
		want         error
	}{
		{"null", 1, 3, nil},
		{"full", 1, 7, syscall.ENOSPC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := mknod(t, tt.name, tt.major, tt.minor)
			err := Write(path, writeNew)
			if tt.want == nil && err != nil {
				t.Errorf("Write(%s) = %v", tt.name, err)
			}
			var e *Error
			if tt.want != nil && (!errors.Is(err, tt.want) || !errors.As(err, &e) || e.Path != path) {
				t.Errorf("Write(%s) = %v, want an *Error on %s wrapping %v", tt.name, err, path, tt.want)
			}
			fi, err := os.Lstat(path)
			if err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
				t.Errorf("Lstat = %v, %v; want a character device still", fi, err)
			}
			noTemps(t, filepath.Dir(path))
		})
	}
}

func TestErrorText(t *testing.T) {
	err := &Error{Op: "write", Path: "out.csv", Err: syscall.ENOSPC}
	if got, want := err.Error(), "write out.csv: no space left on device"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestIsStdout(t *testing.T) {
	for path, want := range map[string]bool{"-": true, "": false, "./-": false, "--": false, "/dev/stdout": false} {
		if got := IsStdout(path); got != want {
			t.Errorf("IsStdout(%q) = %v", path, got)
		}
	}
}

// The writer is buffered, and many small writes reach the file whole.
func TestWriteSmallWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x")
	var want bytes.Buffer
	err := Write(path, func(w io.Writer) error {
		for i := range 100000 {
			fmt.Fprintf(w, "%d,", i)
			fmt.Fprintf(&want, "%d,", i)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := content(t, path); got != want.String() {
		t.Errorf("file holds %d bytes, want %d", len(got), want.Len())
	}
}

// The write function's own error comes back whole, path and all.
func TestWriteKeepsWriteError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x")
	own := &fs.PathError{Op: "read", Path: "input.csv", Err: syscall.EIO}
	err := Write(path, func(io.Writer) error { return own })
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe != own {
		t.Errorf("Write = %v, want it to wrap the write function's *fs.PathError", err)
	}
	if want := "write " + path + ": read input.csv: input/output error"; err == nil || err.Error() != want {
		t.Errorf("Write = %v, want %q", err, want)
	}
}

// As root, a replaced file keeps its owner and group.
func TestWriteKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file away needs root")
	}
	path := filepath.Join(t.TempDir(), "x")
	mustWrite(t, path, "old", 0o640)
	const uid, gid = 65534, 65533
	if err := os.Chown(path, uid, gid); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, writeNew); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	if st.Uid != uid || st.Gid != gid || fi.Mode().Perm() != 0o640 {
		t.Errorf("after Write: owner %d:%d mode %v, want %d:%d -rw-r-----", st.Uid, st.Gid, fi.Mode(), uid, gid)
	}
}

// A link to a pipe through /proc/self/fd, as /dev/stdout is when standard
// output is a pipe, is written in place: its /proc link reads "pipe:[…]",
// which no path resolution can follow.
func TestWriteProcPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	proc := fmt.Sprintf("/proc/self/fd/%d", w.Fd())
	if _, err := os.Stat(proc); err != nil {
		t.Skip("no /proc:", err)
	}
	link := filepath.Join(t.TempDir(), "stdout")
	mustSymlink(t, proc, link)
	got := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		got <- string(b)
	}()
	for _, path := range []string{link, proc} {
		if err := Check(path); err != nil {
			t.Errorf("Check(%s) = %v", path, err)
		}
		if err := Write(path, writeNew); err != nil {
			t.Errorf("Write(%s) = %v", path, err)
		}
	}
	w.Close()
	if s := <-got; s != newContent+newContent {
		t.Errorf("pipe got %q, want %q twice", s, newContent)
	}
	isLink("stdout", proc)(t, filepath.Dir(link))
}

// A regular file reached through /proc/self/fd, as /dev/stdout is after
// "> file", is appended to in place, not renamed over: the descriptor
// would go on writing to a file no name reaches.
func TestWriteProcFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString("before\n"); err != nil {
		t.Fatal(err)
	}
	before, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	proc := fmt.Sprintf("/proc/self/fd/%d", f.Fd())
	if _, err := os.Stat(proc); err != nil {
		t.Skip("no /proc:", err)
	}
	if err := Check(proc); err != nil {
		t.Errorf("Check(%s) = %v", proc, err)
	}
	if err := Write(proc, writeNew); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("after\n"); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Errorf("%s was replaced by a new file", path)
	}
	if got, want := content(t, path), "before\n"+newContent+"after\n"; got != want {
		t.Errorf("%s holds %q, want %q", path, got, want)
	}
	noTemps(t, filepath.Dir(path))
}
