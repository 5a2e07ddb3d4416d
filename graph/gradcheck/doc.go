// Package gradcheck compares the gradients a graph.Program computes by
// backpropagation with central differences, (J(θ+ε) − J(θ−ε)) / 2ε, and
// says which elements disagree, why, and how strong the check was.
//
// # Verdict
//
// An element passes when |analytic − numeric| ≤ atol + rtol·|numeric|, the
// rule of PyTorch's torch.autograd.gradcheck (its slow mode compares the
// Jacobians with torch.allclose, whose rule this is), with PyTorch's step
// ε = 1e-6 and float64 tolerances tighter than PyTorch's: atol = 1e-8 and
// rtol = 1e-5 where PyTorch has 1e-5 and 1e-3 (PyTorchAtol, PyTorchRtol).
// PyTorch's rtol passes any error below 1e-3 of an element by
// construction, and its atol every error of a gradient below 1e-5 (the
// exercise's b1 is about 1e-7); the defaults find a single element wrong
// by 1e-4, and the correct networks that made issue 16's false alarms
// (spirals with 64,64 hidden units, breast-cancer with 100,100) pass them,
// with no element even unresolved. The course's rule,
// one relative norm ‖g−g̃‖₂/(‖g‖₂+‖g̃‖₂) over every element against 2e-7
// with ε = 1e-7, is the mode Course. The relative norm is reported in every
// mode; it is a summary, not the verdict, outside Course: one norm over all
// elements lets the finite-difference noise of tiny gradients decide it
// (issue 16's false alarms). In Course mode the elements that fail the
// per-element rule are still listed. The quotient divides by 2ε exactly,
// as PyTorch and the course do.
//
// Every failing element is listed, up to Config.MaxListed, with a count of
// all: node, index, analytic and numeric value, absolute and relative error.
// A failing element is then diagnosed:
//
//   - Noise floor. Its derivative is estimated again at ε = 1e-2, 1e-3, …,
//     1e-10. The smallest change between neighbouring estimates (never less
//     than the quotient's resolution, one ulp of the cost over 2ε) is the
//     element's finite-difference noise floor: differences cannot resolve
//     the derivative more finely. An element whose analytic value lies
//     within the floor of its steadiest estimate (the larger step of that
//     pair), or agrees with that estimate by the rule above, is reported
//     as unresolved at the check's ε (with its floor and best ε), never
//     as a failure: the disagreement is the step's, not the gradient's.
//   - Kinks. If the input of a non-differentiable op on the element's path
//     to the cost lies within ε of the op's kink, or crosses it between the
//     runs at θ+ε and θ−ε, the element is reported as the kink's: the
//     difference quotient straddles a corner and says nothing about the
//     gradient. The kinks known are those of comparisons with a constant
//     (gorgonia's Rectify and LeakyRelu compare their input with 0, a clip
//     compares with its bounds) and the floor of gradlab's clamped
//     logarithm (internal/ops.ClampedLog, whose kink is at x = e^floor).
//
// # Modes
//
// Full (the default) checks every element, two forward runs each. Sweep
// adds, for every checked node, the error curve over ε = 1e-2 … 1e-10, the
// best ε and the node's noise floor, and judges each node at its best ε.
// Course is the course's rule. Fast checks directional derivatives, as
// JAX's check_grads (one random direction) and PyTorch's fast_mode (one
// random vector per input) do: for k seeded directions u per node, drawn
// uniformly on the unit sphere, it compares uᵀ∇J with
// (J(θ+εu) − J(θ−εu)) / 2ε, two forward runs per direction instead of two
// per element. The tolerance of a direction is atol + rtol·|numeric|, as
// for an element (PyTorch scales atol by Σu·Σv instead, the worst case of
// errors all of one sign).
//
// Fast mode's detection power: an error δ in one element i of a node of n
// elements moves uᵀ∇J by u_i·δ, and u_i is close to N(0, 1/n), so one
// direction detects it with probability about P(|Z| > τ√n/|δ|), Z standard
// normal, τ the direction's tolerance, and k directions with probability
// 1 − (1 − P(|Z| > τ√n/|δ|))^k. An error with |δ| ≤ τ is never detected,
// since |u_i| ≤ 1. With τ = 1e-5 (PyTorch's atol), n = 4,160 (W2 of a 64,64
// network) and k = 8, errors of 1e-2 are all but certain to be found,
// errors of 1e-4 almost never; the default atol, a thousand times smaller,
// finds errors a thousand times smaller: NodeReport.Detectable gives, per node, the δ found with
// probability 0.99 (the normal approximation wants n large; a node of one
// element finds any |δ| > τ). Fast mode finds wrong ops and wrong scales,
// which touch every element; Full finds a wrong element.
//
// # float32
//
// A float32 graph is checked in its own dtype, central differences whose
// quotient divides by the step as rounded to float32, with ε = 1e-2 and
// atol = rtol = 2e-3. The tolerances are JAX's for float32 gradients
// (default_gradient_tolerance in jax/_src/public_test_util.py); the step
// is the best of a sweep of float32 networks (spirals, 16,16 hidden units,
// Xavier weights: best ε 1e-2 to 3e-2, errors at most 8e-5), larger than
// JAX's 1e-4 because a float32 cost moves by whole ulps: at 1e-4 the same
// network's errors were 40 to 180 times larger. Gradients much below 1e-4
// are not resolved in float32 (the noise floor says so); Report.Method
// names the method.
//
// # Sensitivity
//
// With Config.Sensitivity the check is run again, without new forward
// runs, on analytic gradients spoiled in known ways: each node's gradient
// scaled by 1+δ, its largest element scaled by 1+δ, zeroed or negated, and
// every gradient multiplied by m, the examples, as a cost that forgot its
// 1/m. It reports the smallest δ each check detects and lists the faults it
// would miss, so that a test's ε and tolerances are seen to be strong
// enough instead of loosened until the test passes. Only elements that
// pass unspoiled can detect a fault; a Course check that fails unspoiled
// detects none.
//
// # Cost
//
// Full and Course cost two forward runs per element, Sweep eighteen, Fast
// two per direction, and diagnosing a failing element about twenty more.
// The runs are sequential: a graph.Program is not safe for concurrent use
// and reads the values of the graph's nodes, which the check moves in
// place, so parallel workers would need graphs of their own. Measured on
// two cores (bench_test.go): the exercise's 2→4→1 network on 400 points
// in 1 ms, spirals with hidden layers 64,64 (4,417 parameters, 64
// examples) in 1.1 s in Full mode and 11 ms in Fast mode.
package gradcheck
