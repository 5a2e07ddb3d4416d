#include "textflag.h"

// AVX2 float32 arithmetic, eight elements at a time: each lane is one IEEE
// operation, so every element is bit for bit the scalar Go expression's.

// BIN32VV(op, l) sets c[i] = a[i] op b[i] for CX blocks of eight; DI = c,
// SI = a, DX = b.
#define BIN32VV(op, l) \
	XORQ BX, BX; \
l: \
	VMOVUPS (SI)(BX*4), Y0; \
	op (DX)(BX*4), Y0, Y0; \
	VMOVUPS Y0, (DI)(BX*4); \
	ADDQ $8, BX; \
	DECQ CX; \
	JNZ  l; \
	VZEROUPPER; \
	RET

// BIN32VS(op, l) sets c[i] = a[i] op s; Y1 holds s in every lane.
#define BIN32VS(op, l) \
	XORQ BX, BX; \
l: \
	VMOVUPS (SI)(BX*4), Y0; \
	op Y1, Y0, Y0; \
	VMOVUPS Y0, (DI)(BX*4); \
	ADDQ $8, BX; \
	DECQ CX; \
	JNZ  l; \
	VZEROUPPER; \
	RET

// BIN32SV(op, l) sets c[i] = s op b[i]; l names its loop.
#define BIN32SV(op, l) \
	XORQ BX, BX; \
l: \
	op (DX)(BX*4), Y1, Y0; \
	VMOVUPS Y0, (DI)(BX*4); \
	ADDQ $8, BX; \
	DECQ CX; \
	JNZ  l; \
	VZEROUPPER; \
	RET

// func binary32AVX2(op, form int, c, a, b []float32, s float32)
// form 0: c = a op b; 1: c = a op s; 2: c = s op b; op 0 to 3: + − × ÷.
// len(c)/8 blocks; a and b (those used) at least as long as c.
TEXT ·binary32AVX2(SB), NOSPLIT, $0-92
	MOVQ op+0(FP), AX
	MOVQ form+8(FP), R8
	MOVQ c_base+16(FP), DI
	MOVQ c_len+24(FP), CX
	MOVQ a_base+40(FP), SI
	MOVQ b_base+64(FP), DX
	VBROADCASTSS s+88(FP), Y1
	SHRQ $3, CX
	JZ   none
	CMPQ R8, $1
	JEQ  vs
	JGT  sv
	CMPQ AX, $1
	JEQ  vvsub
	JGT  vvmuldiv
	BIN32VV(VADDPS, vvaddloop)
vvsub:
	BIN32VV(VSUBPS, vvsubloop)
vvmuldiv:
	CMPQ AX, $2
	JNE  vvdiv
	BIN32VV(VMULPS, vvmulloop)
vvdiv:
	BIN32VV(VDIVPS, vvdivloop)
vs:
	CMPQ AX, $1
	JEQ  vssub
	JGT  vsmuldiv
	BIN32VS(VADDPS, vsaddloop)
vssub:
	BIN32VS(VSUBPS, vssubloop)
vsmuldiv:
	CMPQ AX, $2
	JNE  vsdiv
	BIN32VS(VMULPS, vsmulloop)
vsdiv:
	BIN32VS(VDIVPS, vsdivloop)
sv:
	CMPQ AX, $1
	JEQ  svsub
	JGT  svmuldiv
	BIN32SV(VADDPS, svaddloop)
svsub:
	BIN32SV(VSUBPS, svsubloop)
svmuldiv:
	CMPQ AX, $2
	JNE  svdiv
	BIN32SV(VMULPS, svmulloop)
svdiv:
	BIN32SV(VDIVPS, svdivloop)
none:
	RET

// func axpy32AVX2(alpha float32, x, y []float32)
// y[i] += alpha·x[i], the product rounded before the sum, for len(y)/8
// blocks.
TEXT ·axpy32AVX2(SB), NOSPLIT, $0-56
	VBROADCASTSS alpha+0(FP), Y1
	MOVQ x_base+8(FP), SI
	MOVQ y_base+32(FP), DI
	MOVQ y_len+40(FP), CX
	SHRQ $3, CX
	JZ   axpydone
	XORQ BX, BX
axpyloop:
	VMULPS (SI)(BX*4), Y1, Y0
	VADDPS (DI)(BX*4), Y0, Y0
	VMOVUPS Y0, (DI)(BX*4)
	ADDQ $8, BX
	DECQ CX
	JNZ  axpyloop
	VZEROUPPER
axpydone:
	RET

// func sum32AVX2(x []float32) (s0, s1, s2, s3 float64)
// The sums, in float64, of the elements of len(x)/16 blocks of sixteen
// by lane: sK holds lanes K, 4+K, 8+K and 12+K of every block, added in
// order, lane 0 and 4 first; the caller adds them up.
TEXT ·sum32AVX2(SB), NOSPLIT, $0-56
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	SHRQ $4, CX
	JZ   sumdone
	XORQ BX, BX
sumloop:
	VCVTPS2PD (SI)(BX*4), Y4
	VCVTPS2PD 16(SI)(BX*4), Y5
	VCVTPS2PD 32(SI)(BX*4), Y6
	VCVTPS2PD 48(SI)(BX*4), Y7
	VADDPD Y4, Y0, Y0
	VADDPD Y5, Y1, Y1
	VADDPD Y6, Y2, Y2
	VADDPD Y7, Y3, Y3
	ADDQ $16, BX
	DECQ CX
	JNZ  sumloop
sumdone:
	VADDPD Y1, Y0, Y0
	VADDPD Y3, Y2, Y2
	VADDPD Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	MOVSD X0, s0+24(FP)
	VUNPCKHPD X0, X0, X2
	MOVSD X2, s1+32(FP)
	MOVSD X1, s2+40(FP)
	VUNPCKHPD X1, X1, X3
	MOVSD X3, s3+48(FP)
	VZEROUPPER
	RET

// func scale32AVX2(alpha float32, x, y []float32)
// y[i] = alpha·x[i] + 0, for len(y)/8 blocks: the first term of a product
// whose sum starts at +0 (so a −0 product gives +0, as 0 + (−0) does).
TEXT ·scale32AVX2(SB), NOSPLIT, $0-56
	VBROADCASTSS alpha+0(FP), Y1
	MOVQ x_base+8(FP), SI
	MOVQ y_base+32(FP), DI
	MOVQ y_len+40(FP), CX
	VXORPS Y2, Y2, Y2
	SHRQ $3, CX
	JZ   scaledone
	XORQ BX, BX
scaleloop:
	VMULPS (SI)(BX*4), Y1, Y0
	VADDPS Y2, Y0, Y0
	VMOVUPS Y0, (DI)(BX*4)
	ADDQ $8, BX
	DECQ CX
	JNZ  scaleloop
	VZEROUPPER
scaledone:
	RET
