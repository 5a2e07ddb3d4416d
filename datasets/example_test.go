package datasets_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gradlab/gradlab/datasets"
)

// Examples are columns: the notebook's 400 points of 2 features make X
// (2, 400), and their labels Y (1, 400).
func ExamplePlanar() {
	s, err := datasets.Planar(400, 1) // the notebook's load_planar_dataset()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("X:", s.X.Shape(), "Y:", s.Y.Shape())
	// Output:
	// X: (2, 400) Y: (1, 400)
}

// Labels that are not 0/1 are mapped in byte order, and kept, so that
// predictions can be written back with the file's own names.
func ExampleReadCSV() {
	const text = `radius,texture,diagnosis
17.99,10.38,M
13.54,14.36,B
20.57,17.77,M
`
	s, err := datasets.ReadCSV(strings.NewReader(text), "cells.csv", datasets.CSVOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("features:", s.Features)
	fmt.Println("labels 0 and 1:", s.Labels)
	fmt.Println("Y:", s.Y.Data())
	fmt.Printf("X: %v\n%v", s.X.Shape(), s.X)

	_, err = datasets.ReadCSV(strings.NewReader(text+"11.42,20.38,?\n"), "cells.csv", datasets.CSVOptions{})
	fmt.Println(err)
	// Output:
	// features: [radius texture]
	// labels 0 and 1: [B M]
	// Y: [1 0 1]
	// X: (2, 3)
	// ⎡17.99  13.54  20.57⎤
	// ⎣10.38  14.36  17.77⎦
	// cells.csv:5:13: datasets: bad CSV: label "?" is a third value: labels take two (seen "M" and "B")
}

// An epoch of 7 examples in batches of 3: two full batches and a short
// one, in a new order each epoch; Next reports false once between epochs.
func ExampleBatches() {
	s, err := datasets.Generate("xor", datasets.Options{N: 7})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := datasets.NewBatches(s, 3, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	for epoch := range 2 {
		fmt.Print("epoch ", epoch, ":")
		for b.Next() {
			x, y := b.Batch()
			fmt.Printf(" X%v Y%v", x.Shape(), y.Shape())
		}
		fmt.Println()
	}
	// Output:
	// epoch 0: X(2, 3) Y(1, 3) X(2, 3) Y(1, 3) X(2, 1) Y(1, 1)
	// epoch 1: X(2, 3) Y(1, 3) X(2, 3) Y(1, 3) X(2, 1) Y(1, 1)
}

// A quarter of 400 examples is held out, as scikit-learn's
// train_test_split(test_size=0.25) would; the standardizer is fitted on the
// training part only, and applied to both.
func ExampleSplit() {
	s, err := datasets.Planar(400, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	train, test, err := datasets.Split(s, 0.25, 0, false)
	if err != nil {
		fmt.Println(err)
		return
	}
	z, err := datasets.FitStandardizer(train.X)
	if err != nil {
		fmt.Println(err)
		return
	}
	trainX, _ := z.Apply(train.X)
	testX, err := z.Apply(test.X)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("train:", trainX.Shape(), "test:", testX.Shape())
	// Output:
	// train: (2, 300) test: (2, 100)
}

// A fault in a CSV file is a *ParseError: errors.As gives where it is,
// and errors.Is tells it from other errors.
func ExampleParseError() {
	_, err := datasets.ReadCSV(strings.NewReader("a,y\n1,0\nx,1\n"), "cells.csv", datasets.CSVOptions{})
	var pe *datasets.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.File, pe.Line, pe.Column, errors.Is(err, datasets.ErrCSV))
	}
	fmt.Println(err)
	// Output:
	// cells.csv 3 1 true
	// cells.csv:3:1: datasets: bad CSV: feature "a": "x" is not a number
}

// Noise is a pointer: nil is the data set's default, and a value, 0
// included, is used as given. An option the data set does not take is an
// error, not ignored.
func ExampleOptions() {
	none := 0.0
	s, err := datasets.Generate("moons", datasets.Options{N: 100, Noise: &none, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.X.Shape())

	_, err = datasets.Generate("planar", datasets.Options{Noise: &none})
	var oe *datasets.OptionError
	fmt.Println(errors.As(err, &oe), oe.Option)
	fmt.Println(err)
	// Output:
	// moons (2, 100)
	// true Noise
	// datasets: planar: Noise 0: want unset: planar does not take it
}
