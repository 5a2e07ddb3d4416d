package train

import (
	"errors"
	"fmt"
)

// An Error is what New and Run return when they fail: at which iteration,
// if the run had started, and why. Err is a *ConfigError for a Config that
// cannot be used, wraps ErrDiverged for a run whose numbers stopped being
// finite, and otherwise wraps the error of the package that failed. A run
// stopped by its context returns the context's error instead.
type Error struct {
	Iteration int // the iteration that failed; −1 before the first
	Err       error
}

func (e *Error) Error() string {
	switch {
	case e == nil:
		return "<nil>"
	case e.Err == nil:
		return "train: an Error without its error"
	}
	if e.Iteration < 0 {
		return "train: " + e.Err.Error()
	}
	return fmt.Sprintf("train: iteration %d: %v", e.Iteration, e.Err)
}

func (e *Error) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// fail returns err as an *Error at iteration i.
func fail(i int, err error) error { return &Error{Iteration: i, Err: err} }

// failf is fail of a formatted error.
func failf(i int, format string, args ...any) error { return fail(i, fmt.Errorf(format, args...)) }

// ErrDiverged is wrapped by the error of a run whose cost, gradients or
// weights stopped being finite numbers. It is always inside an *Error,
// which says at which iteration.
var ErrDiverged = errors.New("training diverged")

// ErrData is wrapped by the errors of New about labels other than 0 and 1
// or features that are not finite. Data of the wrong shape or dtype get
// errors wrapping graph.ErrShape or graph.ErrDtype.
var ErrData = errors.New("bad training data")

// A ConfigError is a Config field whose value New cannot use: the field,
// its value and what it allows. It is always inside an *Error.
type ConfigError struct {
	Field string // the Config field, e.g. "Iterations"
	Value any
	Want  string
}

func (e *ConfigError) Error() string {
	if e == nil {
		return "<nil>"
	}
	return fmt.Sprintf("Config.%s %v: want %s", e.Field, e.Value, e.Want)
}
