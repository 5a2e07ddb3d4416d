package machine

import (
	"math"

	"github.com/gradlab/gradlab/internal/vmath"
	"gorgonia.org/gorgonia"
)

// internal/ops' float64 sigmoid and its gradient, on vmath's vector
// exponential (bit for bit math.Exp), so each element is what the op
// computes: σ(x) = 1/(1+e^−x), and e^x/(1+e^x) below −709; the gradient
// (y·σ(−x))·g.

// sigmoidFor returns the kernel of a float64 node n computed by internal/ops'
// sigmoid or its gradient, or nil.
func sigmoidFor(op gorgonia.Op, n *gorgonia.Node, kids []*gorgonia.Node, fallback kernel) kernel {
	if n.IsScalar() {
		return nil
	}
	for _, c := range kids {
		if !c.Shape().Eq(n.Shape()) {
			return nil
		}
	}
	switch {
	case isOps(op, "sigmoid") && len(kids) == 1:
		k := &opsSigmoid{out: newOutput[float64, f64](n), fallback: fallback, args: make([][]float64, 1)}
		k.e = make([]float64, len(k.out.data))
		return k
	case isOps(op, "sigmoidGrad") && len(kids) == 3:
		k := &opsSigmoid{grad: true, out: newOutput[float64, f64](n), fallback: fallback, args: make([][]float64, 3)}
		k.e = make([]float64, len(k.out.data))
		return k
	}
	return nil
}

// opsσ is internal/ops' σ.
func opsσ(x float64) float64 {
	if x < -709 {
		e := math.Exp(x)
		return e / (1 + e)
	}
	return 1 / (1 + math.Exp(-x))
}

// opsSigmoid is σ(x) or, with grad, its gradient (x, y, g) ↦ (y·σ(−x))·g.
type opsSigmoid struct {
	grad     bool
	out      output[float64]
	fallback kernel
	args     [][]float64 // bound by bind: x, and for grad y and g
	// e holds e^∓x, element by element: scratch that each span writes
	// only in its own range (a stack array would escape into vmath).
	e []float64
}

func (k *opsSigmoid) do(args []gorgonia.Value) (gorgonia.Value, error) {
	v, ok := k.bind(args)
	if !ok {
		return k.fallback.do(args)
	}
	spanAll(k)
	return v, nil
}

func (k *opsSigmoid) elems() int { return len(k.out.data) }

func (k *opsSigmoid) bind(args []gorgonia.Value) (gorgonia.Value, bool) {
	if len(args) != len(k.args) {
		return nil, false
	}
	for i, a := range args {
		_, xs, ok := operand[float64, f64](a)
		if !ok || len(xs) != len(k.out.data) {
			return nil, false
		}
		k.args[i] = xs
	}
	return k.out.dense, true
}

// chunk is the elements a span computes at a time, so that e^∓x is read
// back from L1.
const chunk = 256

func (k *opsSigmoid) span(lo, hi int) {
	for t := lo; t < hi; t += chunk {
		end := min(t+chunk, hi)
		c, x, ex := k.out.data[t:end], k.args[0][t:end], k.e[t:end]
		x = x[:len(c)]
		if !k.grad {
			for i, v := range x {
				c[i] = -v
			}
			vmath.Exp(ex, c)
			for i, v := range x {
				if v < -709 {
					c[i] = opsσ(v)
					continue
				}
				c[i] = 1 / (1 + ex[i])
			}
			continue
		}
		vmath.Exp(ex, x) // σ(−x) = 1/(1+e^x)
		y, g := k.args[1][t:end], k.args[2][t:end]
		y, g = y[:len(c)], g[:len(c)]
		for i, v := range x {
			var s float64
			if -v < -709 {
				s = opsσ(-v)
			} else {
				s = 1 / (1 + ex[i])
			}
			c[i] = y[i] * s * g[i]
		}
	}
}
