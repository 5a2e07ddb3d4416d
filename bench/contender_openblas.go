//go:build openblas

package main

const contender = "gradlab-openblas"
