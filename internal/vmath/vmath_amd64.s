#include "textflag.h"

// AVX2 and FMA versions of the Go standard library's amd64 math.Exp
// (exp_amd64.s, its FMA path), math.Log (log_amd64.s) and math.Tanh
// (tanh.go), four elements at a time. Each vector lane performs the same
// operations in the same order as the scalar code, so a lane's result is
// bit for bit the scalar function's; vmath_test.go holds them to that.

// C4 defines a 32-byte constant: four copies of one float64 bit pattern.
#define C4(name, bits) DATA name<>+0(SB)/8, $bits; DATA name<>+8(SB)/8, $bits; DATA name<>+16(SB)/8, $bits; DATA name<>+24(SB)/8, $bits; GLOBL name<>(SB), RODATA|NOPTR, $32

C4(one, 1.0)
C4(two, 2.0)
C4(half, 0.5)
C4(absmask, 0x7FFFFFFFFFFFFFFF)
C4(signmask, 0x8000000000000000)
C4(bias, 0x00000000000003FF)

// Exp (exp_amd64.s).
C4(log2e, 1.4426950408889634073599246810018920)
C4(ln2u, 0.69314718055966295651160180568695068359375)
C4(ln2l, 0.28235290563031577122588448175013436025525412068e-12)
C4(sixteenth, 0.0625)
C4(e24, 1.6666666666666666667e-1)
C4(e32, 4.1666666666666666667e-2)
C4(e40, 8.3333333333333333333e-3)
C4(e48, 1.3888888888888888889e-3)
C4(e56, 1.9841269841269841270e-4)
C4(e64, 2.4801587301587301587e-5)
C4(expmax, 708.0) // below it in magnitude, 2**k is a normal number

// Log (log_amd64.s).
C4(mantmask, 0x000FFFFFFFFFFFFF)
C4(hsqrt2, 7.07106781186547524401e-01)
C4(magic, 0x4330000000000000)    // 2**52: or-ing a small integer into its mantissa converts it
C4(magic1022, 0x43300000000003FE) // 2**52 + 1022
C4(ln2hi, 6.93147180369123816490e-01)
C4(ln2lo, 1.90821492927058770002e-10)
C4(l1, 6.666666666666735130e-01)
C4(l2, 3.999999999940941908e-01)
C4(l3, 2.857142874366239149e-01)
C4(l4, 2.222219843214978396e-01)
C4(l5, 1.818357216161805012e-01)
C4(l6, 1.531383769920937332e-01)
C4(l7, 1.479819860511658591e-01)
C4(minnormal, 0x0010000000000000)
C4(posinf, 0x7FF0000000000000)

// Tanh (tanh.go).
C4(p0, -9.64399179425052238628e-1)
C4(p1, -9.92877231001918586564e1)
C4(p2, -1.61468768441708447952e3)
C4(q0, 1.12811678491632931402e2)
C4(q1, 2.23548839060100448583e3)
C4(q2, 4.84406305325125486048e3)
C4(halfmaxlog, 44.014845965556527147994) // 0.5 * MAXLOG, MAXLOG = 8.8029691931113054295988e+01 = log(2**127)
C4(c0625, 0.625)

// EXP sets V = exp(V) for lanes with |V| ≤ 708, as archExp's FMA path
// does; T1, T3 are scratch, T2 scratch whose lower half is T2X.
#define EXP(V, T1, T2X, T2, T3) \
	VMULPD log2e<>(SB), V, T1 \
	VCVTPD2DQY T1, T2X \
	VCVTDQ2PD T2X, T1 \
	VMOVUPD ln2u<>(SB), T3 \
	VFNMADD231PD T3, T1, V \
	VMOVUPD ln2l<>(SB), T3 \
	VFNMADD231PD T3, T1, V \
	VMULPD sixteenth<>(SB), V, V \
	VMOVUPD e64<>(SB), T1 \
	VFMADD213PD e56<>(SB), V, T1 \
	VFMADD213PD e48<>(SB), V, T1 \
	VFMADD213PD e40<>(SB), V, T1 \
	VFMADD213PD e32<>(SB), V, T1 \
	VFMADD213PD e24<>(SB), V, T1 \
	VFMADD213PD half<>(SB), V, T1 \
	VFMADD213PD one<>(SB), V, T1 \
	VMULPD T1, V, V \
	VADDPD two<>(SB), V, T1 \
	VMULPD T1, V, V \
	VADDPD two<>(SB), V, T1 \
	VMULPD T1, V, V \
	VADDPD two<>(SB), V, T1 \
	VMULPD T1, V, V \
	VADDPD two<>(SB), V, T1 \
	VFMADD213PD one<>(SB), T1, V \
	VPMOVSXDQ T2X, T2 \
	VPADDQ bias<>(SB), T2, T2 \
	VPSLLQ $52, T2, T2 \
	VMULPD T2, V, V

