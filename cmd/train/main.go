// Command train trains a binary classifier with gradlab and reports its
// cost and accuracy. With no flags it trains the planar-data exercise and
// prints the notebook's cost table; -h lists the flags with examples.
//
// Results go to standard output; errors, and a progress bar when standard
// error is a terminal, go to standard error. The exit status is 2 for a bad
// command line, 1 for a failure, and 130 or 143 when interrupted by SIGINT
// or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, isTerminal(os.Stderr))
	stop()
	os.Exit(code)
}

// run is the whole command, apart from the process: it returns the exit
// status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, progress bool) int {
	o, err := parse(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\nRun 'train -h' for usage.\n", err)
		return 2
	}
	s, err := newSession(o, stdout, stderr, progress && !o.quiet && !o.json)
	if err == nil {
		err = s.run(ctx)
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "train: interrupted")
		return 130
	}
	fmt.Fprintf(stderr, "train: %v\n", err)
	return 1
}

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
