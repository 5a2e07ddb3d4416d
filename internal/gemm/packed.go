package gemm

import "sync"

// Blocking of the packed product, in the manner of Goto and van de Geijn
// ("Anatomy of high-performance matrix multiplication", 2008): C is
// computed in mr×nr tiles by the micro-kernel from panels of A and B
// packed so that the kernel reads them sequentially; kc is the depth of a
// panel (a packed panel of B, 24–32 KiB, stays in L1 while the kernel
// runs down the rows), mc and nc bound the packed blocks of A and B (L2).
//
// Every element of C is the same sum whatever the kernel: kc terms at a
// time, each block a chain of fused multiply-adds in the order of k
// starting from zero, added to C after the first block. So the AVX-512 and
// the AVX2 kernels give the same numbers, bit for bit.
const (
	kc = 256
	mc = 96
	nc = 480

	maxMR, maxNR = 8, 16
)

// A kernel sets (first) or adds to (not first) the mr×nr block of C at c,
// row stride ldc, the product of the packed panels a (kc×mr) and b
// (kc×nr). kc must be at least 1.
type kernel struct {
	mr, nr int
	run    func(kc int, a, b, c *float64, ldc int, first bool)
}

// buffers holds one goroutine's packed blocks, reused between products.
type buffers struct {
	a    [mc * kc]float64
	b    [kc * nc]float64
	tile [maxMR * maxNR]float64
}

var pool = sync.Pool{New: func() any { return new(buffers) }}

// packed computes C = op(A)·op(B) in the calling goroutine with kernel kr.
func packed(kr kernel, tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	buf := pool.Get().(*buffers)
	defer pool.Put(buf)
	mr, nr := kr.mr, kr.nr
	for jc := 0; jc < n; jc += nc {
		ncb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kc {
			kcb := min(kc, k-pc)
			packB(buf.b[:], nr, tB, b, ldb, pc, kcb, jc, ncb)
			for ic := 0; ic < m; ic += mc {
				mcb := min(mc, m-ic)
				packA(buf.a[:], mr, tA, a, lda, ic, mcb, pc, kcb)
				for jr := 0; jr < ncb; jr += nr {
					bp := &buf.b[jr*kcb]
					for ir := 0; ir < mcb; ir += mr {
						ap := &buf.a[ir*kcb]
						i, j := ic+ir, jc+jr
						if ir+mr <= mcb && jr+nr <= ncb {
							kr.run(kcb, ap, bp, &c[i*ldc+j], ldc, pc == 0)
							continue
						}
						// An edge tile: computed whole into tile, then
						// the part inside C kept.
						kr.run(kcb, ap, bp, &buf.tile[0], nr, true)
						ri, rj := min(mr, mcb-ir), min(nr, ncb-jr)
						for r := range ri {
							dst := c[(i+r)*ldc+j : (i+r)*ldc+j+rj]
							src := buf.tile[r*nr : r*nr+rj]
							if pc == 0 {
								copy(dst, src)
							} else {
								for q, v := range src {
									dst[q] += v
								}
							}
						}
					}
				}
			}
		}
	}
}

// packA copies rows i0…i0+mcb and columns p0…p0+kcb of op(A) into dst as
// mr-row panels, each stored column by column (the kernel's order),
// padded with zeros to whole panels.
func packA(dst []float64, mr int, tA bool, a []float64, lda, i0, mcb, p0, kcb int) {
	for ir := 0; ir < mcb; ir += mr {
		panel := dst[ir*kcb : (ir+mr)*kcb]
		rows := min(mr, mcb-ir)
		if tA {
			// Rows of A as stored are columns of op(A): each one
			// contributes a contiguous run of a panel column.
			for p := range kcb {
				src := a[(p0+p)*lda+i0+ir:]
				out := panel[p*mr : (p+1)*mr]
				copy(out, src[:rows])
				clear(out[rows:])
			}
			continue
		}
		if mr == 8 && rows == 8 {
			packA8(panel, a[(i0+ir)*lda+p0:], lda, kcb)
			continue
		}
		for r := range mr {
			if r >= rows {
				for p := range kcb {
					panel[p*mr+r] = 0
				}
				continue
			}
			i := i0 + ir + r
			row := a[i*lda+p0 : i*lda+p0+kcb]
			for p, v := range row {
				panel[p*mr+r] = v
			}
		}
	}
}

