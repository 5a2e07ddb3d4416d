// Package machine executes gorgonia expression graphs: it is the executor
// under graph.Program.
//
// A Machine is made once for the outputs of a graph (New) and run again and
// again (Run). It computes the nodes that the outputs depend on in
// dependency order, in the calling goroutine, on output buffers made once
// and kept from one run to the next, so that a run of a kept machine
// allocates nothing.
//
// # Why not gorgonia's TapeMachine
//
// The TapeMachine's costs dominate small networks: every RunAll starts a
// goroutine and locks an OS thread (≈ 55 µs), every instruction allocates
// about 8 times, and Reset drops every register, so each run re-allocates
// every intermediate value; a run that follows a run without Reset silently
// does nothing. The machine executes the same gorgonia ops (their
// UsePreallocDo into the kept buffer, or Do), and for the common float64
// and float32 ops kernels of its own, written once for both (dtype.go),
// that compute bit for bit what gorgonia's do (machine_test.go holds them
// to that), without the tensor package's per-call option handling. tanh,
// exp, ln and internal/ops' clamped log run on internal/vmath's vector
// kernels (AVX-512, or AVX2 and FMA), which compute package math's
// numbers bit for bit, and large elementwise
// work is split over the cores. Where gorgonia's backward pass writes an
// elementwise chain whose intermediate nothing else reads (tanh's
// derivative 1 − t⊙t, a bias broadcast into an addition), the machine
// computes it in one pass with the same roundings (fuse.go). Large matrix products are the exception to the bit
// for bit rule: they go to internal/gemm's faster kernel, or to OpenBLAS
// with the openblas build tag, which round differently. float32 sums are
// the other: they add in float64 and round once, where gorgonia adds in
// float32 (float32.go, with the machine's other float32 kernels: AVX2
// tanh, arithmetic and products, bit for bit gorgonia's).
//
// # The machine never writes its inputs
//
// The values of inputs, parameters and constants are read, never
// overwritten: no op runs in place, and every kernel writes into a buffer
// of its own. Callers rely on this to bind their data to an input without
// copying it, and to let an optimizer update the parameters between runs.
// The values the machine computes are its own, and the next Run overwrites
// them.
//
// # How gorgonia's ops are recognised
//
// gorgonia exports neither its op types nor what an op computes, so the
// machine recognises ops by probes of gorgonia's internals: op types taken
// from sample nodes, op strings ("A × Bᵀ") and unexported fields (the axes
// of a sum). Every probe is in probe.go, and probe_test.go fails, naming
// the probe, when a gorgonia version changes what a probe reads. An op no
// probe recognises runs on the generic kernel: gorgonia's own code, slower
// but correct.
//
// # Where gradients come from
//
// The machine knows nothing of derivatives. graph.Compile asks gorgonia to
// build the gradient nodes (gorgonia.Backpropagate): for gorgonia's own ops
// the derivative is the op's SymDiff in gorgonia; gradlab's own ops in
// internal/ops, the clamped log and BCE from logits, carry their own
// SymDiff. Either way the gradients are ordinary nodes of the same graph,
// so they are compiled into the same machine as the cost and run on the
// same kernels, in one Run.
package machine
