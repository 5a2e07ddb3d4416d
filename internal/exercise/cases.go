package exercise

// Cases is testcases.json: the inputs of the notebook's step-by-step
// checks (testCases_v2.py), numpy's full-precision outputs for them, the
// values the notebook prints and, for each printed number, half a unit of
// its last printed digit.
type Cases struct {
	NumpyVersion string `json:"numpy_version"`
	Inputs       struct {
		LayerSizes struct{ X, Y [][]float64 } `json:"layer_sizes"`
		Init       struct {
			NX   int    `json:"n_x"`
			NH   int    `json:"n_h"`
			NY   int    `json:"n_y"`
			Seed uint32 `json:"seed"`
		} `json:"initialize_parameters"`
		Forward struct {
			X          [][]float64
			Parameters Params
		} `json:"forward_propagation"`
		Cost     struct{ A2, Y [][]float64 } `json:"compute_cost"`
		Backward struct {
			X, Y       [][]float64
			Parameters Params
			Cache      struct{ Z1, A1, Z2, A2 [][]float64 }
		} `json:"backward_propagation"`
		Update struct {
			Parameters   Params
			Grads        Grads
			LearningRate float64 `json:"learning_rate"`
		} `json:"update_parameters"`
		Predict struct {
			X          [][]float64
			Parameters Params
		} `json:"predict"`
		NNModel struct {
			X, Y          [][]float64
			NH            int `json:"n_h"`
			NumIterations int `json:"num_iterations"`
		} `json:"nn_model"`
	}
	Outputs struct {
		LayerSizes Sizes  `json:"layer_sizes"`
		Init       Params `json:"initialize_parameters"`
		Forward    struct {
			Z1, A1, Z2, A2 [][]float64
			Means          []float64
		} `json:"forward_propagation"`
		Cost struct {
			MulSum float64 `json:"mulsum"`
			Dot    float64 `json:"dot"`
		} `json:"compute_cost"`
		// Backward is the notebook's check, which takes A1 and A2 from a
		// cache printed to 8 digits; BackwardRecomputed takes them from
		// forward_propagation, as autodiff does.
		Backward           Grads  `json:"backward_propagation"`
		BackwardRecomputed Grads  `json:"backward_propagation_recomputed"`
		Update             Params `json:"update_parameters"`
		Predict            struct {
			Predictions [][]float64
			Mean        float64
		} `json:"predict"`
		NNModel struct {
			Params
			CostsEvery1000 []float64 `json:"costs_every_1000"`
		} `json:"nn_model"`
	}
	// Published holds the notebook's printed values; Tolerance, half a
	// unit of each one's last printed digit.
	Published Printed `json:"published"`
	Tolerance Printed `json:"published_tolerance"`
}

// Printed holds the values the notebook prints.
type Printed struct {
	LayerSizes Sizes                     `json:"layer_sizes"`
	Init       Params                    `json:"initialize_parameters"`
	Forward    struct{ Means []float64 } `json:"forward_propagation"`
	Cost       struct{ Cost float64 }    `json:"compute_cost"`
	Backward   Grads                     `json:"backward_propagation"`
	Update     Params                    `json:"update_parameters"`
	Predict    struct{ Mean float64 }    `json:"predict"`
}

// Sizes are layer_sizes' (n_x, n_h, n_y): float64s, because the
// tolerances of the layer sizes are 0.0.
type Sizes struct {
	NX float64 `json:"n_x"`
	NH float64 `json:"n_h"`
	NY float64 `json:"n_y"`
}

type Grads struct {
	DW1 [][]float64 `json:"dW1"`
	Db1 [][]float64 `json:"db1"`
	DW2 [][]float64 `json:"dW2"`
	Db2 [][]float64 `json:"db2"`
}

// List returns dW1, db1, dW2, db2 in that order.
func (g Grads) List() [][][]float64 { return [][][]float64{g.DW1, g.Db1, g.DW2, g.Db2} }
