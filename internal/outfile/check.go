package outfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// Check reports, as an *Error with Op "check", whether Write could not
// write path: the path is empty or a directory, its directory does not
// exist, or the process may not write there. A regular file or a new path
// needs a writable directory, since it is replaced by a rename; a device or
// FIFO needs to be writable itself. The test is access(2) with the
// effective user, so that for root only a read-only file system fails it,
// as it fails root's writes; Write can still fail later, for reasons Check
// cannot see (a full disk, a path changed meanwhile).
func Check(path string) error {
	if path == "" {
		return &Error{Op: "check", Path: path, Err: errNoPath}
	}
	if err := check(path); err != nil {
		return &Error{Op: "check", Path: path, Err: err}
	}
	return nil
}

func check(path string) error {
	fi, err := os.Stat(path) // the kernel's links first, as in WriteContext
	switch {
	case err == nil && fi.IsDir():
		return syscall.EISDIR
	case err == nil && !fi.Mode().IsRegular():
		return bare(writable(path, unix.W_OK))
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return bare(err)
	}
	target, fd, err := resolve(path)
	switch {
	case err != nil:
		return bare(err)
	case fd && fi != nil:
		return bare(writable(path, unix.W_OK)) // written in place
	}
	dir := filepath.Dir(target)
	if fi, err := os.Stat(dir); err != nil {
		return fmt.Errorf("directory %s: %w", dir, bare(err))
	} else if !fi.IsDir() {
		return fmt.Errorf("directory %s: %w", dir, syscall.ENOTDIR)
	}
	if err := writable(dir, unix.W_OK|unix.X_OK); err != nil {
		return fmt.Errorf("directory %s: %w", dir, err)
	}
	return nil
}

func writable(path string, mode uint32) error {
	return unix.Faccessat(unix.AT_FDCWD, path, mode, unix.AT_EACCESS)
}

// Named is a path with the flag (or other name) that gave it, for errors.
type Named struct {
	Flag, Path string
}

// SameFileError says that an output names the same file as an input or as
// another output: writing it would destroy the other.
type SameFileError struct {
	Output Named
	Other  Named // an input, or an output given before Output
}

func (e *SameFileError) Error() string {
	a, b := e.Output, e.Other
	switch {
	case IsStdout(a.Path) && IsStdout(b.Path):
		return b.Flag + " and " + a.Flag + " both write to standard output"
	case a.Path == b.Path:
		return b.Flag + " and " + a.Flag + " name the same file " + a.Path
	}
	return b.Flag + " " + b.Path + " and " + a.Flag + " " + a.Path + " name the same file"
}

// Distinct returns a *SameFileError when an output names the same file as
// an input or as another output. Existing files are compared with
// os.SameFile, after symbolic links, so that a link, a hard link or another
// spelling of the path is found out; paths not yet there are compared as
// absolute paths whose directory's links are resolved. Empty paths (flags
// not given) are skipped, and so are character devices and sockets, such
// as a terminal or /dev/null, which two flags may share. "-" is taken for a
// stream: an input "-" is skipped, and two outputs "-" are an error; pass
// "./-" for a file of that name.
func Distinct(outputs, inputs []Named) error {
	outs := make([]identity, len(outputs))
	for i, o := range outputs {
		outs[i] = identify(o.Path)
		for j := range i {
			if outs[i].same(outs[j]) {
				return &SameFileError{Output: o, Other: outputs[j]}
			}
		}
	}
	for _, in := range inputs {
		if IsStdout(in.Path) {
			continue // standard input is not standard output
		}
		id := identify(in.Path)
		for i, o := range outs {
			if o.same(id) {
				return &SameFileError{Output: outputs[i], Other: in}
			}
		}
	}
	return nil
}

// identity is what a path names: an existing file, a path where none is
// yet, or standard output; none of them for a path skipped.
type identity struct {
	fi     fs.FileInfo
	abs    string
	stdout bool
}

func identify(path string) identity {
	switch {
	case path == "":
		return identity{}
	case IsStdout(path):
		return identity{stdout: true}
	}
	fi, err := os.Stat(path)
	if err == nil {
		if fi.Mode()&(fs.ModeCharDevice|fs.ModeSocket) != 0 {
			return identity{}
		}
		return identity{fi: fi}
	}
	target, _, err := resolve(path)
	if err != nil {
		target = path
	}
	abs, err := filepath.Abs(target)
	if err != nil {
		return identity{}
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(dir, filepath.Base(abs))
	}
	return identity{abs: abs}
}

func (a identity) same(b identity) bool {
	switch {
	case a.fi != nil && b.fi != nil:
		return os.SameFile(a.fi, b.fi)
	case a.abs != "":
		return a.abs == b.abs
	}
	return a.stdout && b.stdout
}
