// Package nprand draws the random numbers numpy's legacy generator draws.
//
// A Source seeded with s gives the same streams as np.random.seed(s) or
// np.random.RandomState(s) for rand, randn, normal, uniform, randint,
// shuffle and permutation, so that a learner following a numpy notebook
// gets the same data and the same initial weights in Go. It is built on
// gonum's MT19937 and adds numpy's conversions: the 53-bit double from two
// 32-bit draws, the polar Gaussian that keeps its second value, and the
// masked rejection rule for bounded integers.
//
// The streams are those of numpy on x86-64 Linux (glibc ≥ 2.28, a CPU with
// FMA), whatever the GOARCH: where numpy's C rounds a product before adding,
// the Go code does too (float64(x*y) + z), since Go compilers for arm64,
// ppc64le, s390x and riscv64 otherwise fuse the two; and the logarithm is
// glibc's, repeated bit for bit (see log.go).
//
// A Source is not safe for concurrent use.
package nprand

import (
	"errors"
	"fmt"
	"math"
	"math/bits"

	"gonum.org/v1/gonum/mathext/prng"
)

// ErrRange reports bounds that hold no value.
var ErrRange = errors.New("nprand: empty range")

// Source is numpy's legacy RandomState.
type Source struct {
	mt       *prng.MT19937
	hasGauss bool
	gauss    float64
}

// New returns a Source in the state of np.random.seed(seed).
func New(seed uint32) *Source {
	s := &Source{mt: prng.NewMT19937()}
	s.Seed(seed)
	return s
}

// Seed resets s to the state of np.random.seed(seed), dropping any kept
// Gaussian as numpy does.
func (s *Source) Seed(seed uint32) {
	s.mt.Seed(uint64(seed))
	s.hasGauss = false
	s.gauss = 0
}

// Uint32 returns the next 32 bits of the Mersenne Twister.
func (s *Source) Uint32() uint32 { return s.mt.Uint32() }

// Uint64 returns two 32-bit draws, the first in the high half, as numpy does.
func (s *Source) Uint64() uint64 { return s.mt.Uint64() }

// Float64 returns a value in [0, 1), as np.random.rand or random_sample:
// 27 bits of one draw and 26 of the next make a 53-bit double.
func (s *Source) Float64() float64 {
	a := s.Uint32() >> 5
	b := s.Uint32() >> 6
	return (float64(a)*67108864 + float64(b)) / 9007199254740992
}

// NormFloat64 returns a standard normal value, as np.random.randn or
// standard_normal. Numpy's polar method makes two values at a time and
// keeps the second for the next call; so does this.
func (s *Source) NormFloat64() float64 {
	if s.hasGauss {
		s.hasGauss = false
		return s.gauss
	}
	var x1, x2, r2 float64
	for r2 >= 1 || r2 == 0 {
		x1 = 2*s.Float64() - 1
		x2 = 2*s.Float64() - 1
		r2 = float64(x1*x1) + float64(x2*x2)
	}
	f := math.Sqrt(-2 * log(r2) / r2)
	s.gauss = f * x1
	s.hasGauss = true
	return f * x2
}

// Normal returns a value of N(loc, scale²), as np.random.normal.
func (s *Source) Normal(loc, scale float64) float64 {
	return loc + float64(scale*s.NormFloat64())
}

// Uniform returns a value in [low, high), as np.random.uniform.
func (s *Source) Uniform(low, high float64) float64 {
	return low + float64((high-low)*s.Float64())
}

// Randint returns an integer in [low, high), as np.random.randint(low,
// high) with its default 64-bit integer type.
func (s *Source) Randint(low, high int64) (int64, error) {
	if high <= low {
		return 0, fmt.Errorf("nprand: randint(%d, %d): %w", low, high, ErrRange)
	}
	return low + int64(s.bounded(uint64(high)-uint64(low)-1)), nil
}

// bounded returns a value in [0, max] by numpy's legacy masked rejection:
// draw, keep the bits below max's highest bit, retry while above max.
// Ranges that fit in 32 bits use one 32-bit draw per try.
func (s *Source) bounded(max uint64) uint64 {
	if max == 0 {
		return 0
	}
	mask := uint64(math.MaxUint64) >> bits.LeadingZeros64(max)
	if max <= math.MaxUint32 {
		for {
			if v := uint64(s.Uint32()) & mask; v <= max {
				return v
			}
		}
	}
	for {
		if v := s.Uint64() & mask; v <= max {
			return v
		}
	}
}

// Shuffle permutes n items in place, as np.random.shuffle permutes an
// array along its first axis: swap(i, j) exchanges items i and j.
func (s *Source) Shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		j := int(s.bounded(uint64(i)))
		swap(i, j)
	}
}

// Perm returns a permutation of 0…n−1, as np.random.permutation(n).
func (s *Source) Perm(n int) []int {
	p := make([]int, max(n, 0))
	for i := range p {
		p[i] = i
	}
	s.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
	return p
}

// Rand fills dst with Float64 values, as np.random.rand(len(dst)).
func (s *Source) Rand(dst []float64) {
	for i := range dst {
		dst[i] = s.Float64()
	}
}

// Randn fills dst with standard normal values in order, as
// np.random.randn(len(dst)); a matrix drawn as randn(r, c) is dst in
// row-major order.
func (s *Source) Randn(dst []float64) {
	for i := range dst {
		dst[i] = s.NormFloat64()
	}
}