// LOG sets Y0 = log(Y0) for positive normal finite lanes, as archLog
// does. It uses Y1–Y7.
#define LOG \
	VANDPD mantmask<>(SB), Y0, Y2 \
	VORPD half<>(SB), Y2, Y2 \
	VPSRLQ $52, Y0, Y1 \
	VPOR magic<>(SB), Y1, Y1 \
	VSUBPD magic1022<>(SB), Y1, Y1 \
	VCMPPD $0x12, hsqrt2<>(SB), Y2, Y3 \
	VANDPD one<>(SB), Y3, Y3 \
	VSUBPD Y3, Y1, Y1 \
	VADDPD one<>(SB), Y3, Y3 \
	VMULPD Y3, Y2, Y2 \
	VSUBPD one<>(SB), Y2, Y2 \
	VADDPD two<>(SB), Y2, Y4 \
	VDIVPD Y4, Y2, Y3 \
	VMULPD Y3, Y3, Y4 \
	VMULPD Y4, Y4, Y5 \
	VMULPD l7<>(SB), Y5, Y6 \
	VADDPD l5<>(SB), Y6, Y6 \
	VMULPD Y5, Y6, Y6 \
	VADDPD l3<>(SB), Y6, Y6 \
	VMULPD Y5, Y6, Y6 \
	VADDPD l1<>(SB), Y6, Y6 \
	VMULPD Y6, Y4, Y4 \
	VMULPD l6<>(SB), Y5, Y6 \
	VADDPD l4<>(SB), Y6, Y6 \
	VMULPD Y5, Y6, Y6 \
	VADDPD l2<>(SB), Y6, Y6 \
	VMULPD Y6, Y5, Y5 \
	VADDPD Y5, Y4, Y4 \
	VMULPD half<>(SB), Y2, Y7 \
	VMULPD Y2, Y7, Y7 \
	VADDPD Y7, Y4, Y4 \
	VMULPD Y4, Y3, Y3 \
	VMULPD ln2lo<>(SB), Y1, Y4 \
	VADDPD Y4, Y3, Y3 \
	VSUBPD Y3, Y7, Y7 \
	VSUBPD Y2, Y7, Y7 \
	VMULPD ln2hi<>(SB), Y1, Y1 \
	VSUBPD Y7, Y1, Y0

// LOGOK sets AX to 15 when every lane of Y0 is positive, normal and
// finite, the lanes LOG computes. It uses Y5 and Y6.
#define LOGOK \
	VCMPPD $0x1D, minnormal<>(SB), Y0, Y5 \
	VCMPPD $0x11, posinf<>(SB), Y0, Y6 \
	VANDPD Y6, Y5, Y5 \
	VMOVMSKPD Y5, AX

// func expAVX2(dst, x []float64) int
TEXT ·expAVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	XORQ BX, BX
	SHRQ $2, CX
	JZ   expdone
	VMOVUPD absmask<>(SB), Y8
	VMOVUPD expmax<>(SB), Y9
exploop:
	VMOVUPD (SI)(BX*8), Y0
	VANDPD Y8, Y0, Y4
	VCMPPD $0x16, Y9, Y4, Y5 // !(|x| ≤ 708): NaN too
	VMOVMSKPD Y5, AX
	TESTQ AX, AX
	JNZ  expdone
	EXP(Y0, Y1, X2, Y2, Y3)
	VMOVUPD Y0, (DI)(BX*8)
	ADDQ $4, BX
	DECQ CX
	JNZ  exploop
expdone:
	MOVQ BX, ret+48(FP)
	VZEROUPPER
	RET

// func logAVX2(dst, x []float64) int
TEXT ·logAVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	XORQ BX, BX
	SHRQ $2, CX
	JZ   logdone
logloop:
	VMOVUPD (SI)(BX*8), Y0
	LOGOK
	CMPQ AX, $15
	JNE  logdone
	LOG
	VMOVUPD Y0, (DI)(BX*8)
	ADDQ $4, BX
	DECQ CX
	JNZ  logloop
logdone:
	MOVQ BX, ret+48(FP)
	VZEROUPPER
	RET

