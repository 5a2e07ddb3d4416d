package optim

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Schedule gives the learning rate of step t (from 0) for a base rate.
type Schedule interface {
	Rate(base float64, t int) float64
}

// StepDecay multiplies the rate by Factor every Every steps.
type StepDecay struct {
	Every  int
	Factor float64
}

// Rate returns base·Factor^⌊t/Every⌋; an Every below 1 counts as 1.
func (s StepDecay) Rate(base float64, t int) float64 {
	return base * math.Pow(s.Factor, float64(t/max(s.Every, 1)))
}

// ExpDecay multiplies the rate by Gamma at every step.
type ExpDecay struct{ Gamma float64 }

// Rate returns base·Gamma^t.
func (s ExpDecay) Rate(base float64, t int) float64 {
	return base * math.Pow(s.Gamma, float64(t))
}

// ParseSchedule reads a schedule as the command line writes it: "" or
// "constant" for none, "step:EVERY:FACTOR" for StepDecay (step:1000:0.5
// halves the rate every 1000 steps), "exp:GAMMA" for ExpDecay (exp:0.999).
// Factors and gammas must be in (0, 1].
func ParseSchedule(s string) (Schedule, error) {
	kind, args, _ := strings.Cut(s, ":")
	fields := strings.Split(args, ":")
	switch {
	case s == "" || s == "constant":
		return nil, nil
	case kind == "step" && len(fields) == 2:
		every, err := strconv.Atoi(fields[0])
		if err != nil || every < 1 {
			return nil, fmt.Errorf("%w: schedule %q: the step count %q is not a whole number ≥ 1", ErrConfig, s, fields[0])
		}
		f, err := factor(s, fields[1])
		if err != nil {
			return nil, err
		}
		return StepDecay{Every: every, Factor: f}, nil
	case kind == "exp" && len(fields) == 1:
		g, err := factor(s, fields[0])
		if err != nil {
			return nil, err
		}
		return ExpDecay{Gamma: g}, nil
	}
	return nil, fmt.Errorf("%w: schedule %q: want constant, step:EVERY:FACTOR or exp:GAMMA", ErrConfig, s)
}

func factor(s, text string) (float64, error) {
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || !(f > 0 && f <= 1) {
		return 0, fmt.Errorf("%w: schedule %q: the factor %q is not a number in (0, 1]", ErrConfig, s, text)
	}
	return f, nil
}
