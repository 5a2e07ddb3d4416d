package gradcheck

import (
	"errors"
	"fmt"
	"strings"

	"gorgonia.org/gorgonia"
)

// Mode is how a check estimates and judges the gradients.
type Mode int

// The modes of a check; see the package documentation.
const (
	Full   Mode = iota // every element, central differences, per-element verdict
	Fast               // k random directions per node
	Sweep              // Full with an ε sweep per node, judged at each node's best ε
	Course             // the course's ε = 1e-7 and relative norm ≤ 2e-7
)

var modeNames = [...]string{Full: "full", Fast: "fast", Sweep: "sweep", Course: "course"}

// String returns the mode's name: full, fast, sweep or course.
func (m Mode) String() string {
	if m < 0 || int(m) >= len(modeNames) {
		return fmt.Sprintf("Mode(%d)", int(m))
	}
	return modeNames[m]
}

// MarshalText gives the mode's name, so that JSON carries it as text.
func (m Mode) MarshalText() ([]byte, error) {
	if m < 0 || int(m) >= len(modeNames) {
		return nil, &ConfigError{Field: "Mode", Value: m.String(), Allowed: strings.Join(modeNames[:], ", ")}
	}
	return []byte(m.String()), nil
}

// UnmarshalText reads a mode's name, so that a Mode is a flag.TextVar.
func (m *Mode) UnmarshalText(b []byte) error {
	for i, n := range modeNames {
		if string(b) == n {
			*m = Mode(i)
			return nil
		}
	}
	return &ConfigError{Field: "Mode", Value: string(b), Allowed: strings.Join(modeNames[:], ", ")}
}

// Defaults. Float64's step is PyTorch's gradcheck's, its tolerances
// tighter than PyTorch's (PyTorchAtol, PyTorchRtol), which pass any error
// below 1e-3 of an element by construction; the course's are the
// exercise's; float32's are explained in the package documentation.
const (
	DefaultEps  = 1e-6
	DefaultAtol = 1e-8
	DefaultRtol = 1e-5

	// PyTorch's gradcheck tolerances, for a check that matches its verdict:
	// WithTolerance(PyTorchAtol, PyTorchRtol).
	PyTorchAtol = 1e-5
	PyTorchRtol = 1e-3

	CourseEps       = 1e-7
	CourseThreshold = 2e-7

	Float32Eps  = 1e-2
	Float32Atol = 2e-3
	Float32Rtol = 2e-3

	DefaultDirections = 8
	DefaultMaxListed  = 20
)

// SweepEps are the steps of an ε sweep of a float64 graph, largest first.
// A float32 graph is swept over Float32SweepEps: smaller steps do not move
// a float32 value of order 1.
var (
	SweepEps        = []float64{1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10}
	Float32SweepEps = []float64{1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4}
)

// maxDiagnosed bounds the failing elements whose noise floor and kinks are
// examined (each costs about twenty forward runs); the rest count as
// failures. A gradient with more failures than this is wrong, not noisy.
const maxDiagnosed = 200

// Config sets up a check. Its zero value is a Full check of every node the
// program differentiates by, with the defaults of the graph's dtype.
type Config struct {
	Mode Mode `json:"mode"`
	// Eps, Atol and Rtol override the mode's and dtype's defaults when
	// they are not zero.
	Eps  float64 `json:"eps,omitempty"`
	Atol float64 `json:"atol,omitempty"`
	Rtol float64 `json:"rtol,omitempty"`
	// Threshold is Course's largest relative norm; zero means 2e-7.
	Threshold float64 `json:"threshold,omitempty"`
	// WRT lists the nodes to check; nil means every node the program
	// differentiates by (Program.WRT: the parameters, then the inputs
	// of graph.CompileWRT).
	WRT []*gorgonia.Node `json:"-"`
	// Directions is Fast's directions per node, Seed their seed.
	Directions int    `json:"directions,omitempty"`
	Seed       uint64 `json:"seed,omitempty"`
	// MaxListed caps each list of elements in the report; zero means 20.
	MaxListed int `json:"max_listed,omitempty"`
	// Sensitivity asks for the sensitivity report.
	Sensitivity bool `json:"sensitivity,omitempty"`
	// Examples is the m of the "1/m dropped" fault; zero means the last
	// dimension of the graph's first input, examples being columns.
	Examples int `json:"examples,omitempty"`
}

