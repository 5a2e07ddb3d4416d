package solution_test

import (
	"testing"

	"github.com/gradlab/gradlab/examples/kit/grade"
	"github.com/gradlab/gradlab/examples/kit/solution"
)

// The grader passes a right answer: every function of the solution.
func TestGraderPassesTheSolution(t *testing.T) {
	for _, v := range []grade.Verdict{
		grade.LayerSizes(solution.LayerSizes),
		grade.InitializeParameters(solution.InitializeParameters),
		grade.ForwardPropagation(solution.ForwardPropagation),
		grade.ComputeCost(solution.ComputeCost),
		grade.ComputeCostDot(solution.ComputeCostDot),
		grade.BackwardPropagation(solution.BackwardPropagation),
		grade.UpdateParameters(solution.UpdateParameters),
		grade.Predict(solution.Predict),
	} {
		if !v.Done || !v.Passed || v.Mistake != "" || len(v.Feedback) > 0 {
			t.Errorf("%s", v)
		}
	}
}
