package optim_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/gorgonia"
)

// One step of Adam on w = (1, −2) with gradient (0.5, 1): Adam's first
// step is −η·sign(g), whatever the gradient's size.
func ExampleNew() {
	s, err := optim.New(optim.Config{Name: "adam", LearningRate: 0.1})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := vg{vec(1, -2), vec(0.5, 1)}
	if err := s.Step([]gorgonia.ValueGrad{p}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f\n", p.w.Data())
	// Output: [0.9000 -2.1000]
}

// 1.2·0.5^⌊2500/1000⌋ = 0.3 and 1.2·0.999^2500 = 1.2·e^(2500·ln 0.999) ≈ 0.0984.
func ExampleParseSchedule() {
	for _, text := range []string{"step:1000:0.5", "exp:0.999", "constant", "step:0:2"} {
		s, err := optim.ParseSchedule(text)
		switch {
		case errors.Is(err, optim.ErrConfig):
			fmt.Println(err)
		case s == nil:
			fmt.Printf("%s: 1.2 at every step\n", text)
		default:
			fmt.Printf("%s: %.4f at step 2500\n", text, s.Rate(1.2, 2500))
		}
	}
	// Output:
	// step:1000:0.5: 0.3000 at step 2500
	// exp:0.999: 0.0984 at step 2500
	// constant: 1.2 at every step
	// optim: bad configuration: schedule "step:0:2": the step count "0" is not a whole number ≥ 1
}

func FuzzParseSchedule(f *testing.F) {
	for _, s := range []string{"", "constant", "step:1000:0.5", "exp:0.999", "step:1:1", "exp:0", "step::", "exp:NaN", "step:9999999999999999999:0.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := optim.ParseSchedule(text)
		if err != nil || s == nil {
			return
		}
		for _, step := range []int{0, 1, 1000, 1 << 30} {
			if r := s.Rate(1, step); !(r >= 0 && r <= 1) {
				t.Fatalf("%q: rate %v at step %d", text, r, step)
			}
		}
	})
}
