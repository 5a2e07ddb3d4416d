package grade_test

import (
	"fmt"

	"github.com/gradlab/gradlab/examples/kit/grade"
	"github.com/gradlab/gradlab/losses/mistakes"
	"gorgonia.org/gorgonia"
)

// A cost that forgot its 1/m, graded: the grader names the mistake. On
// the course's test case it is 2.07917628312 (numpy: 2.079176283118394,
// losses/mistakes/testdata/mistakes.json).
func ExampleComputeCost() {
	v := grade.ComputeCost(func(a2, y *gorgonia.Node) (*gorgonia.Node, error) {
		return mistakes.NoMean(a2, y) // a learner's −np.sum(logprobs)
	})
	fmt.Println(v.Passed, v.Mistake)
	fmt.Println(v.Feedback[0])
	// Output:
	// false no-mean
	// the cost is 2.07917628312: your cost equals the cost without its 1/m (the "no-mean" mistake): the sum is not divided by m: the cost is m times too large and grows with the data set; divide by m
}
