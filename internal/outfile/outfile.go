// Package outfile writes a program's output files without destroying what
// their paths name.
//
// What Write does depends on what the path names once symbolic links are
// followed:
//
//   - A regular file or nothing yet: the output is written to a temporary
//     file in the same directory, which is synced, renamed over the path and
//     followed by a sync of the directory, so that a crash or an error leaves
//     either the old content or the new, never half of either. An existing
//     file keeps its permission bits (and, when the process runs as root,
//     its owner and group); a new one gets 0666 minus the umask, as a shell's
//     redirection would make it. No temporary file is left behind when
//     Write returns or panics, and RemoveTemps removes the ones of Writes
//     still running, for a program that must exit at once.
//   - A symbolic link: the file at the end of the chain of links is replaced
//     as above and the link stays a link. A dangling link creates the file it
//     points to, as a shell's redirection does.
//   - A hard link: the path gets a new file; the other names of the old one
//     keep the old content. A rename cannot replace all names of a file.
//   - A device, FIFO or socket (a terminal, /dev/null, a named pipe), or
//     a file reached through an open file descriptor (/dev/stdout,
//     /dev/fd/N, /proc/self/fd/N) whatever it is: written directly, opened
//     for writing without creating or truncating, never renamed over. A
//     regular file reached through a descriptor is appended to, as writes to
//     the descriptor would be: renaming over it would leave the descriptor's
//     other writes in a file no name reaches. Opening a FIFO waits for a reader; WriteContext's
//     context ends the wait. A stream cannot be written atomically: when the
//     write function fails, what it wrote so far has been sent.
//   - A directory: an error.
//
// The path "-" is an ordinary file name here: a program in which it means
// standard output tests IsStdout and writes there itself.
//
// Check and Distinct test output paths before a program starts its work, so
// that a bad path fails in a second, not after an hour of training.
//
// Nothing here defends against another process changing the paths while
// Write runs: a path that becomes a device between the look and the rename
// is renamed over.
package outfile

import (
	"bufio"
	"context"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"golang.org/x/sys/unix"
)

// Error is the error of Write, WriteContext, WriteFile and Check: what
// failed, on which path, and why. Its text has no package prefix, like *fs.PathError,
// because callers name the flag or the file themselves.
type Error struct {
	Op   string // "check", "open", "create", "write", "sync", "rename", "chmod", "chown" or "close"
	Path string // as the caller gave it
	Err  error  // an errno such as syscall.ENOSPC, or the write function's error
}

func (e *Error) Error() string {
	return e.Op + " " + e.Path + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// errNoPath is the error of an empty path.
var errNoPath = errors.New("empty path")

// IsStdout reports whether path is "-", which names standard output where
// a program writes a stream.
func IsStdout(path string) bool { return path == "-" }

// Write writes what write produces to path, as the package doc says. The
// writer write gets is buffered; Write flushes it.
func Write(path string, write func(io.Writer) error) error {
	return WriteContext(context.Background(), path, write)
}

// WriteFile writes data to path, as Write does.
func WriteFile(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteContext is Write whose wait for a FIFO's reader ends with ctx; it
// then returns an *Error wrapping ctx.Err(). Once the output is open, ctx
// is not looked at: write may watch it itself.
func WriteContext(ctx context.Context, path string, write func(io.Writer) error) error {
	if path == "" {
		return &Error{Op: "open", Path: path, Err: errNoPath}
	}
	// The kernel follows the links first: /dev/stdout's /proc/self/fd/1
	// may read "pipe:[1234]", a link no path can follow.
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return &Error{Op: "open", Path: path, Err: syscall.EISDIR}
	case err == nil && !fi.Mode().IsRegular():
		return stream(ctx, path, fi, write)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return &Error{Op: "open", Path: path, Err: bare(err)}
	}
	target, fd, err := resolve(path)
	if err != nil {
		return &Error{Op: "open", Path: path, Err: bare(err)}
	}
	if fd && fi != nil {
		return stream(ctx, path, fi, write)
	}
	return replace(path, target, fi, write)
}

// resolve follows the chain of symbolic links that starts at path, even one
// that ends nowhere, and returns where it ends; filepath.EvalSymlinks fails
// on a dangling link. A relative link is joined to its directory with the
// directory's own links resolved, so that a ".." in it means what it means
// to the kernel, not to filepath.Clean. It reports whether the chain passes
// through a directory of open file descriptors, as /dev/stdout does.
func resolve(path string) (target string, fd bool, err error) {
	for range 255 { // Linux gives up after 40 links; be generous, not endless
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return path, fd, nil
		}
		if err != nil {
			return "", false, err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return path, fd, nil
		}
		link, err := os.Readlink(path)
		if err != nil {
			return "", false, err
		}
		dir, err := filepath.EvalSymlinks(filepath.Dir(path))
		if err != nil {
			return "", false, err
		}
		fd = fd || fdDir.MatchString(dir)
		if !filepath.IsAbs(link) {
			link = filepath.Join(dir, link)
		}
		path = link
	}
	return "", false, syscall.ELOOP
}

