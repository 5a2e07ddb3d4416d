package vmath

// Binary32 sets c[i] = a[i] op b[i] for every i < len(c), op one of '+',
// '-', '*' and '/'; a nil a or b stands for the scalar as or bs. Each
// element is the one IEEE operation of Go's float32 expression, bit for
// bit. It reports false, doing nothing, for another op or for a and b both
// nil. a and b, those not nil, must be at least as long as c.
func Binary32(op byte, c, a []float32, as float32, b []float32, bs float32) bool {
	var k int
	switch op {
	case '+':
		k = 0
	case '-':
		k = 1
	case '*':
		k = 2
	case '/':
		k = 3
	default:
		return false
	}
	if a == nil && b == nil {
		return false
	}
	form, s := 0, float32(0)
	switch {
	case b == nil:
		form, s = 1, bs
	case a == nil:
		form, s = 2, as
	}
	i := 0
	if useAVX2f32 {
		i = len(c) &^ 7
		binary32AVX2(k, form, c[:i], a, b, s)
	}
	for ; i < len(c); i++ {
		x, y := as, bs
		if a != nil {
			x = a[i]
		}
		if b != nil {
			y = b[i]
		}
		switch op {
		case '+':
			c[i] = x + y
		case '-':
			c[i] = x - y
		case '*':
			c[i] = x * y
		default:
			c[i] = x / y
		}
	}
	return true
}

// Axpy32 sets y[i] += alpha·x[i] for every i < len(y) as gonum's
// f32.AxpyUnitary computes it: on amd64 the product rounded to float32
// before the sum (its assembly, and this AVX2 code), elsewhere gonum's Go
// expression, which this one is, so that the compiler fuses both alike.
// x must be at least as long as y.
func Axpy32(alpha float32, x, y []float32) {
	i := 0
	if useAVX2f32 {
		i = len(y) &^ 7
		axpy32AVX2(alpha, x, y[:i])
	}
	for ; i < len(y); i++ {
		y[i] += alpha * x[i]
	}
}

// Scale32 sets y[i] = 0 + alpha·x[i] for every i < len(y): the first
// term of a sum that starts at +0, which is alpha·x[i] but for a −0
// product, which gives +0. x must be at least as long as y.
func Scale32(alpha float32, x, y []float32) {
	i := 0
	if useAVX2f32 {
		i = len(y) &^ 7
		scale32AVX2(alpha, x, y[:i])
	}
	for ; i < len(y); i++ {
		y[i] = 0 + float32(alpha*x[i])
	}
}

// Sum32 returns the sum of x accumulated in float64 and rounded once to
// float32. The order is fixed, the same on every processor: sixteen
// running sums p[k] of the elements 16j+k of each whole block of sixteen,
// combined as q[l] = (p[l] + p[4+l]) + (p[8+l] + p[12+l]), then
// (q[0] + q[1]) + (q[2] + q[3]), then the elements after the last block,
// in order. In float64 the rounding errors of even a million terms stay
// far below a float32 ulp of the result, so but for cancellation it is
// the terms' exact sum correctly rounded.
func Sum32(x []float32) float32 {
	n := len(x) &^ 15
	var q [4]float64
	if useAVX2f32 {
		q[0], q[1], q[2], q[3] = sum32AVX2(x[:n])
	} else {
		var p [16]float64
		for j := 0; j < n; j += 16 {
			for k := range p {
				p[k] += float64(x[j+k])
			}
		}
		for l := range q {
			q[l] = (p[l] + p[4+l]) + (p[8+l] + p[12+l])
		}
	}
	s := (q[0] + q[1]) + (q[2] + q[3])
	for _, v := range x[n:] {
		s += float64(v)
	}
	return float32(s)
}
