package main

import (
	"context"
	"io"
	"os"
)

// stdin is what an input named "-" reads.
var stdin io.Reader = os.Stdin

// openInput opens path for reading once, streaming, or standard input for
// "-". Opening a FIFO blocks until a writer opens it, so the open runs
// aside: a signal still stops the command while it waits. What it returns
// stops reading once ctx is done.
func openInput(ctx context.Context, path string) (io.ReadCloser, error) {
	if path == "-" {
		return ctxReader{ctx, io.NopCloser(stdin)}, nil
	}
	type opened struct {
		f   *os.File
		err error
	}
	done := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		done <- opened{f, err}
	}()
	select {
	case o := <-done:
		if o.err != nil {
			return nil, o.err
		}
		return ctxReader{ctx, o.f}, nil
	case <-ctx.Done():
		// The open may still succeed; the file is closed when it does.
		go func() {
			if o := <-done; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

// ctxReader reads from r until ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.ReadCloser
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func (c ctxReader) Close() error { return c.r.Close() }
