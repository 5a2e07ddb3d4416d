package nprand_test

import (
	"fmt"

	"github.com/gradlab/gradlab/datasets/nprand"
)

// The exercise draws its weights with np.random.seed(2) and
// W1 = np.random.randn(4, 2) * 0.01; the notebook prints W1[0] as
// [-0.00416758 -0.00056267].
func ExampleSource_Randn() {
	w1 := make([]float64, 4*2)
	nprand.New(2).Randn(w1)
	fmt.Printf("%.8f %.8f\n", w1[0]*0.01, w1[1]*0.01)
	// Output: -0.00416758 -0.00056267
}

// np.random.seed(0); np.random.rand(3) prints
// [0.5488135  0.71518937 0.60276338].
func ExampleSource_Float64() {
	s := nprand.New(0)
	fmt.Printf("%.8f %.8f %.8f\n", s.Float64(), s.Float64(), s.Float64())
	// Output: 0.54881350 0.71518937 0.60276338
}

// np.random.seed(0); np.random.permutation(5) is [2 0 1 3 4].
func ExampleSource_Perm() {
	fmt.Println(nprand.New(0).Perm(5))
	// Output: [2 0 1 3 4]
}
