package vmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// floats32 returns n normal numbers from src, with zeros, infinities, NaN
// and subnormals among them.
func floats32(src *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		switch i % 37 {
		case 5:
			x[i] = 0
		case 11:
			x[i] = float32(math.Inf(1 - 2*(i%2)))
		case 17:
			x[i] = float32(math.NaN())
		case 23:
			x[i] = math.SmallestNonzeroFloat32 * float32(i)
		default:
			x[i] = float32(src.NormFloat64() * 10)
		}
	}
	return x
}

func same32(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || a != a && b != b
}

// Binary32 and Axpy32 are Go's float32 expressions, element for element,
// in every form and at every length (the vector blocks and the tail).
func TestBinary32AndAxpy32(t *testing.T) {
	src := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 7, 8, 9, 31, 1000} {
		a, b := floats32(src, n), floats32(src, n)
		as, bs := float32(src.NormFloat64()), float32(src.NormFloat64())
		for _, op := range []byte("+-*/") {
			for form, args := range [][2][]float32{{a, b}, {a, nil}, {nil, b}} {
				c := make([]float32, n)
				if !Binary32(op, c, args[0], as, args[1], bs) {
					t.Fatalf("%c form %d: refused", op, form)
				}
				for i := range c {
					x, y := as, bs
					if args[0] != nil {
						x = a[i]
					}
					if args[1] != nil {
						y = b[i]
					}
					var want float32
					switch op {
					case '+':
						want = x + y
					case '-':
						want = x - y
					case '*':
						want = x * y
					case '/':
						want = x / y
					}
					if !same32(c[i], want) {
						t.Fatalf("n=%d %c form %d: c[%d] = %v, want %v", n, op, form, i, c[i], want)
					}
				}
			}
		}
		z, negZero := make([]float32, n), float32(math.Copysign(0, -1))
		Scale32(negZero, a, z) // −0 products, +0 sums
		Scale32(as, a[:n/2], z[:n/2])
		for i := range z {
			var want float32
			if i < n/2 {
				want = 0 + float32(as*a[i])
			} else {
				want = 0 + float32(negZero*a[i])
			}
			if !same32(z[i], want) {
				t.Fatalf("n=%d: Scale32 z[%d] = %v (%#x), want %v (%#x)", n, i, z[i], math.Float32bits(z[i]), want, math.Float32bits(want))
			}
		}
		y := append([]float32(nil), b...)
		Axpy32(as, a, y)
		for i := range y {
			want := b[i]
			want += as * a[i] // gonum's expression (fused where Go fuses)
			if !same32(y[i], want) {
				t.Fatalf("n=%d: Axpy32 y[%d] = %v, want %v", n, i, y[i], want)
			}
		}
	}
	if Binary32('%', nil, nil, 0, nil, 0) || Binary32('+', nil, nil, 0, nil, 0) {
		t.Error("Binary32 accepted another op, or no vector")
	}
}

// Sum32 adds in float64 in its documented order, on the vector path and
// off it: exact where float32 addition in sequence is not (2²⁴ + 1 rounds
// back to 2²⁴ in float32, while 2²⁴ + 16 is a float32).
func TestSum32(t *testing.T) {
	big := make([]float32, 33)
	big[0] = 1 << 24
	for i := 1; i < 17; i++ {
		big[i] = 1
	}
	for _, c := range []struct {
		x    []float32
		want float32
	}{
		{nil, 0},
		{big, 1<<24 + 16},
		{[]float32{0.5, -0.25, 0.125}, 0.375},
	} {
		if got := Sum32(c.x); got != c.want {
			t.Errorf("Sum32(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	src := rand.New(rand.NewPCG(3, 4))
	vector := useAVX2f32
	defer func() { useAVX2f32 = vector }()
	for _, n := range []int{15, 16, 17, 100, 40000} {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(src.NormFloat64())
		}
		useAVX2f32 = vector
		got := Sum32(x)
		useAVX2f32 = false
		if scalar := Sum32(x); got != scalar {
			t.Errorf("n=%d: Sum32 is %v on the vector path, %v off it", n, got, scalar)
		}
	}
}
