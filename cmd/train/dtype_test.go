package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	nnmodel "github.com/gradlab/gradlab/nn/model"
	"gorgonia.org/tensor"
)

// -dtype float32 trains in float32 with mini-batches, a validation part and
// early stopping, reports float32 costs, saves a float32 model, and that
// model predicts on the data it was trained on.
func TestDtypeFloat32(t *testing.T) {
	dir := t.TempDir()
	model, data := filepath.Join(dir, "m.json"), filepath.Join(dir, "d.csv")
	code, stdout, stderr := runCmd(t, "-dtype", "float32", "-dataset", "moons", "-batch", "32", "-epochs", "40",
		"-val-split", "0.2", "-patience", "5", "-print-every", "5", "-json", "-save", model, "-export-data", data)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Dtype string `json:"dtype"`
		Costs []struct {
			Cost       float64 `json:"cost"`
			Validation struct {
				Cost float64 `json:"cost"`
			} `json:"validation"`
		} `json:"costs"`
		TrainAccuracy float64 `json:"train_accuracy"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Dtype != "float32" || len(rep.Costs) < 2 {
		t.Fatalf("dtype %q, %d reports", rep.Dtype, len(rep.Costs))
	}
	for i, c := range rep.Costs {
		for _, v := range []float64{c.Cost, c.Validation.Cost} {
			if float64(float32(v)) != v {
				t.Errorf("report %d: cost %v is not a float32 number", i, v)
			}
		}
	}
	if last := rep.Costs[len(rep.Costs)-1].Cost; !(last < rep.Costs[0].Cost) || rep.TrainAccuracy < 0.8 {
		t.Errorf("did not learn: cost %v → %v, train accuracy %v", rep.Costs[0].Cost, last, rep.TrainAccuracy)
	}
	m, err := nnmodel.Load(model)
	if err != nil {
		t.Fatal(err)
	}
	if dt := m.Net.Layers[0].W.Dtype(); dt != tensor.Float32 {
		t.Errorf("the saved model is %v", dt)
	}
	code, stdout, stderr = runCmd(t, "-load", model, "-predict", data)
	if code != 0 {
		t.Fatalf("-predict: exit %d: %s", code, stderr)
	}
	if n := strings.Count(stdout, "\n"); n != 161 { // a header and the 160 training examples
		t.Errorf("-predict printed %d lines:\n%s", n, stdout)
	}
}

// The float64 report says nothing of a dtype, as before -dtype existed.
func TestDtypeFloat64Unchanged(t *testing.T) {
	for _, args := range [][]string{{"-iters", "1", "-json"}, {"-iters", "1", "-json", "-dtype", "float64"}} {
		code, stdout, stderr := runCmd(t, args...)
		if code != 0 || strings.Contains(stdout, "dtype") {
			t.Errorf("%v: exit %d, %s\n%s", args, code, stderr, stdout)
		}
	}
}
