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

	"github.com/gradlab/gradlab/nn/train"
)

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first signal lets the current step finish and the run
		// report and save what it has; a second one quits at once.
		sig := <-sigs
		cancel(interrupted{sig})
		fmt.Fprintln(os.Stderr, "train: interrupted: finishing the step and saving; interrupt again to quit now")
		os.Exit(interrupted{<-sigs}.code())
	}()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, isTerminal(os.Stderr)))
}

// interrupted is the cause of a run cancelled by a signal.
type interrupted struct{ sig os.Signal }

func (i interrupted) Error() string { return "interrupted by " + i.sig.String() }

// code is the shell's exit status for a process killed by the signal:
// 128 + its number, 130 for SIGINT and 143 for SIGTERM.
func (i interrupted) code() int {
	if s, ok := i.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
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
	if o.predict != "" {
		err = predict(o, stdout, stderr)
	} else {
		var s *session
		if s, err = newSession(o, stdout, stderr, progress && !o.quiet && !o.json); err == nil {
			err = s.run(ctx)
		}
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, context.Canceled):
		var sig interrupted
		if errors.As(context.Cause(ctx), &sig) {
			return sig.code()
		}
		return 130
	}
	// The errors of package train already start with its name, which is
	// also this command's.
	if _, ok := err.(*train.Error); ok {
		fmt.Fprintln(stderr, err)
	} else {
		fmt.Fprintf(stderr, "train: %v\n", err)
	}
	return 1
}

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
