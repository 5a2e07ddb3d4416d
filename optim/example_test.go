package optim_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// One step of Adam on w = (1, −2) with gradient (0.5, 1): Adam's first
// step is −η·sign(g), whatever the gradient's size. A training loop hands
// Step its program's ValueGrads instead.
func ExampleNew() {
	s, err := optim.New(optim.Config{Name: "adam", LearningRate: 0.1})
	if err != nil {
		fmt.Println(err)
		return
	}
	w := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{1, -2}))
	g := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{0.5, 1}))
	if err := s.Step([]gorgonia.ValueGrad{vg{w, g}}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("w = %.4f, gradient zeroed: %v\n", w.Data(), g.Data())

	_, err = optim.New(optim.Config{Name: "adam"})
	fmt.Println(err)
	// Output:
	// w = [0.9000 -2.1000], gradient zeroed: [0 0]
	// optim: bad configuration: LearningRate 0: want a finite number > 0
}

func ExampleNames() {
	fmt.Println(optim.Names())
	// Output: [adagrad adam adamw gd momentum rmsprop]
}

// 1.2·0.5^⌊2500/1000⌋ = 0.3 and 1.2·0.999^2500 = 1.2·e^(2500·ln 0.999) ≈ 0.0984.
func ExampleParseSchedule() {
	for _, text := range []string{"step:1000:0.5", "exp:0.999", "constant", "step:0:2", "exp:1.5", "cosine"} {
		s, err := optim.ParseSchedule(text)
		var bad *optim.ConfigError
		switch {
		case errors.As(err, &bad):
			fmt.Printf("%q: want %s\n", bad.Value, bad.Want)
		case s == nil:
			fmt.Printf("%s: 1.2 at every step\n", text)
		default:
			fmt.Printf("%v: %.4f at step 2500\n", s, s.Rate(1.2, 2500))
		}
	}
	// Output:
	// step:1000:0.5: 0.3000 at step 2500
	// exp:0.999: 0.0984 at step 2500
	// constant: 1.2 at every step
	// "step:0:2": want a step count that is a whole number ≥ 1, not "0"
	// "exp:1.5": want a factor that is a number in (0, 1], not "1.5"
	// "cosine": want constant, step:EVERY:FACTOR or exp:GAMMA
}

// ParseSchedule never panics; what it accepts has rates in [0, base] that
// never grow, and its String reads back as the same schedule.
func FuzzParseSchedule(f *testing.F) {
	for _, s := range []string{
		"", "constant", "constant:", ":", "step:1000:0.5", "exp:0.999", "step:1:1", "exp:1",
		"exp:0", "exp:-0.5", "exp:NaN", "exp:Inf", "exp:1e-320", "exp:0x1p-2", "step::", "step:1000",
		"step:1000:0.5:1", "step:-5:0.5", "step:+7:.5", "step:9999999999999999999:0.5", "exp", "EXP:0.9", " exp:0.9",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := optim.ParseSchedule(text)
		if err != nil {
			if !errors.Is(err, optim.ErrConfig) {
				t.Fatalf("%q: error %v does not wrap ErrConfig", text, err)
			}
			return
		}
		if s == nil {
			return
		}
		prev := 1.0
		for _, step := range []int{0, 1, 2, 999, 1000, 1 << 20, 1 << 62} {
			r := s.Rate(1, step)
			if !(r >= 0 && r <= prev) {
				t.Fatalf("%q: rate %v at step %d after %v", text, r, step, prev)
			}
			prev = r
		}
		back, err := optim.ParseSchedule(fmt.Sprint(s))
		if err != nil || back != s {
			t.Fatalf("%q: String %q reads back as %v, %v", text, fmt.Sprint(s), back, err)
		}
	})
}