// func clampedLogAVX2(dst, x []float64, floor float64) int
TEXT ·clampedLogAVX2(SB), NOSPLIT, $0-64
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VBROADCASTSD floor+48(FP), Y8
	XORQ BX, BX
	SHRQ $2, CX
	JZ   cldone
clloop:
	VMOVUPD (SI)(BX*8), Y0
	LOGOK
	CMPQ AX, $15
	JNE  cldone
	LOG
	VMAXPD Y8, Y0, Y0
	VMOVUPD Y0, (DI)(BX*8)
	ADDQ $4, BX
	DECQ CX
	JNZ  clloop
cldone:
	MOVQ BX, ret+56(FP)
	VZEROUPPER
	RET

// func tanhAVX2(dst, x []float64)
//
// A block with lanes on both sides of |x| = 0.625 is computed both ways,
// exp above and the rational function below, and each lane keeps the one
// tanh.go would take, so no lane needs the scalar code; a block on one
// side is computed that way only.
TEXT ·tanhAVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	XORQ BX, BX
	SHRQ $2, CX
	JZ   tanhdone
	VMOVUPD one<>(SB), Y12
	VMOVUPD two<>(SB), Y13
	VXORPD Y14, Y14, Y14
tanhloop:
	VMOVUPD (SI)(BX*8), Y0
	VANDPD absmask<>(SB), Y0, Y1   // z = |x|
	VANDPD signmask<>(SB), Y0, Y8  // the sign of x
	VCMPPD $0x1D, c0625<>(SB), Y1, Y10 // z ≥ 0.625 (not for NaN)
	VMOVMSKPD Y10, AX
	TESTQ AX, AX
	JZ   tanhsmall // no lane takes the exp form
	// |x| ≥ 0.625: 1 − 2/(exp(2z)+1), ±1 above MAXLOG/2.
	VADDPD Y1, Y1, Y2
	EXP(Y2, Y3, X4, Y4, Y5)
	VADDPD Y12, Y2, Y2
	VDIVPD Y2, Y13, Y3
	VSUBPD Y3, Y12, Y3
	VCMPPD $0x1E, halfmaxlog<>(SB), Y1, Y4
	VBLENDVPD Y4, Y12, Y3, Y3
	VORPD Y8, Y3, Y3
	CMPQ AX, $15
	JEQ  tanhstore // every lane takes the exp form
tanhsmall:
	// |x| < 0.625: x + x·s·P(s)/Q(s), s = x², and x itself at 0.
	VMULPD Y0, Y0, Y5
	VMULPD p0<>(SB), Y5, Y6
	VADDPD p1<>(SB), Y6, Y6
	VMULPD Y5, Y6, Y6
	VADDPD p2<>(SB), Y6, Y6
	VADDPD q0<>(SB), Y5, Y7
	VMULPD Y5, Y7, Y7
	VADDPD q1<>(SB), Y7, Y7
	VMULPD Y5, Y7, Y7
	VADDPD q2<>(SB), Y7, Y7
	VMULPD Y5, Y0, Y9
	VMULPD Y6, Y9, Y9
	VDIVPD Y7, Y9, Y9
	VADDPD Y9, Y0, Y9
	VCMPPD $0x00, Y14, Y0, Y11
	VBLENDVPD Y11, Y0, Y9, Y9
	// Keep the exp form where z ≥ 0.625.
	VBLENDVPD Y10, Y3, Y9, Y3
tanhstore:
	VMOVUPD Y3, (DI)(BX*8)
	ADDQ $4, BX
	DECQ CX
	JNZ  tanhloop
tanhdone:
	VZEROUPPER
	RET

// The AVX-512 versions, eight elements at a time: the same operations in
// the same order, on Z registers, with opmasks where the AVX2 code uses
// vector masks, and the constants above broadcast from their first
// element (.BCST).

