package nprand

import "math"

//go:generate /usr/bin/python3 testdata/logtable.py

// numpy's Gaussian takes the C library's log, and glibc's is not correctly
// rounded: about one result in 1,200 on (0, 1) is an ulp from the nearest
// double, and the polar method's division, square root and product turn that
// into as much as 3 ulps of the draw. To give numpy's draws bit for bit, log
// repeats glibc's own log, operation for operation, as the FMA build that
// numpy calls on x86-64 CPUs with FMA runs it (glibc ≥ 2.28,
// __ieee754_log_fma; the algorithm and constants are ARM's
// optimized-routines log, MIT licence).
// Every fused multiply-add of that build is a math.FMA here, and every
// product it rounds alone is a float64 conversion, so that Go compilers
// which fuse on their own (arm64, ppc64le, s390x, riscv64) give the same bits.
//
// glibc's build for CPUs without FMA rounds differently now and then: run
// with GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA, it gives another log for
// 119 of 10⁶ inputs on (0, 1), and numpy another randn draw for 1 of the
// fixtures' 50,000. Those draws are not this package's.

const (
	logOff = 0x3fe6000000000000 // the bits of 0x1.6p-1: x = 2^k·z, z in [logOff, 2·logOff)
	logLo  = 0x3fee000000000000 // the bits of 1 − 0x1p-4
	logHi  = 0x3ff1090000000000 // the bits of 1 + 0x1.09p-4
)

// log returns the natural logarithm of x as glibc's log does: the same
// bits for every float64, with log(0) = −Inf, log(x < 0) = NaN, log(+Inf) = +Inf.
func log(x float64) float64 {
	ix := math.Float64bits(x)
	if ix-logLo < logHi-logLo {
		return logNear1(x)
	}
	if top := ix >> 48; top-0x0010 >= 0x7ff0-0x0010 {
		switch {
		case ix<<1 == 0:
			return math.Inf(-1)
		case x == math.Inf(1):
			return x
		case top&0x8000 != 0 || top&0x7ff0 == 0x7ff0:
			return math.NaN()
		}
		// Subnormal: scale into the normal range, and take the scale back out of the exponent.
		ix = math.Float64bits(x*0x1p52) - 52<<52
	}
	tmp := ix - logOff
	i := tmp >> (52 - 7) % 128
	k := int64(tmp) >> 52
	z := math.Float64frombits(ix - tmp&(0xfff<<52))
	invc, logc := logTable[i][0], logTable[i][1]

	// log(x) = log1p(z/c − 1) + log(c) + k·ln2, r = z/c − 1 rounded once.
	r := math.FMA(z, invc, -1)
	kd := float64(k)
	w := math.FMA(kd, logLn2Hi, logc)
	hi := w + r
	lo := math.FMA(kd, logLn2Lo, w-hi+r)

	a := &logPoly
	r2 := float64(r * r)
	r3 := float64(r * r2)
	p := math.FMA(math.FMA(r, a[4], a[3]), r2, math.FMA(r, a[2], a[1]))
	return math.FMA(r3, p, math.FMA(r2, a[0], lo)) + hi
}

// logNear1 is log for x in [1 − 0x1p-4, 1 + 0x1.09p-4), where a table
// would lose too much to cancellation; r = x − 1 is exact there.
func logNear1(x float64) float64 {
	if x == 1 {
		return 0
	}
	b := &logPoly1
	r := x - 1
	r2 := float64(r * r)
	r3 := float64(r * r2)
	p := math.FMA(r2, b[9], math.FMA(r, b[8], b[7]))
	p = math.FMA(math.FMA(r3, b[10], p), r3, math.FMA(r2, b[6], math.FMA(r, b[5], b[4])))
	p = math.FMA(p, r3, math.FMA(r2, b[3], math.FMA(r, b[2], b[1])))

	// r + b0·r² in more than double precision: rhi holds r's top 26 bits,
	// so that rhi² is exact.
	rhi := math.FMA(-0x1p27, r, math.FMA(r, 0x1p27, r))
	rlo := r - rhi
	rhi2 := float64(rhi * rhi)
	hi := math.FMA(rhi2, b[0], r)
	lo := math.FMA(rhi2, b[0], r-hi)
	lo = math.FMA(float64(b[0]*rlo), r+rhi, lo)
	return hi + math.FMA(p, r3, lo)
}
