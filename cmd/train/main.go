// Command train trains a binary classifier with gradlab and reports its
// cost and accuracy. With no flags it trains the planar-data exercise and
// prints the notebook's cost table; -h lists the flags with examples.
//
// Results go to standard output; errors, and a progress bar when standard
// error is a terminal, go to standard error. The exit status is 2 for a bad
// command line, 1 for a failure, and 128 plus the signal's number when a
// signal stopped the run: 129 for SIGHUP, 130 for SIGINT (Ctrl-C), 141 for
// SIGPIPE (the reader of standard output went away) and 143 for SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/gradlab/gradlab/internal/outfile"
	"github.com/gradlab/gradlab/nn/train"
)

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGPIPE)
	go func() {
		// The first signal lets the current step finish and the run
		// report and save what it has; a second one quits at once. Once
		// standard output is a broken pipe every write to it raises
		// another SIGPIPE, so those are not a second signal.
		sig := <-sigs
		cancel(interrupted{sig})
		if sig != syscall.SIGPIPE {
			fmt.Fprintln(os.Stderr, "train: interrupted: finishing the step and saving; interrupt again to quit now")
		}
		for s := range sigs {
			if s != syscall.SIGPIPE {
				outfile.RemoveTemps() // of an output being written: none is left behind
				os.Exit(interrupted{s}.code())
			}
		}
	}()
	os.Exit(safely(os.Stderr, func() int { return run(ctx, os.Args[1:], os.Stdout, os.Stderr, isTerminal(os.Stderr)) }))
}

// safely returns f's status, and reports a crash as a failure, status 1:
// Go's own status for a panic, 2, is the command line's for bad usage.
func safely(stderr io.Writer, f func() int) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "train: internal error (a bug: please report it): %v\n%s", r, debug.Stack())
			code = 1
		}
	}()
	return f()
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
		return usage(stderr, err)
	}
	if err = checkOutputs(o); err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			return usage(stderr, err)
		}
		fmt.Fprintf(stderr, "train: %v\n", err)
		return 1
	}
	switch {
	case o.lesson:
		err = runLesson(ctx, o, stdout)
	case o.serve:
		err = servePage(ctx, o, stdout, stderr)
	case o.predict != "":
		err = predict(ctx, o, stdout, stderr)
	default:
		var s *session
		if s, err = newSession(ctx, o, stdout, stderr, progress && !o.quiet && !o.json); err == nil {
			err = s.run(ctx)
		}
	}
	if ctx.Err() != nil {
		return stopped(ctx, err, stderr)
	}
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue): // found when the data are made
		return usage(stderr, err)
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

// usage reports a bad command line: one line and a hint, status 2.
func usage(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "train: %v\nRun 'train -h' for usage.\n", err)
	return 2
}

// stopped is the exit status of a run that a signal stopped. What the run
// kept it kept; an error other than the interruption itself is still
// reported, except a write to a reader that went away after SIGPIPE.
func stopped(ctx context.Context, err error, stderr io.Writer) int {
	code := 130
	var sig interrupted
	if errors.As(context.Cause(ctx), &sig) {
		code = sig.code()
	}
	if err != nil && !errors.Is(err, context.Canceled) && !(sig.sig == syscall.SIGPIPE && errors.Is(err, syscall.EPIPE)) {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return 1
	}
	return code
}

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
