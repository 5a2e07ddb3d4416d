package optim

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Schedule gives the learning rate of step t, counted from 0 by the
// optimizer's Step calls, for the base rate Config.LearningRate. A rate
// must be finite and ≥ 0, or Step returns an error.
type Schedule interface {
	Rate(base float64, t int) float64
}

// validator is a Schedule that can tell whether its own fields make sense;
// New and ParseSchedule ask it.
type validator interface{ validate() error }

// StepDecay multiplies the rate by Factor every Every steps, as PyTorch's
// StepLR(step_size=Every, gamma=Factor).
type StepDecay struct {
	Every  int     // ≥ 1
	Factor float64 // in (0, 1]
}

// Rate returns base·Factor^⌊t/Every⌋; a t below 0 counts as 0 and an
// Every below 1 as 1.
func (s StepDecay) Rate(base float64, t int) float64 {
	return base * math.Pow(s.Factor, float64(max(t, 0)/max(s.Every, 1)))
}

// String returns s as ParseSchedule reads it.
func (s StepDecay) String() string { return fmt.Sprintf("step:%d:%s", s.Every, formatFloat(s.Factor)) }

func (s StepDecay) validate() error {
	if s.Every < 1 {
		return fmt.Errorf("a step count ≥ 1, not %d", s.Every)
	}
	return checkFactor(s.Factor)
}

// ExpDecay multiplies the rate by Gamma at every step, as PyTorch's
// ExponentialLR(gamma=Gamma).
type ExpDecay struct {
	Gamma float64 // in (0, 1]
}

// Rate returns base·Gamma^t; a t below 0 counts as 0.
func (s ExpDecay) Rate(base float64, t int) float64 {
	return base * math.Pow(s.Gamma, float64(max(t, 0)))
}

// String returns s as ParseSchedule reads it.
func (s ExpDecay) String() string { return "exp:" + formatFloat(s.Gamma) }

func (s ExpDecay) validate() error { return checkFactor(s.Gamma) }

func checkFactor(f float64) error {
	if !(f > 0 && f <= 1) {
		return fmt.Errorf("a factor in (0, 1], not %v", f)
	}
	return nil
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// ParseSchedule reads a schedule as the command line writes it:
//
//	"" or "constant"   no schedule (nil): the learning rate stays
//	step:EVERY:FACTOR  StepDecay; step:1000:0.5 halves the rate every 1000 steps
//	exp:GAMMA          ExpDecay; exp:0.999 multiplies it by 0.999 every step
//
// EVERY is a whole number ≥ 1, FACTOR and GAMMA are numbers in (0, 1]. The
// String methods of StepDecay and ExpDecay give these forms back. An error
// is a *ConfigError whose Want says what was wrong.
func ParseSchedule(s string) (Schedule, error) {
	kind, args, _ := strings.Cut(s, ":")
	fields := strings.Split(args, ":")
	var (
		sched Schedule
		err   error
	)
	switch {
	case s == "" || s == "constant":
		return nil, nil
	case kind == "step" && len(fields) == 2:
		sched, err = parseStep(fields[0], fields[1])
	case kind == "exp" && len(fields) == 1:
		var g float64
		g, err = parseFactor(fields[0])
		sched = ExpDecay{Gamma: g}
	default:
		err = errors.New("constant, step:EVERY:FACTOR or exp:GAMMA")
	}
	if err != nil {
		return nil, &ConfigError{Field: "schedule", Value: s, Want: err.Error()}
	}
	return sched, nil
}

func parseStep(every, factor string) (Schedule, error) {
	n, err := strconv.Atoi(every)
	if err != nil || n < 1 {
		return nil, fmt.Errorf("a step count that is a whole number ≥ 1, not %q", every)
	}
	f, err := parseFactor(factor)
	return StepDecay{Every: n, Factor: f}, err
}

func parseFactor(text string) (float64, error) {
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || checkFactor(f) != nil {
		return 0, fmt.Errorf("a factor that is a number in (0, 1], not %q", text)
	}
	return f, nil
}