// Option changes a Config; Check takes options, Config.Check a Config.
type Option func(*Config)

// WithMode sets the mode.
func WithMode(m Mode) Option { return func(c *Config) { c.Mode = m } }

// WithEps sets the finite-difference step.
func WithEps(eps float64) Option { return func(c *Config) { c.Eps = eps } }

// WithTolerance sets the per-element tolerances.
func WithTolerance(atol, rtol float64) Option {
	return func(c *Config) { c.Atol, c.Rtol = atol, rtol }
}

// WithWRT checks the nodes given instead of the parameters.
func WithWRT(nodes ...*gorgonia.Node) Option { return func(c *Config) { c.WRT = nodes } }

// WithDirections sets Fast's directions per node and their seed.
func WithDirections(k int, seed uint64) Option {
	return func(c *Config) { c.Directions, c.Seed = k, seed }
}

// WithSensitivity asks for the sensitivity report.
func WithSensitivity() Option { return func(c *Config) { c.Sensitivity = true } }

// ConfigError is a configuration value that cannot be used.
type ConfigError struct {
	Field   string // the Config field
	Value   string // the value given
	Allowed string // what is allowed
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("gradcheck: %s %s: want %s", e.Field, e.Value, e.Allowed)
}

// StepError is a step ε too small to move an element in the graph's dtype:
// θ+ε and θ−ε round to the same value.
type StepError struct {
	Node  string
	Index []int
	Value float64
	Eps   float64
}

func (e *StepError) Error() string {
	return fmt.Sprintf("gradcheck: a step of %g does not move %s%v = %g in float32", e.Eps, e.Node, e.Index, e.Value)
}

// ErrNoGradients is returned for a program that computes no gradients.
var ErrNoGradients = errors.New("gradcheck: the program computes no gradients (compile it with graph.Compile or graph.CompileWRT)")

// ErrNotDifferentiated is wrapped by the error for a node of WRT that the
// program does not differentiate by.
var ErrNotDifferentiated = errors.New("gradcheck: node not differentiated by the program")

// settings are a Config with every default filled in.
type settings struct {
	Config
	f32 bool
}

func (c Config) settle(f32 bool) (settings, error) {
	if _, err := c.Mode.MarshalText(); err != nil {
		return settings{}, err
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"Eps", c.Eps}, {"Atol", c.Atol}, {"Rtol", c.Rtol}, {"Threshold", c.Threshold}} {
		if f.v < 0 || f.v != f.v {
			return settings{}, &ConfigError{Field: f.name, Value: fmt.Sprint(f.v), Allowed: "a number ≥ 0 (0: the default)"}
		}
	}
	if c.Directions < 0 || c.MaxListed < 0 || c.Examples < 0 {
		return settings{}, &ConfigError{Field: "Directions, MaxListed or Examples", Value: fmt.Sprint(c.Directions, c.MaxListed, c.Examples), Allowed: "counts ≥ 0 (0: the default)"}
	}
	eps, atol, rtol := DefaultEps, DefaultAtol, DefaultRtol
	if f32 {
		eps, atol, rtol = Float32Eps, Float32Atol, Float32Rtol
	} else if c.Mode == Course {
		eps = CourseEps
	}
	c.Eps = orDefault(c.Eps, eps)
	c.Atol = orDefault(c.Atol, atol)
	c.Rtol = orDefault(c.Rtol, rtol)
	c.Threshold = orDefault(c.Threshold, CourseThreshold)
	if c.Directions == 0 {
		c.Directions = DefaultDirections
	}
	if c.MaxListed == 0 {
		c.MaxListed = DefaultMaxListed
	}
	return settings{Config: c, f32: f32}, nil
}

func orDefault(v, d float64) float64 {
	if v == 0 {
		return d
	}
	return v
}

// close is the per-element rule, torch.allclose's.
func (s *settings) agrees(analytic, numeric float64) bool {
	return abs(analytic-numeric) <= s.Atol+s.Rtol*abs(numeric)
}
