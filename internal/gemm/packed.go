package gemm

import "sync"

// Blocking of the packed product, in the manner of Goto and van de Geijn
// ("Anatomy of high-performance matrix multiplication", 2008): C is
// computed in mr×nr tiles by kernel4x12 from panels of A and B packed so
// that the kernel reads them sequentially; kc is the depth of a panel (a
// packed 12-column panel of B, 24 KiB, stays in L1 while the kernel runs
// down the rows), mc and nc bound the packed blocks of A and B (L2).
const (
	mr = 4
	nr = 12
	kc = 256
	mc = 96
	nc = 480
)

// buffers holds one goroutine's packed blocks, reused between products.
type buffers struct {
	a    [mc * kc]float64
	b    [kc * nc]float64
	tile [mr * nr]float64
}

var pool = sync.Pool{New: func() any { return new(buffers) }}

// packed computes C = op(A)·op(B) in the calling goroutine.
func packed(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	buf := pool.Get().(*buffers)
	defer pool.Put(buf)
	for jc := 0; jc < n; jc += nc {
		ncb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kc {
			kcb := min(kc, k-pc)
			packB(buf.b[:], tB, b, ldb, pc, kcb, jc, ncb)
			for ic := 0; ic < m; ic += mc {
				mcb := min(mc, m-ic)
				packA(buf.a[:], tA, a, lda, ic, mcb, pc, kcb)
				for jr := 0; jr < ncb; jr += nr {
					bp := &buf.b[jr*kcb]
					for ir := 0; ir < mcb; ir += mr {
						ap := &buf.a[ir*kcb]
						i, j := ic+ir, jc+jr
						if ir+mr <= mcb && jr+nr <= ncb {
							kernel4x12(kcb, ap, bp, &c[i*ldc+j], ldc, pc == 0)
							continue
						}
						// An edge tile: computed whole into tile, then
						// the part inside C kept.
						kernel4x12(kcb, ap, bp, &buf.tile[0], nr, true)
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
func packA(dst []float64, tA bool, a []float64, lda, i0, mcb, p0, kcb int) {
	for ir := 0; ir < mcb; ir += mr {
		panel := dst[ir*kcb : (ir+mr)*kcb]
		rows := min(mr, mcb-ir)
		for r := range mr {
			if r >= rows {
				for p := range kcb {
					panel[p*mr+r] = 0
				}
				continue
			}
			i := i0 + ir + r
			if tA {
				for p := range kcb {
					panel[p*mr+r] = a[(p0+p)*lda+i]
				}
			} else {
				row := a[i*lda+p0 : i*lda+p0+kcb]
				for p, v := range row {
					panel[p*mr+r] = v
				}
			}
		}
	}
}

// packB copies rows p0…p0+kcb and columns j0…j0+ncb of op(B) into dst as
// nr-column panels, each stored row by row, padded with zeros.
func packB(dst []float64, tB bool, b []float64, ldb, p0, kcb, j0, ncb int) {
	for jr := 0; jr < ncb; jr += nr {
		panel := dst[jr*kcb : (jr+nr)*kcb]
		cols := min(nr, ncb-jr)
		if tB {
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
			continue
		}
		for p := range kcb {
			row := b[(p0+p)*ldb+j0+jr:]
			out := panel[p*nr : (p+1)*nr]
			copy(out, row[:cols])
			clear(out[cols:])
		}
	}
}
