package model_test

import (
	"path/filepath"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/panictest"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/model"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestNeverPanics(t *testing.T) {
	dir := t.TempDir()
	good := random(t, []int{3}, nn.Tanh)
	var nilModel *model.Model
	withNilLayer := &model.Model{Net: &nn.MLP{Layers: []*nn.Dense{good.Net.Layers[0], nil}}}
	net32, err := nn.NewMLP(mustGraph(t, tensor.Float32), nn.Config{Inputs: 2, Hidden: []int{3}}, zeroSource{})
	if err != nil {
		t.Fatal(err)
	}
	badZ := &model.Model{Net: good.Net, Standardize: &datasets.Standardizer{Mean: []float64{1}}}
	x := points(4)
	y := tensor.New(tensor.WithShape(1, 4), tensor.WithBacking([]float64{0, 1, 0, 1}))
	view, _ := tensor.New(tensor.WithShape(2, 8), tensor.Of(tensor.Float64)).Slice(nil, gorgonia.S(0, 4))
	x32 := tensor.New(tensor.WithShape(2, 4), tensor.Of(tensor.Float32))
	y2 := tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]float64{0, 1, 0}))
	twoOut, err := nn.NewMLP(graph.New(), nn.Config{Inputs: 2, Hidden: []int{3}, Outputs: 2}, zeroSource{})
	if err != nil {
		t.Fatal(err)
	}
	panictest.Errors(t, []panictest.Call{
		{Name: "nil Model Predict", F: func() error { _, err := nilModel.Predict(x); return err }},
		{Name: "zero Model Predict", F: func() error { _, err := (&model.Model{}).Predict(x); return err }},
		{Name: "Model of a zero MLP Predict", F: func() error { _, err := (&model.Model{Net: &nn.MLP{}}).Predict(x); return err }},
		{Name: "Model with a nil layer Predict", F: func() error { _, err := withNilLayer.Predict(x); return err }},
		{Name: "float32 Model Predict on float32", F: func() error { _, err := (&model.Model{Net: net32}).Predict(x32); return err }},
		{Name: "Predict with a standardization of 1 feature", F: func() error { _, err := badZ.Predict(x); return err }},
		{Name: "Predict on nil", F: func() error { _, err := good.Predict(nil); return err }},
		{Name: "Predict on a zero Dense", F: func() error { _, err := good.Predict(&tensor.Dense{}); return err }},
		{Name: "Predict on float32", F: func() error { _, err := good.Predict(x32); return err }},
		{Name: "Predict on a view of float32", F: func() error {
			v, _ := x32.Slice(nil, gorgonia.S(0, 2))
			_, err := good.Predict(v.(*tensor.Dense))
			return err
		}},
		{Name: "Evaluate a view against itself", F: func() error { _, err := good.Evaluate(view.(*tensor.Dense), view.(*tensor.Dense)); return err }},
		{Name: "nil Model Evaluate", F: func() error { _, err := nilModel.Evaluate(x, y); return err }},
		{Name: "Evaluate against nil", F: func() error { _, err := good.Evaluate(x, nil); return err }},
		{Name: "Evaluate against a zero Dense", F: func() error { _, err := good.Evaluate(x, &tensor.Dense{}); return err }},
		{Name: "Evaluate against too few labels", F: func() error { _, err := good.Evaluate(x, y2); return err }},
		{Name: "Evaluate against labels 2", F: func() error {
			_, err := good.Evaluate(x, tensor.New(tensor.WithShape(1, 4), tensor.WithBacking([]float64{0, 2, 0, 1})))
			return err
		}},
		{Name: "Evaluate of two outputs", F: func() error { _, err := (&model.Model{Net: twoOut}).Evaluate(x, y); return err }},
		{Name: "nil Model Save", F: func() error { return nilModel.Save(filepath.Join(dir, "a.json")) }},
		{Name: "zero Model Save", F: func() error { return (&model.Model{}).Save(filepath.Join(dir, "b.json")) }},
		{Name: "Model with a nil layer Save", F: func() error { return withNilLayer.Save(filepath.Join(dir, "c.json")) }},
		{Name: "Model of two outputs Predict", F: func() error { _, err := (&model.Model{Net: twoOut}).Predict(x); return err }},
		{Name: "Model of two outputs with one label Save", F: func() error {
			return (&model.Model{Net: twoOut, Meta: model.Meta{Label: "y"}}).Save(filepath.Join(dir, "d.json"))
		}},
		{Name: "EvaluateLabels of two outputs against one row", F: func() error { _, err := (&model.Model{Net: twoOut}).EvaluateLabels(x, y); return err }},
		{Name: "nil Model Probabilities", F: func() error { _, err := nilModel.Probabilities(x); return err }},
		{Name: "Save to an empty path", F: func() error { return good.Save("") }},
		{Name: "Save to a directory", F: func() error { return good.Save(dir) }},
		{Name: "Load of an empty path", F: func() error { _, err := model.Load(""); return err }},
		{Name: "Load of a directory", F: func() error { _, err := model.Load(dir); return err }},
		{Name: "Decode of nil", F: func() error { _, err := model.Decode(nil); return err }},
		{Name: "Decode of null", F: func() error { _, err := model.Decode([]byte("null")); return err }},
		{Name: "Decode of an array", F: func() error { _, err := model.Decode([]byte("[]")); return err }},
		{Name: "zero ParseError", F: func() error { return &model.ParseError{} }},
		{Name: "nil ParseError", F: func() error { return (*model.ParseError)(nil) }},
	})
	panictest.NoPanic(t, "Classes(nil)", func() { model.Classes(nil) })
	panictest.NoPanic(t, "nil ParseError Unwrap", func() { _ = (*model.ParseError)(nil).Unwrap() })
}
