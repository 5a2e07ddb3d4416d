package kit_test

import (
	"testing"

	"github.com/gradlab/gradlab/examples/kit"
	"github.com/gradlab/gradlab/examples/kit/grade"
)

// The grader, one test per function of the notebook. A function still
// returning kit.ErrNotDone is skipped as not done.

func TestLayerSizes(t *testing.T) { grade.Report(t, grade.LayerSizes(kit.LayerSizes)) }

func TestInitializeParameters(t *testing.T) {
	grade.Report(t, grade.InitializeParameters(kit.InitializeParameters))
}

func TestForwardPropagation(t *testing.T) {
	grade.Report(t, grade.ForwardPropagation(kit.ForwardPropagation))
}

func TestComputeCost(t *testing.T) { grade.Report(t, grade.ComputeCost(kit.ComputeCost)) }

func TestComputeCostDot(t *testing.T) { grade.Report(t, grade.ComputeCostDot(kit.ComputeCostDot)) }

func TestBackwardPropagation(t *testing.T) {
	grade.Report(t, grade.BackwardPropagation(kit.BackwardPropagation))
}

func TestUpdateParameters(t *testing.T) {
	grade.Report(t, grade.UpdateParameters(kit.UpdateParameters))
}

func TestPredict(t *testing.T) { grade.Report(t, grade.Predict(kit.Predict)) }
