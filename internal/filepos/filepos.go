// Package filepos says where in a file a problem is, for the decoders of
// gradlab's JSON files (nn/model's models, nn/train's checkpoints): the line
// and column of a byte offset, the "file:line:column: " form of an error's
// place, and a read of a file bounded in size.
package filepos

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// LineColumn returns the 1-based line and column (in bytes) of offset off
// of data; an offset outside data is taken to its nearest end.
func LineColumn(data []byte, off int64) (line, column int) {
	p := max(min(off, int64(len(data))), 0)
	line = 1 + bytes.Count(data[:p], []byte("\n"))
	column = int(p) - bytes.LastIndexByte(data[:p], '\n')
	return line, column
}

// Format writes err at its place as the go tool and compilers do:
// "file:line:column: err", leaving out the file when it is "" and the
// line and column when line is 0.
func Format(file string, line, column int, err error) string {
	switch {
	case file != "" && line > 0:
		return fmt.Sprintf("%s:%d:%d: %v", file, line, column, err)
	case file != "":
		return fmt.Sprintf("%s: %v", file, err)
	case line > 0:
		return fmt.Sprintf("%d:%d: %v", line, column, err)
	}
	return err.Error()
}

// A TooLargeError is a file over the size limit of ReadFile.
type TooLargeError struct {
	// Size is how much is known: "123 bytes" from the file's size, or
	// "the content" of a file whose size was not known ahead (a FIFO).
	Size  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is over the limit of %d bytes", e.Size, e.Limit)
}

// ReadFile returns the content of the file at path, or a *TooLargeError
// when it is longer than limit bytes: a regular file is refused from its
// size before it is read, anything else once limit+1 bytes have come.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > limit {
		return nil, &TooLargeError{Size: fmt.Sprintf("%d bytes", st.Size()), Limit: limit}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Size: "the content", Limit: limit}
	}
	return data, nil
}