// EXP512 is EXP on Z registers; T2Y is the lower half of T2.
#define EXP512(V, T1, T2Y, T2, T3) \
	VMULPD.BCST log2e<>(SB), V, T1 \
	VCVTPD2DQ T1, T2Y \
	VCVTDQ2PD T2Y, T1 \
	VBROADCASTSD ln2u<>(SB), T3 \
	VFNMADD231PD T3, T1, V \
	VBROADCASTSD ln2l<>(SB), T3 \
	VFNMADD231PD T3, T1, V \
	VMULPD.BCST sixteenth<>(SB), V, V \
	VBROADCASTSD e64<>(SB), T1 \
	VFMADD213PD.BCST e56<>(SB), V, T1 \
	VFMADD213PD.BCST e48<>(SB), V, T1 \
	VFMADD213PD.BCST e40<>(SB), V, T1 \
	VFMADD213PD.BCST e32<>(SB), V, T1 \
	VFMADD213PD.BCST e24<>(SB), V, T1 \
	VFMADD213PD.BCST half<>(SB), V, T1 \
	VFMADD213PD.BCST one<>(SB), V, T1 \
	VMULPD T1, V, V \
	VADDPD.BCST two<>(SB), V, T1 \
	VMULPD T1, V, V \
	VADDPD.BCST two<>(SB), V, T1 \
	VMULPD T1, V, V \
	VADDPD.BCST two<>(SB), V, T1 \
	VMULPD T1, V, V \
	VADDPD.BCST two<>(SB), V, T1 \
	VFMADD213PD.BCST one<>(SB), T1, V \
	VPMOVSXDQ T2Y, T2 \
	VPADDQ.BCST bias<>(SB), T2, T2 \
	VPSLLQ $52, T2, T2 \
	VMULPD T2, V, V

// LOG512 is LOG on Z0, with Z1–Z7 and K3. Where LOG subtracts 0 or 1 from
// k and multiplies f1 by 1 or 2, it subtracts 1 and doubles (f1+f1) in
// the lanes of the mask only: the same numbers.
#define LOG512 \
	VPANDQ.BCST mantmask<>(SB), Z0, Z2 \
	VPORQ.BCST half<>(SB), Z2, Z2 \
	VPSRLQ $52, Z0, Z1 \
	VPORQ.BCST magic<>(SB), Z1, Z1 \
	VSUBPD.BCST magic1022<>(SB), Z1, Z1 \
	VCMPPD.BCST $0x12, hsqrt2<>(SB), Z2, K3 \
	VSUBPD.BCST one<>(SB), Z1, K3, Z1 \
	VADDPD Z2, Z2, K3, Z2 \
	VSUBPD.BCST one<>(SB), Z2, Z2 \
	VADDPD.BCST two<>(SB), Z2, Z4 \
	VDIVPD Z4, Z2, Z3 \
	VMULPD Z3, Z3, Z4 \
	VMULPD Z4, Z4, Z5 \
	VMULPD.BCST l7<>(SB), Z5, Z6 \
	VADDPD.BCST l5<>(SB), Z6, Z6 \
	VMULPD Z5, Z6, Z6 \
	VADDPD.BCST l3<>(SB), Z6, Z6 \
	VMULPD Z5, Z6, Z6 \
	VADDPD.BCST l1<>(SB), Z6, Z6 \
	VMULPD Z6, Z4, Z4 \
	VMULPD.BCST l6<>(SB), Z5, Z6 \
	VADDPD.BCST l4<>(SB), Z6, Z6 \
	VMULPD Z5, Z6, Z6 \
	VADDPD.BCST l2<>(SB), Z6, Z6 \
	VMULPD Z6, Z5, Z5 \
	VADDPD Z5, Z4, Z4 \
	VMULPD.BCST half<>(SB), Z2, Z7 \
	VMULPD Z2, Z7, Z7 \
	VADDPD Z7, Z4, Z4 \
	VMULPD Z4, Z3, Z3 \
	VMULPD.BCST ln2lo<>(SB), Z1, Z4 \
	VADDPD Z4, Z3, Z3 \
	VSUBPD Z3, Z7, Z7 \
	VSUBPD Z2, Z7, Z7 \
	VMULPD.BCST ln2hi<>(SB), Z1, Z1 \
	VSUBPD Z7, Z1, Z0

// LOGOK512 sets AX to 0xFF when every lane of Z0 is positive, normal and
// finite. It uses K1 and K2.
#define LOGOK512 \
	VCMPPD.BCST $0x1D, minnormal<>(SB), Z0, K1 \
	VCMPPD.BCST $0x11, posinf<>(SB), Z0, K1, K2 \
	KMOVW K2, AX