// packA8 interleaves the 8×kcb block at a (row stride lda) into panel,
// kcb columns of 8, written in order from eight sequential reads (as
// packBT16 does).
func packA8(panel, a []float64, lda, kcb int) {
	var r [8][]float64
	for i := range r {
		r[i] = a[i*lda : i*lda+kcb]
	}
	for p := range kcb {
		out := (*[8]float64)(panel[p*8:])
		out[0], out[1], out[2], out[3] = r[0][p], r[1][p], r[2][p], r[3][p]
		out[4], out[5], out[6], out[7] = r[4][p], r[5][p], r[6][p], r[7][p]
	}
}

// packB copies rows p0…p0+kcb and columns j0…j0+ncb of op(B) into dst as
// nr-column panels, each stored row by row, padded with zeros.
func packB(dst []float64, nr int, tB bool, b []float64, ldb, p0, kcb, j0, ncb int) {
	if tB {
		packBT(dst, nr, b, ldb, p0, kcb, j0, ncb)
		return
	}
	// Row by row of B, so that memory is read in its order: each row's
	// stretch of ncb elements is dealt out to the panels.
	full := ncb / nr * nr
	for p := range kcb {
		row := b[(p0+p)*ldb+j0 : (p0+p)*ldb+j0+ncb]
		jr := 0
		if nr == 16 && full > 0 {
			// The AVX-512 kernel's panels; a copy() of each 16 calls
			// memmove, at twice the cost.
			_ = dst[(full-16)*kcb+p*16+15]
			copyRow16(&dst[p*16], &row[0], full/16, 16*kcb)
			jr = full
		} else {
			for ; jr < full; jr += nr {
				copy(dst[jr*kcb+p*nr:jr*kcb+(p+1)*nr], row[jr:jr+nr])
			}
		}
		if jr < ncb {
			out := dst[jr*kcb+p*nr : jr*kcb+(p+1)*nr]
			copy(out, row[jr:])
			clear(out[ncb-jr:])
		}
	}
}

// packBT is packB for B stored transposed: the columns of op(B) are rows
// in memory. A full panel is written row by row of the panel, reading its
// nr columns side by side, each along its run of k; see packBT16.
func packBT(dst []float64, nr int, b []float64, ldb, p0, kcb, j0, ncb int) {
	for jr := 0; jr < ncb; jr += nr {
		panel := dst[jr*kcb : (jr+nr)*kcb]
		cols := min(nr, ncb-jr)
		if nr == 16 && cols == 16 {
			packBT16(panel, b[(j0+jr)*ldb+p0:], ldb, kcb)
			continue
		}
		for q := range nr {
			if q >= cols {
				for p := range kcb {
					panel[p*nr+q] = 0
				}
				continue
			}
			col := b[(j0+jr+q)*ldb+p0 : (j0+jr+q)*ldb+p0+kcb]
			for p, v := range col {
				panel[p*nr+q] = v
			}
		}
	}
}

// packBT16 transposes the 16×kcb block at b (row stride ldb) into panel,
// kcb rows of 16. Writing the panel in order, from sixteen sequential
// reads, is several times faster than scattering each column's elements
// 16 apart.
func packBT16(panel, b []float64, ldb, kcb int) {
	var r [16][]float64
	for q := range r {
		r[q] = b[q*ldb : q*ldb+kcb]
	}
	for p := range kcb {
		out := (*[16]float64)(panel[p*16:])
		out[0], out[1], out[2], out[3] = r[0][p], r[1][p], r[2][p], r[3][p]
		out[4], out[5], out[6], out[7] = r[4][p], r[5][p], r[6][p], r[7][p]
		out[8], out[9], out[10], out[11] = r[8][p], r[9][p], r[10][p], r[11][p]
		out[12], out[13], out[14], out[15] = r[12][p], r[13][p], r[14][p], r[15][p]
	}
}