// fdDir matches the directories of a process's open file descriptors, where
// /dev/fd, /proc/self/fd and /proc/thread-self/fd lead.
var fdDir = regexp.MustCompile(`^/proc/[0-9]+/(task/[0-9]+/)?fd$`)

// bare strips an *fs.PathError, whose path is one the caller never gave.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// stream writes to an existing file that is not a regular file, in place.
func stream(ctx context.Context, path string, fi fs.FileInfo, write func(io.Writer) error) error {
	f, err := openStream(ctx, path, fi.Mode())
	if err != nil {
		return &Error{Op: "open", Path: path, Err: err}
	}
	err = writeTo(f, path, write)
	if cerr := f.Close(); cerr != nil && err == nil {
		err = &Error{Op: "close", Path: path, Err: bare(cerr)}
	}
	return err
}

// openStream opens target for writing without creating or truncating it,
// a regular file for appending.
// A FIFO without a reader is opened without blocking, which fails with
// ENXIO, and tried again until a reader comes or ctx ends. O_NOCTTY keeps
// a terminal from becoming the process's controlling terminal.
func openStream(ctx context.Context, target string, mode fs.FileMode) (*os.File, error) {
	flags := unix.O_WRONLY | unix.O_NONBLOCK | unix.O_NOCTTY | unix.O_CLOEXEC
	if mode.IsRegular() {
		flags |= unix.O_APPEND
	}
	fifo := mode&fs.ModeNamedPipe != 0
	wait := time.Millisecond
	for {
		fd, err := unix.Open(target, flags, 0)
		if err == nil {
			// The writes may block: the runtime gives them a thread.
			if err := unix.SetNonblock(fd, false); err != nil {
				unix.Close(fd)
				return nil, err
			}
			return os.NewFile(uintptr(fd), target), nil
		}
		if err == unix.EINTR {
			continue
		}
		if err != unix.ENXIO || !fifo {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 50*time.Millisecond)
	}
}

// writeTo runs write on a buffer in front of f and flushes it. The write
// function's error is kept whole: it may be about another file.
func writeTo(f *os.File, path string, write func(io.Writer) error) error {
	bw := bufio.NewWriterSize(bareWriter{f}, 64<<10)
	if err := write(bw); err != nil {
		return &Error{Op: "write", Path: path, Err: err}
	}
	if err := bw.Flush(); err != nil {
		return &Error{Op: "write", Path: path, Err: err}
	}
	return nil
}

// bareWriter writes to a file and returns its errors without the file's
// name, which may be a temporary one the caller never gave.
type bareWriter struct{ f *os.File }

func (w bareWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	return n, bare(err)
}

