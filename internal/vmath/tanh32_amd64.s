#include "textflag.h"

// An AVX2 version of chewxy/math32's Tanh (tanh.go) and, inside it, its
// amd64 Exp (exp_amd64.s), eight float32 elements at a time. Each lane
// performs the scalar code's operations, each rounded to float32, in the
// same order (no FMA: neither the assembly nor Go's amd64 code fuses), so
// a lane's result is bit for bit math32.Tanh's; tanh32_test.go holds it
// to that.

// C8 defines a 32-byte constant: eight copies of one 32-bit pattern.
#define C8(name, bits) DATA name<>+0(SB)/4, $bits; DATA name<>+4(SB)/4, $bits; DATA name<>+8(SB)/4, $bits; DATA name<>+12(SB)/4, $bits; DATA name<>+16(SB)/4, $bits; DATA name<>+20(SB)/4, $bits; DATA name<>+24(SB)/4, $bits; DATA name<>+28(SB)/4, $bits; GLOBL name<>(SB), RODATA|NOPTR, $32

C8(one32, 0x3f800000)
C8(two32, 0x40000000)
C8(abs32, 0x7fffffff)
C8(sign32, 0x80000000)
C8(bias32, 0x0000007f)
C8(c0625f, 0x3f200000)    // 0.625
C8(halfmaxlog32, 0x42300f34) // float32(0.5·MAXLOG)

// Exp's constants, as its MULSS and ADDSS round them to float32.
C8(log2e32, 0x3fb8aa3b)
C8(ln2u32, 0x3f317200)
C8(ln2l32, 0x35bfbe8e)
C8(sixteenth32, 0x3d800000)
C8(t4f, 0x3c09116b)
C8(t3f, 0x3d2aaf4c)
C8(t2f, 0x3e2aaa5e)
C8(t1f, 0x3f000000)

// Tanh's polynomial for |x| < 0.625.
C8(tp0, 0xbbbaf0ea) // −5.70498872745e-3
C8(tp1, 0x3ca9134e) // 2.06390887954e-2
C8(tp2, 0x3d5c1e2d) // 5.37397155531e-2, subtracted
C8(tp3, 0x3e088393) // 1.33314422036e-1
C8(tp4, 0x3eaaaa99) // 3.33332819422e-1, subtracted

// func tanh32AVX2(dst, x []float32)
// Sets dst[i] = math32.Tanh(x[i]) for len(dst)/8 blocks of eight.
TEXT ·tanh32AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	XORQ BX, BX
	SHRQ $3, CX
	JZ   done
	VXORPS Y15, Y15, Y15
loop:
	VMOVUPS (SI)(BX*4), Y0
	VANDPS abs32<>(SB), Y0, Y1  // z = |x|
	VANDPS sign32<>(SB), Y0, Y8 // the sign of x

	// z ≥ 0.625: s = Exp(z+z), as exp_amd64.s computes it; its range
	// checks never fire for 1.25 ≤ z+z ≤ 88.03, the lanes that keep it.
	VADDPS Y1, Y1, Y2
	VMULPS log2e32<>(SB), Y2, Y3
	VCVTPS2DQ Y3, Y4 // k, rounded to nearest even as CVTSS2SL does
	VCVTDQ2PS Y4, Y3
	VMULPS ln2u32<>(SB), Y3, Y5
	VSUBPS Y5, Y2, Y2
	VMULPS ln2l32<>(SB), Y3, Y5
	VSUBPS Y5, Y2, Y2
	VMULPS sixteenth32<>(SB), Y2, Y2
	VADDPS t4f<>(SB), Y3, Y3 // exp_amd64.s adds T4 to k itself
	VMULPS Y2, Y3, Y3
	VADDPS t3f<>(SB), Y3, Y3
	VMULPS Y2, Y3, Y3
	VADDPS t2f<>(SB), Y3, Y3
	VMULPS Y2, Y3, Y3
	VADDPS t1f<>(SB), Y3, Y3
	VMULPS Y2, Y3, Y3
	VADDPS one32<>(SB), Y3, Y3
	VMULPS Y3, Y2, Y2
	VADDPS two32<>(SB), Y2, Y3
	VMULPS Y3, Y2, Y2
	VADDPS two32<>(SB), Y2, Y3
	VMULPS Y3, Y2, Y2
	VADDPS two32<>(SB), Y2, Y3
	VMULPS Y3, Y2, Y2
	VADDPS two32<>(SB), Y2, Y3
	VMULPS Y3, Y2, Y2
	VADDPS one32<>(SB), Y2, Y2
	VPADDD bias32<>(SB), Y4, Y4
	VPSLLD $23, Y4, Y4
	VMULPS Y4, Y2, Y2

	// 1 − 2/(s+1), with x's sign; ±1 above MAXLOG/2.
	VADDPS one32<>(SB), Y2, Y2
	VMOVUPS two32<>(SB), Y5
	VDIVPS Y2, Y5, Y5
	VMOVUPS one32<>(SB), Y6
	VSUBPS Y5, Y6, Y6
	VORPS Y8, Y6, Y6
	VORPS one32<>(SB), Y8, Y7
	VCMPPS $0x1E, halfmaxlog32<>(SB), Y1, Y9 // z > MAXLOG/2 (not for NaN)
	VBLENDVPS Y9, Y7, Y6, Y6

	// z < 0.625: ((((p0·s + p1)·s − p2)·s + p3)·s − p4)·s·x + x, s = x², and
	// x itself at ±0.
	VMULPS Y0, Y0, Y5
	VMULPS tp0<>(SB), Y5, Y7
	VADDPS tp1<>(SB), Y7, Y7
	VMULPS Y5, Y7, Y7
	VSUBPS tp2<>(SB), Y7, Y7
	VMULPS Y5, Y7, Y7
	VADDPS tp3<>(SB), Y7, Y7
	VMULPS Y5, Y7, Y7
	VSUBPS tp4<>(SB), Y7, Y7
	VMULPS Y5, Y7, Y7
	VMULPS Y0, Y7, Y7
	VADDPS Y0, Y7, Y7
	VCMPPS $0x00, Y15, Y0, Y10 // x == 0
	VBLENDVPS Y10, Y0, Y7, Y7

	VCMPPS $0x1D, c0625f<>(SB), Y1, Y9 // z ≥ 0.625 (not for NaN)
	VBLENDVPS Y9, Y6, Y7, Y7
	VMOVUPS Y7, (DI)(BX*4)
	ADDQ $8, BX
	DECQ CX
	JNZ  loop
done:
	VZEROUPPER
	RET
