//go:build !openblas

package main

// contender names this build in the results.
const contender = "gradlab"
