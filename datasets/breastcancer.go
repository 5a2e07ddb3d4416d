package datasets

import (
	"bytes"
	_ "embed"
)

// The data set and its credit are in data/; see data/README.md.
//
//go:embed data/breast_cancer_wisconsin.csv
var breastCancerCSV []byte

// BreastCancer returns the Breast Cancer Wisconsin (Diagnostic) set
// (Wolberg, Street and Mangasarian, 1995; UCI Machine Learning Repository,
// doi:10.24432/C5DW2B, CC BY 4.0): 569 tumours described by 30 features,
// labelled benign (0, 357 rows) or malignant (1, 212 rows).
func BreastCancer() (*Set, error) {
	s, err := ReadCSV(bytes.NewReader(breastCancerCSV), "breast-cancer", CSVOptions{Label: "diagnosis", Header: HeaderYes})
	if err != nil {
		return nil, err
	}
	return s, nil
}