// replace writes a temporary file beside target and renames it over
// target; old describes the file it replaces, nil when there is none.
// Between the look and the rename, target may have changed: see the
// package doc.
func replace(path, target string, old fs.FileInfo, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(target)
	tmp, err := createTemp(dir, filepath.Base(target))
	if err != nil {
		return &Error{Op: "create", Path: path, Err: bare(err)}
	}
	name := tmp.Name()
	track(name)
	defer func() {
		if name != "" { // not renamed: on an error or a panic in write
			tmp.Close()
			os.Remove(name)
			untrack(name)
		}
	}()
	if old != nil {
		if err := keepAttrs(tmp, old, path); err != nil {
			return err
		}
	}
	if err := writeTo(tmp, path, write); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return &Error{Op: "sync", Path: path, Err: bare(err)}
	}
	if err := tmp.Close(); err != nil {
		return &Error{Op: "close", Path: path, Err: bare(err)}
	}
	if err := renameTracked(name, target); err != nil {
		return &Error{Op: "rename", Path: path, Err: bare(err)}
	}
	name = ""
	if err := syncDir(dir); err != nil {
		return &Error{Op: "sync", Path: path, Err: bare(err)}
	}
	return nil
}

// createTemp creates a new file in dir whose name begins with a dot and as
// much of base as the file system's name limit leaves room for. It is
// created with mode 0666 so that the kernel applies the umask: reading the
// umask with syscall.Umask would change it for the whole process meanwhile.
func createTemp(dir, base string) (*os.File, error) {
	const suffix = 1 + 8 + 4 // "-" + 8 hex digits + ".tmp"
	if room := nameMax(dir) - 1 - suffix; len(base) > room {
		base = base[:max(room, 0)]
		for base != "" { // no half rune at the end of the name
			if r, size := utf8.DecodeLastRuneInString(base); r != utf8.RuneError || size > 1 {
				break
			}
			base = base[:len(base)-1]
		}
	}
	for range 10000 {
		rnd := strconv.FormatUint(uint64(rand.Uint32())|1<<32, 16)[1:]
		name := filepath.Join(dir, "."+base+"-"+rnd+".tmp")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, syscall.EEXIST
}

// keepAttrs gives tmp the permission bits of the file it replaces and, as
// root, its owner and group.
func keepAttrs(tmp *os.File, old fs.FileInfo, path string) error {
	if err := tmp.Chmod(old.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)); err != nil {
		return &Error{Op: "chmod", Path: path, Err: bare(err)}
	}
	st, ok := old.Sys().(*syscall.Stat_t)
	if !ok || os.Geteuid() != 0 {
		return nil
	}
	if err := tmp.Chown(int(st.Uid), int(st.Gid)); err != nil {
		return &Error{Op: "chown", Path: path, Err: bare(err)}
	}
	// chown clears the set-user-ID and set-group-ID bits.
	if old.Mode()&(fs.ModeSetuid|fs.ModeSetgid) != 0 {
		if err := tmp.Chmod(old.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)); err != nil {
			return &Error{Op: "chmod", Path: path, Err: bare(err)}
		}
	}
	return nil
}

// syncDir makes a rename in dir durable. File systems that cannot sync a
// directory say EINVAL; there is nothing more to do on them.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if errors.Is(err, syscall.EINVAL) {
		err = nil
	}
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// temps holds the names of the temporary files of the Writes running, for
// RemoveTemps. A name leaves it under the lock with its rename, so that
// RemoveTemps and a rename never race: either the rename has happened and
// the output is whole, or the temporary file is gone and the rename fails.
var temps struct {
	sync.Mutex
	names map[string]bool
}

func track(name string) {
	temps.Lock()
	defer temps.Unlock()
	if temps.names == nil {
		temps.names = make(map[string]bool)
	}
	temps.names[name] = true
}

func untrack(name string) {
	temps.Lock()
	defer temps.Unlock()
	delete(temps.names, name)
}

func renameTracked(name, target string) error {
	temps.Lock()
	defer temps.Unlock()
	if !temps.names[name] {
		return fs.ErrNotExist // RemoveTemps took it
	}
	if err := os.Rename(name, target); err != nil {
		return err
	}
	delete(temps.names, name)
	return nil
}

// RemoveTemps removes the temporary files of the Writes still running,
// whose renames will then fail. A program calls it before it exits without
// returning from them, as on a second Ctrl-C; outputs already renamed
// stay. It returns the first error of a removal.
func RemoveTemps() error {
	temps.Lock()
	defer temps.Unlock()
	var first error
	for name := range temps.names {
		if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) && first == nil {
			first = err
		}
		delete(temps.names, name)
	}
	return first
}
