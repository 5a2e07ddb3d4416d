package grade

import (
	"github.com/gradlab/gradlab/examples/kit"
	"github.com/gradlab/gradlab/graph"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Tolerances, relative to the largest element of the value checked: the
// forward pass and gradients may be computed in another order than
// numpy's, which moves the last digits; an update or a draw may not.
const (
	computedTol = 1e-9
	exactTol    = 1e-15
)

// LayerSizes grades kit.LayerSizes on layer_sizes_test_case: X (5, 3) and
// Y (2, 3) give (5, 4, 2).
func LayerSizes(fn func(x, y *gorgonia.Node) (nx, nh, ny int, err error)) Verdict {
	v := newVerdict("LayerSizes")
	c, err := load()
	if err != nil {
		return v.fail(err)
	}
	g := graph.New()
	x, err := input(g, "X", c.Inputs.LayerSizes.X)
	if err != nil {
		return v.fail(err)
	}
	y, err := input(g, "Y", c.Inputs.LayerSizes.Y)
	if err != nil {
		return v.fail(err)
	}
	var nx, nh, ny int
	if !v.done(call(func() (err error) { nx, nh, ny, err = fn(x, y); return err })) {
		return v.result()
	}
	want := c.Outputs.LayerSizes
	examples := x.Shape()[1]
	if float64(nx) != want.NX {
		v.say("n_x is %d, want %g: the number of features, X's rows (its %d columns are the examples)", nx, want.NX, examples)
	}
	if float64(nh) != want.NH {
		v.say("n_h is %d, want %g: the notebook's hidden layer has 4 units", nh, want.NH)
	}
	if float64(ny) != want.NY {
		v.say("n_y is %d, want %g: the number of outputs, Y's rows", ny, want.NY)
	}
	return v.result()
}

// InitializeParameters grades kit.InitializeParameters(2, 4, 1) against
// numpy's draws after np.random.seed(2).
func InitializeParameters(fn func(nx, nh, ny int) (kit.Weights, error)) Verdict {
	v := newVerdict("InitializeParameters")
	c, err := load()
	if err != nil {
		return v.fail(err)
	}
	in := c.Inputs.Init
	var w kit.Weights
	if !v.done(call(func() (err error) { w, err = fn(in.NX, in.NH, in.NY); return err })) {
		return v.result()
	}
	want := c.Outputs.Init
	for _, p := range []struct {
		name string
		got  *tensor.Dense
		want [][]float64
	}{{"W1", w.W1, want.W1}, {"b1", w.B1, want.B1}, {"W2", w.W2, want.W2}, {"b2", w.B2, want.B2}} {
		shape := tensor.Shape{len(p.want), len(p.want[0])}
		switch {
		case p.got == nil:
			v.say("%s is nil", p.name)
		case !p.got.Shape().Eq(shape):
			v.say("%s has shape %v, want %v: W1 is (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1)", p.name, p.got.Shape(), shape)
		default:
			got, ok := p.got.Data().([]float64)
			if !ok {
				v.say("%s holds %v, not float64", p.name, p.got.Dtype())
				continue
			}
			if at, g, w := differs(got, flat(p.want), exactTol); at >= 0 {
				v.say("%s[%d] is %.10g, numpy's is %.10g: draw W1 and then W2 from nprand.New(2) with Randn, times 0.01; biases are 0", p.name, at, g, w)
			}
		}
	}
	return v.result()
}

// ForwardPropagation grades kit.ForwardPropagation on
// forward_propagation_test_case.
func ForwardPropagation(fn func(x *gorgonia.Node, p kit.Params) (kit.Cache, error)) Verdict {
	v := newVerdict("ForwardPropagation")
	c, err := load()
	if err != nil {
		return v.fail(err)
	}
	g := graph.New()
	x, err := input(g, "X", c.Inputs.Forward.X)
	if err != nil {
		return v.fail(err)
	}
	p, err := params(g, c.Inputs.Forward.Parameters)
	if err != nil {
		return v.fail(err)
	}
	var cache kit.Cache
	if !v.done(call(func() (err error) { cache, err = fn(x, p); return err })) {
		return v.result()
	}
	out := c.Outputs.Forward
	v.check(g, computedTol, func(name string, got tensor.Shape) string {
		return "Z1 and A1 are (n_h, m), Z2 and A2 (n_y, m): W·X, then b added to every column (BroadcastAdd along axis 1)"
	}, named{"Z1", cache.Z1, out.Z1}, named{"A1", cache.A1, out.A1}, named{"Z2", cache.Z2, out.Z2}, named{"A2", cache.A2, out.A2})
	return v.result()
}

// BackwardPropagation grades kit.BackwardPropagation on
// backward_propagation_test_case, the notebook's cache included.
func BackwardPropagation(fn func(p kit.Params, c kit.Cache, x, y *gorgonia.Node) (kit.Grads, error)) Verdict {
	v := newVerdict("BackwardPropagation")
	c, err := load()
	if err != nil {
		return v.fail(err)
	}
	in := c.Inputs.Backward
	g := graph.New()
	p, err := params(g, in.Parameters)
	if err != nil {
		return v.fail(err)
	}
	var cache kit.Cache
	var x, y *gorgonia.Node
	for _, n := range []struct {
		dst  **gorgonia.Node
		name string
		v    [][]float64
	}{{&x, "X", in.X}, {&y, "Y", in.Y}, {&cache.Z1, "Z1", in.Cache.Z1}, {&cache.A1, "A1", in.Cache.A1}, {&cache.Z2, "Z2", in.Cache.Z2}, {&cache.A2, "A2", in.Cache.A2}} {
		if *n.dst, err = input(g, n.name, n.v); err != nil {
			return v.fail(err)
		}
	}
	var gs kit.Grads
	if !v.done(call(func() (err error) { gs, err = fn(p, cache, x, y); return err })) {
		return v.result()
	}
	want := c.Outputs.Backward
	v.check(g, computedTol, func(name string, got tensor.Shape) string {
		if (name == "db1" || name == "db2") && got.Dims() == 1 {
			return "a sum along axis 1 drops the axis (numpy's keepdims=True keeps it): Reshape it to a column"
		}
		return "each gradient has its parameter's shape"
	}, named{"dW1", gs.DW1, want.DW1}, named{"db1", gs.DB1, want.Db1}, named{"dW2", gs.DW2, want.DW2}, named{"db2", gs.DB2, want.Db2})
	return v.result()
}

// UpdateParameters grades kit.UpdateParameters on
// update_parameters_test_case, learning rate 1.2.
func UpdateParameters(fn func(p kit.Params, g kit.Grads, learningRate float64) (kit.Params, error)) Verdict {
	v := newVerdict("UpdateParameters")
	c, err := load()
	if err != nil {
		return v.fail(err)
	}
	in := c.Inputs.Update
	g := graph.New()
	p, err := params(g, in.Parameters)
	if err != nil {
		return v.fail(err)
	}
	var gs kit.Grads
	for _, n := range []struct {
		dst  **gorgonia.Node
		name string
		v    [][]float64
	}{{&gs.DW1, "dW1", in.Grads.DW1}, {&gs.DB1, "db1", in.Grads.Db1}, {&gs.DW2, "dW2", in.Grads.DW2}, {&gs.DB2, "db2", in.Grads.Db2}} {
		if *n.dst, err = input(g, n.name, n.v); err != nil {
			return v.fail(err)
		}
	}
	var out kit.Params
	if !v.done(call(func() (err error) { out, err = fn(p, gs, in.LearningRate); return err })) {
		return v.result()
	}
	want := c.Outputs.Update
	if !v.check(g, exactTol, noHint, named{"W1", out.W1, want.W1}, named{"b1", out.B1, want.B1}, named{"W2", out.W2, want.W2}, named{"b2", out.B2, want.B2}) {
		v.say("each parameter steps against its gradient: W − learning_rate·dW")
	}
	return v.result()
}

// Predict grades kit.Predict on predict_test_case: the classes [[1 0 1]].
func Predict(fn func(x *gorgonia.Node, p kit.Params) (*gorgonia.Node, error)) Verdict {
	v := newVerdict("Predict")
	c, err := load()
	if err != nil {
		return v.fail(err)
	}
	g := graph.New()
	x, err := input(g, "X", c.Inputs.Predict.X)
	if err != nil {
		return v.fail(err)
	}
	p, err := params(g, c.Inputs.Predict.Parameters)
	if err != nil {
		return v.fail(err)
	}
	var out *gorgonia.Node
	if !v.done(call(func() (err error) { out, err = fn(x, p); return err })) {
		return v.result()
	}
	if !v.check(g, 0, func(string, tensor.Shape) string { return "one class per example, (1, m)" },
		named{"the predictions", out, c.Outputs.Predict.Predictions}) {
		v.say("a class is 1 where A2 > 0.5 and 0 elsewhere: gorgonia.Gt(A2, 0.5, true) gives 1s and 0s")
	}
	return v.result()
}
