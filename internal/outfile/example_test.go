package outfile_test

import (
	"fmt"

	"github.com/gradlab/gradlab/internal/outfile"
)

// Two flags naming one file are found out before any work, even when
// neither file exists yet.
func ExampleDistinct() {
	err := outfile.Distinct(
		[]outfile.Named{{Flag: "-out", Path: "predictions.csv"}},
		[]outfile.Named{{Flag: "-predict", Path: "./predictions.csv"}},
	)
	fmt.Println(err)
	// Output:
	// -predict ./predictions.csv and -out predictions.csv name the same file
}