// func expAVX512(dst, x []float64) int
TEXT ·expAVX512(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	XORQ BX, BX
	SHRQ $3, CX
	JZ   exp8done
	VBROADCASTSD expmax<>(SB), Z9
exp8loop:
	VMOVUPD (SI)(BX*8), Z0
	VPANDQ.BCST absmask<>(SB), Z0, Z4
	VCMPPD $0x16, Z9, Z4, K1 // !(|x| ≤ 708): NaN too
	KMOVW K1, AX
	TESTQ AX, AX
	JNZ  exp8done
	EXP512(Z0, Z1, Y2, Z2, Z3)
	VMOVUPD Z0, (DI)(BX*8)
	ADDQ $8, BX
	DECQ CX
	JNZ  exp8loop
exp8done:
	MOVQ BX, ret+48(FP)
	VZEROUPPER
	RET

// func logAVX512(dst, x []float64) int
TEXT ·logAVX512(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	XORQ BX, BX
	SHRQ $3, CX
	JZ   log8done
log8loop:
	VMOVUPD (SI)(BX*8), Z0
	LOGOK512
	CMPQ AX, $0xFF
	JNE  log8done
	LOG512
	VMOVUPD Z0, (DI)(BX*8)
	ADDQ $8, BX
	DECQ CX
	JNZ  log8loop
log8done:
	MOVQ BX, ret+48(FP)
	VZEROUPPER
	RET

// func clampedLogAVX512(dst, x []float64, floor float64) int
TEXT ·clampedLogAVX512(SB), NOSPLIT, $0-64
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VBROADCASTSD floor+48(FP), Z8
	XORQ BX, BX
	SHRQ $3, CX
	JZ   cl8done
cl8loop:
	VMOVUPD (SI)(BX*8), Z0
	LOGOK512
	CMPQ AX, $0xFF
	JNE  cl8done
	LOG512
	VMAXPD Z8, Z0, Z0
	VMOVUPD Z0, (DI)(BX*8)
	ADDQ $8, BX
	DECQ CX
	JNZ  cl8loop
cl8done:
	MOVQ BX, ret+56(FP)
	VZEROUPPER
	RET

// func tanhAVX512(dst, x []float64)
TEXT ·tanhAVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	XORQ BX, BX
	SHRQ $3, CX
	JZ   tanh8done
	VBROADCASTSD one<>(SB), Z12
	VBROADCASTSD two<>(SB), Z13
	VPXORQ Z14, Z14, Z14
tanh8loop:
	VMOVUPD (SI)(BX*8), Z0
	VPANDQ.BCST absmask<>(SB), Z0, Z1  // z = |x|
	VPANDQ.BCST signmask<>(SB), Z0, Z8 // the sign of x
	VCMPPD.BCST $0x1D, c0625<>(SB), Z1, K3 // z ≥ 0.625 (not for NaN)
	KMOVW K3, AX
	TESTQ AX, AX
	JZ   tanh8small // no lane takes the exp form
	// |x| ≥ 0.625: 1 − 2/(exp(2z)+1), ±1 above MAXLOG/2.
	VADDPD Z1, Z1, Z2
	EXP512(Z2, Z3, Y4, Z4, Z5)
	VADDPD Z12, Z2, Z2
	VDIVPD Z2, Z13, Z3
	VSUBPD Z3, Z12, Z3
	VCMPPD.BCST $0x1E, halfmaxlog<>(SB), Z1, K1
	VMOVAPD Z12, K1, Z3
	VPORQ Z8, Z3, Z3
	CMPQ AX, $0xFF
	JEQ  tanh8store // every lane takes the exp form
tanh8small:
	// |x| < 0.625: x + x·s·P(s)/Q(s), s = x², and x itself at 0.
	VMULPD Z0, Z0, Z5
	VMULPD.BCST p0<>(SB), Z5, Z6
	VADDPD.BCST p1<>(SB), Z6, Z6
	VMULPD Z5, Z6, Z6
	VADDPD.BCST p2<>(SB), Z6, Z6
	VADDPD.BCST q0<>(SB), Z5, Z7
	VMULPD Z5, Z7, Z7
	VADDPD.BCST q1<>(SB), Z7, Z7
	VMULPD Z5, Z7, Z7
	VADDPD.BCST q2<>(SB), Z7, Z7
	VMULPD Z5, Z0, Z9
	VMULPD Z6, Z9, Z9
	VDIVPD Z7, Z9, Z9
	VADDPD Z9, Z0, Z9
	VCMPPD $0x00, Z14, Z0, K2
	VMOVAPD Z0, K2, Z9
	// Keep the exp form where z ≥ 0.625.
	VMOVAPD Z3, K3, Z9
	VMOVAPD Z9, Z3
tanh8store:
	VMOVUPD Z3, (DI)(BX*8)
	ADDQ $8, BX
	DECQ CX
	JNZ  tanh8loop
tanh8done:
	VZEROUPPER
	RET
