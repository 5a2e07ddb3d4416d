package mistakes

import "gorgonia.org/gorgonia"

// SumOfDot returns −(1/m)·Σ(Y·log(A)ᵀ + (1−Y)·log(1−A)ᵀ) for Y and A of
// shape (K, m): np.sum of the dot form's (K,K) matrix, a scalar. For
// K = 1 it is the cost, as BCEDot's (1,1) matrix holds it; for K > 1 it
// adds the K² − K cross terms, pairings of a label row with another
// row's predictions, where the cost is only the trace (losses.BCETrace,
// losses.CrossTermsError). It is not in All: on the exercise's single
// row it is no mistake. Compare mode shows it beside the cost.
func SumOfDot(a, y *gorgonia.Node) (*gorgonia.Node, error) {
	return buildRows("SumOfDot", a, y, true, func(t terms) (*gorgonia.Node, error) {
		return pair(t, dotT, true, -1)
	})
}

// dotT returns u·vᵀ, the dot form's product.
func dotT(u, v *gorgonia.Node) (*gorgonia.Node, error) {
	vt, err := gorgonia.Transpose(v)
	if err != nil {
		return nil, err
	}
	return gorgonia.Mul(u, vt)
}
