package serve_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/internal/serve"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/tensor"
)

func newServer(t testing.TB, o serve.Options) (*serve.Server, *httptest.Server) {
	t.Helper()
	srv, err := serve.New(o)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		srv.Close()
		ts.Close()
	})
	return srv, ts
}

// post sends a form and decodes the JSON answer into out, if any.
func post(t testing.TB, u string, form url.Values, out any) int {
	t.Helper()
	res, err := http.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if out != nil && res.StatusCode != http.StatusNoContent {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			t.Fatalf("POST %s: %d, decoding: %v", u, res.StatusCode, err)
		}
	}
	return res.StatusCode
}

type created struct {
	ID       string            `json:"id"`
	Settings map[string]string `json:"settings"`
	Error    string            `json:"error"`
	Field    string            `json:"field"`
}

func TestConfig(t *testing.T) {
	start := serve.DefaultSettings()
	start.Iters, start.Hidden = 77, []int{3, 2}
	_, ts := newServer(t, serve.Options{Start: &start})
	res, err := http.Get(ts.URL + "/api/config")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var c struct {
		Start   map[string]string   `json:"start"`
		Choices map[string][]string `json:"choices"`
	}
	if err := json.NewDecoder(res.Body).Decode(&c); err != nil {
		t.Fatal(err)
	}
	if c.Start["iters"] != "77" || c.Start["hidden"] != "3,2" {
		t.Errorf("start = %v; want iters 77 and hidden 3,2", c.Start)
	}
	for name, want := range map[string][]string{
		"dataset": append(datasets.Names(), serve.Upload), "activation": nn.ActivationNames(),
		"loss": losses.Names(), "optimizer": optim.Names(), "init": append([]string{""}, nn.InitNames()...),
	} {
		if !slices.Equal(c.Choices[name], want) {
			t.Errorf("choices of %s = %v, want %v", name, c.Choices[name], want)
		}
	}

	// With a validation file, the page names it, to offer val-csv.
	_, ts = newServer(t, serve.Options{Validation: flippedPlanar(t)})
	res, err = http.Get(ts.URL + "/api/config")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var v struct{ Validation string }
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil || v.Validation != "flipped.csv" {
		t.Errorf("config names the validation file %q (%v), want flipped.csv", v.Validation, err)
	}
}

func TestPageIsEmbedded(t *testing.T) {
	_, ts := newServer(t, serve.Options{})
	for path, want := range map[string]string{"/": "<canvas id=\"boundary\"", "/app.js": "EventSource", "/style.css": "#diagram"} {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		_, _ = b.ReadFrom(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(b.String(), want) {
			t.Errorf("GET %s: %d, body without %q", path, res.StatusCode, want)
		}
	}
}

func TestCreateRefusesBadSettings(t *testing.T) {
	_, ts := newServer(t, serve.Options{})
	for _, c := range []struct {
		form  url.Values
		field string
	}{
		{url.Values{"lr": {"abc"}}, "lr"},
		{url.Values{"lr": {"0"}}, "lr"},
		{url.Values{"lr": {"1e9"}}, "lr"},
		{url.Values{"lr": {"NaN"}}, "lr"},
		{url.Values{"hidden": {"1,2,3,4,5,6,7"}}, "hidden"},
		{url.Values{"hidden": {"17"}}, "hidden"},
		{url.Values{"hidden": {""}}, "hidden"},
		{url.Values{"iters": {"0"}}, "iters"},
		{url.Values{"iters": {"1000001"}}, "iters"},
		{url.Values{"dataset": {"nope"}}, "dataset"},
		{url.Values{"dataset": {"upload"}}, "dataset"},
		{url.Values{"dataset": {"moons"}, "noise": {"-1"}}, "noise"}, // the command line's -noise refuses it too
		{url.Values{"dataset": {"moons"}, "noise": {"11"}}, "noise"},
		{url.Values{"n": {"-5"}}, "n"},
		{url.Values{"init": {"orthogonal"}}, "init"},
		{url.Values{"n": {"100000"}}, "n"},
		{url.Values{"test-split": {"0.95"}}, "test-split"},
		{url.Values{"batch": {"401"}}, "batch"},
		{url.Values{"seed": {"-1"}}, "seed"},
		{url.Values{"activation": {"swish"}}, "activation"},
		{url.Values{"optimizer": {"lbfgs"}}, "optimizer"},
		{url.Values{"loss": {"mse"}}, "loss"},
		{url.Values{"schedule": {"cosine"}}, "schedule"},
		{url.Values{"print-every": {"0"}}, "print-every"},
		{url.Values{"stratify": {"true"}}, "stratify"},
		{url.Values{"epochs": {"100000"}, "batch": {"10"}}, "epochs"}, // 40 batches an epoch: 4 million steps
		{url.Values{"print-every-epochs": {"-1"}}, "print-every-epochs"},
		{url.Values{"patience": {"3"}}, "patience"}, // no validation data to watch, as -patience needs -val-split
		{url.Values{"patience": {"-1"}}, "patience"},
		{url.Values{"test-split": {"0.2"}, "patience": {"3"}, "min-delta": {"-0.1"}}, "min-delta"},
		{url.Values{"min-delta": {"0.1"}}, "min-delta"}, // as -min-delta needs -patience
		{url.Values{"val-csv": {"true"}}, "val-csv"},    // no file given at start
		{url.Values{"val-csv": {"true"}, "test-split": {"0.2"}}, "val-csv"},
	} {
		var got created
		if code := post(t, ts.URL+"/api/runs", c.form, &got); code != http.StatusBadRequest || got.Field != c.field || got.Error == "" {
			t.Errorf("%v: %d %+v; want 400 about %s", c.form, code, got, c.field)
		}
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	s := serve.DefaultSettings()
	noise := 0.2
	s.Hidden, s.LR, s.TestSplit, s.Stratify, s.Noise, s.Schedule = []int{8, 4}, 0.05, 0.25, true, &noise, "step:100:0.5"
	s.N, s.Init, s.Epochs, s.Batch = 300, "xavier", 5, 20
	s.EveryEpochs, s.Patience, s.MinDelta = 2, 4, 0.001
	got, err := serve.DefaultSettings().Parse(s.Query())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Errorf("Parse(Query()) = %+v, want %+v", got, s)
	}
	_, err = s.Parse(url.Values{"lr": {"-2"}})
	var se *serve.SettingError
	if !errors.As(err, &se) || se.Field != "lr" || !errors.Is(err, serve.ErrSetting) {
		t.Errorf("lr -2: %v; want a *SettingError about lr wrapping ErrSetting", err)
	}
}

// TestUnsetSettings: the fields whose zero means unset, as their flags'
// absence does on the command line, are left out of the query string (and
// so of the page's address), and an empty value unsets them; noise 0 is
// none, not unset.
func TestUnsetSettings(t *testing.T) {
	q := serve.DefaultSettings().Query()
	for _, k := range []string{"n", "noise", "epochs", "batch", "init", "label", "val-csv", "print-every-epochs", "patience", "min-delta"} {
		if q.Has(k) {
			t.Errorf("the default settings' query has %s=%q; want it left out", k, q.Get(k))
		}
	}
	zero := 0.0
	set := serve.DefaultSettings()
	set.Dataset, set.N, set.Noise, set.Epochs, set.Batch, set.Init = "moons", 50, &zero, 2, 10, "he"
	set.TestSplit, set.EveryEpochs, set.Patience, set.MinDelta = 0.2, 1, 3, 0.01
	if got := set.Query().Get("noise"); got != "0" {
		t.Errorf("noise 0 in the query: %q, want 0 (none)", got)
	}
	unset, err := set.Parse(url.Values{"n": {""}, "noise": {""}, "epochs": {""}, "batch": {""}, "init": {""},
		"print-every-epochs": {""}, "patience": {""}, "min-delta": {""}, "val-csv": {""}})
	if err != nil {
		t.Fatal(err)
	}
	want := set
	want.N, want.Noise, want.Epochs, want.Batch, want.Init = 0, nil, 0, 0, ""
	want.EveryEpochs, want.Patience, want.MinDelta = 0, 0, 0
	if !reflect.DeepEqual(unset, want) {
		t.Errorf("empty values: %+v, want %+v", unset, want)
	}
	none, err := unset.Parse(url.Values{"noise": {"0"}})
	if err != nil || none.Noise == nil || *none.Noise != 0 {
		t.Errorf("noise 0: %v, %v; want 0, none", none.Noise, err)
	}
	var c created
	if code := post(t, serveURL(t)+"/api/runs", url.Values{"dataset": {"moons"}, "noise": {"-0.1"}}, &c); code != http.StatusBadRequest || c.Field != "noise" || !strings.Contains(c.Error, "empty for the data set's own") {
		t.Errorf("noise -0.1: %d %+v; want 400 about noise, saying what it takes", code, c)
	}
}

// serveURL is the address of a new server of the default options.
func serveURL(t *testing.T) string {
	t.Helper()
	_, ts := newServer(t, serve.Options{})
	return ts.URL
}

// stream reads a run's server-sent events.
type stream struct {
	t      testing.TB
	res    *http.Response
	lines  *bufio.Scanner
	cancel context.CancelFunc
}

func open(t testing.TB, ts *httptest.Server, id string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/api/runs/"+id+"/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	t.Cleanup(func() { cancel(); res.Body.Close() })
	lines := bufio.NewScanner(res.Body)
	// A frame can hold many reports when steps are fast: more than the
	// Scanner's default 64 KiB line.
	lines.Buffer(make([]byte, 0, 64<<10), 16<<20)
	return &stream{t: t, res: res, lines: lines, cancel: cancel}
}

// frame is what the tests read of a frame.
type frame struct {
	Gen       int      `json:"gen"`
	State     string   `json:"state"`
	Error     string   `json:"error"`
	Iteration int      `json:"iteration"`
	Total     int      `json:"total"`
	Cost      *float64 `json:"cost"`
	Boundary  string   `json:"boundary"`
	Units     [][]struct {
		Data string `json:"data"`
	} `json:"units"`
	Weights []struct {
		W []float64 `json:"w"`
	} `json:"weights"`
	BestIteration *int   `json:"bestIteration"`
	StoppedEarly  bool   `json:"stoppedEarly"`
	Note          string `json:"note"`
	Reports       []struct {
		It                int
		Cost, Dot, MulSum float64
		Val               *float64
		GradDiff          float64 `json:"gradDiff"`
	} `json:"reports"`
	Lesson struct {
		M                     int
		Dot, MulSum           float64
		DotShape, MulSumShape []int
	} `json:"lesson"`
	ValAccuracy *float64 `json:"valAccuracy"`
}

type info struct {
	Gen      int               `json:"gen"`
	Dataset  string            `json:"dataset"`
	Sizes    []int             `json:"sizes"`
	Plane    bool              `json:"plane"`
	Note     string            `json:"note"`
	Train    [][3]float64      `json:"train"`
	Val      [][3]float64      `json:"val"`
	Settings map[string]string `json:"settings"`
}

// next returns the next event's name and decodes its data into v.
func (s *stream) next(v any) string {
	s.t.Helper()
	var name string
	for s.lines.Scan() {
		line := s.lines.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			if v != nil {
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), v); err != nil {
					s.t.Fatalf("event %s: %v", name, err)
				}
			}
			return name
		}
	}
	s.t.Fatalf("the stream ended: %v", s.lines.Err())
	return ""
}

// until reads frames until ok says so, keeping every report.
func (s *stream) until(ok func(*frame) bool) (*frame, []frame) {
	s.t.Helper()
	var all []frame
	for {
		var f frame
		if s.next(&f) != "frame" {
			continue
		}
		all = append(all, f)
		if ok(&f) {
			return &f, all
		}
	}
}

func TestRunTrainsTheExercise(t *testing.T) {
	_, ts := newServer(t, serve.Options{})
	var c created
	if code := post(t, ts.URL+"/api/runs", url.Values{"iters": {"1001"}}, &c); code != http.StatusCreated {
		t.Fatalf("create: %d %+v", code, c)
	}
	s := open(t, ts, c.ID)
	var in info
	if name := s.next(&in); name != "run" || in.Gen != 1 || in.Dataset != "planar" || len(in.Train) != 400 || !slices.Equal(in.Sizes, []int{2, 4, 1}) {
		t.Fatalf("first event %s %+v", name, in)
	}
	f, _ := s.until(func(*frame) bool { return true })
	if f.State != serve.Paused || f.Iteration != 0 || f.Cost != nil || f.Boundary == "" || len(f.Units) != 1 || len(f.Units[0]) != 4 {
		t.Fatalf("first frame: %s at %d, cost %v, %d unit layers", f.State, f.Iteration, f.Cost, len(f.Units))
	}
	// The lesson's forms on the initial A2: the notebook's cost after
	// iteration 0, 0.693048, for both, in shapes (1, 1) and ().
	if l := f.Lesson; fmt.Sprintf("%.6f %.6f", l.Dot, l.MulSum) != "0.693048 0.693048" || !slices.Equal(l.DotShape, []int{1, 1}) || len(l.MulSumShape) != 0 {
		t.Errorf("lesson %+v; want 0.693048 in shapes (1, 1) and ()", l)
	}
	post(t, ts.URL+"/api/runs/"+c.ID+"/step", nil, nil)
	f, _ = s.until(func(*frame) bool { return true })
	if f.Iteration != 1 || f.State != serve.Paused || len(f.Reports) != 1 || f.Reports[0].It != 0 {
		t.Fatalf("after one step: %s at %d with %d reports", f.State, f.Iteration, len(f.Reports))
	}
	// The notebook's cost after iteration 0, in both forms.
	if r := f.Reports[0]; fmt.Sprintf("%.6f %.6f %.6f", r.Cost, r.Dot, r.MulSum) != "0.693048 0.693048 0.693048" {
		t.Errorf("report at 0: %+v; want the notebook's 0.693048", r)
	}
	post(t, ts.URL+"/api/runs/"+c.ID+"/play", nil, nil)
	f, all := s.until(func(f *frame) bool { return f.State == serve.Done })
	if f.Iteration != 1001 || f.Total != 1001 {
		t.Errorf("done at %d of %d; want 1001", f.Iteration, f.Total)
	}
	var its []int
	for _, f := range all {
		for _, r := range f.Reports {
			its = append(its, r.It)
			if r.It == 1000 && fmt.Sprintf("%.6f", r.Cost) != "0.288083" {
				t.Errorf("cost at 1000 = %.6f; the notebook's is 0.288083", r.Cost)
			}
		}
	}
	// Every report once, in order, though frames are sent ten a second.
	if len(its) != 100 || its[0] != 10 || its[99] != 1000 {
		t.Errorf("reports at %v; want 10, 20, …, 1000", its)
	}
}

// TestManyFeatures trains breast-cancer, 569 examples of 30 features
// (scikit-learn's), on the page: the cost curves, the lesson and the
// weights are there, the boundary and the units' outputs, which need a
// plane of two features, are not, and the run's description says why.
func TestManyFeatures(t *testing.T) {
	_, ts := newServer(t, serve.Options{})
	var c created
	if code := post(t, ts.URL+"/api/runs", url.Values{"dataset": {"breast-cancer"}, "standardize": {"true"}, "iters": {"300"}}, &c); code != http.StatusCreated {
		t.Fatalf("create: %d %+v", code, c)
	}
	s := open(t, ts, c.ID)
	var in info
	if name := s.next(&in); name != "run" || in.Plane || !slices.Equal(in.Sizes, []int{30, 4, 1}) || len(in.Train) != 0 {
		t.Fatalf("first event %s: plane %v, sizes %v, %d points", name, in.Plane, in.Sizes, len(in.Train))
	}
	if !strings.Contains(in.Note, "30 features") || !strings.Contains(in.Note, "plane of 2 features") {
		t.Errorf("note %q; want it to say the 30 features have no plane to draw", in.Note)
	}
	f, _ := s.until(func(*frame) bool { return true })
	if f.State != serve.Paused || f.Boundary != "" || f.Units != nil || len(f.Weights) != 2 || len(f.Weights[0].W) != 4*30 || f.Lesson.M != 569 {
		t.Fatalf("first frame: %s, boundary %q, %d unit layers, %d layers of weights, lesson m = %d", f.State, f.Boundary, len(f.Units), len(f.Weights), f.Lesson.M)
	}
	post(t, ts.URL+"/api/runs/"+c.ID+"/play", nil, nil)
	f, all := s.until(func(f *frame) bool { return f.State == serve.Done || f.State == serve.Failed })
	if f.State != serve.Done || f.Iteration != 300 {
		t.Fatalf("%s at %d: %s", f.State, f.Iteration, f.Error)
	}
	var costs []float64
	for _, f := range all {
		for _, r := range f.Reports {
			costs = append(costs, r.Cost)
			if r.Dot == 0 || r.MulSum == 0 {
				t.Errorf("report at %d without both forms: %+v", r.It, r)
			}
		}
	}
	if len(costs) != 30 || !(costs[len(costs)-1] < costs[0]) {
		t.Errorf("costs %v; want 30 reports, the cost dropping", costs)
	}
}

// TestUploadOfThreeFeatures: an uploaded CSV of more than two features
// trains too.
func TestUploadOfThreeFeatures(t *testing.T) {
	_, ts := newServer(t, serve.Options{})
	csv := []byte("x1,x2,x3,class\n0,0,1,a\n1,1,0,b\n0,1,1,a\n1,0,0,b\n")
	c, code := upload(t, ts, url.Values{"hidden": {"2"}, "iters": {"20"}}, "three.csv", csv)
	if code != http.StatusCreated {
		t.Fatalf("upload: %d %+v", code, c)
	}
	s := open(t, ts, c.ID)
	var in info
	if s.next(&in); in.Plane || !slices.Equal(in.Sizes, []int{3, 2, 1}) || !strings.HasPrefix(in.Note, "3 features") {
		t.Errorf("uploaded run: plane %v, sizes %v, note %q", in.Plane, in.Sizes, in.Note)
	}
	post(t, ts.URL+"/api/runs/"+c.ID+"/play", nil, nil)
	if f, _ := s.until(func(f *frame) bool { return f.State == serve.Done || f.State == serve.Failed }); f.State != serve.Done || f.Iteration != 20 {
		t.Errorf("%s at %d: %s", f.State, f.Iteration, f.Error)
	}
}

// playing starts a long run of the exercise and plays it until it has
// trained a step; base is the address of its actions.
func playing(t *testing.T) (s *stream, base string) {
	t.Helper()
	_, ts := newServer(t, serve.Options{})
	var c created
	post(t, ts.URL+"/api/runs", url.Values{"iters": {"1000000"}}, &c)
	s = open(t, ts, c.ID)
	base = ts.URL + "/api/runs/" + c.ID + "/"
	post(t, base+"play", nil, nil)
	s.until(func(f *frame) bool { return f.State == serve.Running && f.Iteration > 0 })
	return s, base
}

func TestPauseAndReset(t *testing.T) {
	s, base := playing(t)
	post(t, base+"pause", nil, nil)
	f, _ := s.until(func(f *frame) bool { return f.State == serve.Paused })
	post(t, base+"step", nil, nil)
	g, _ := s.until(func(*frame) bool { return true })
	if g.Iteration != f.Iteration+1 || g.State != serve.Paused {
		t.Errorf("a step from %d went to %d (%s)", f.Iteration, g.Iteration, g.State)
	}
	if code := post(t, base+"reset", nil, nil); code != http.StatusNoContent {
		t.Fatalf("reset: %d", code)
	}
	var in info
	if name := s.next(&in); name != "run" || in.Gen != 2 {
		t.Fatalf("after reset: %s gen %d", name, in.Gen)
	}
	f, _ = s.until(func(*frame) bool { return true })
	if f.Iteration != 0 || f.State != serve.Paused {
		t.Errorf("after reset: %s at %d", f.State, f.Iteration)
	}
	if code := post(t, base+"jump", nil, nil); code != http.StatusNotFound {
		t.Errorf("an unknown action: %d, want 404", code)
	}
}

func TestSettingsRestartTheRun(t *testing.T) {
	s, base := playing(t)
	var bad created
	if code := post(t, base+"settings", url.Values{"hidden": {"0"}}, &bad); code != http.StatusBadRequest || bad.Field != "hidden" {
		t.Errorf("hidden 0: %d %+v", code, bad)
	}
	var ok created
	form := url.Values{"dataset": {"moons"}, "test-split": {"0.25"}, "hidden": {"8,4"}, "n": {"200"}}
	if code := post(t, base+"settings", form, &ok); code != http.StatusOK || ok.Settings["hidden"] != "8,4" || ok.Settings["iters"] != "1000000" {
		t.Fatalf("settings: %d %+v", code, ok)
	}
	var in info
	for s.next(&in) != "run" {
	}
	// Split as datasets.Split splits: 50 of 200 held out.
	if in.Gen != 2 || in.Dataset != "moons" || len(in.Train) != 150 || len(in.Val) != 50 || !slices.Equal(in.Sizes, []int{2, 8, 4, 1}) {
		t.Fatalf("the new run: gen %d %s, %d+%d points, sizes %v", in.Gen, in.Dataset, len(in.Train), len(in.Val), in.Sizes)
	}
	// A restart keeps playing.
	f, _ := s.until(func(f *frame) bool { return len(f.Reports) > 0 })
	if f.State != serve.Running || f.Reports[0].Val == nil || f.ValAccuracy == nil || len(f.Units) != 2 {
		t.Errorf("frame of the new run: %s, val %v, %d unit layers", f.State, f.Reports[0].Val, len(f.Units))
	}
}

// multipartForm builds a settings form with a CSV file.
func multipartForm(t *testing.T, fields url.Values, name string, csv []byte) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	fw, err := w.CreateFormFile("csv", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(csv)
	_ = w.Close()
	return &b, w.FormDataContentType()
}

// upload creates a run of the settings fields on the CSV file csv.
func upload(t *testing.T, ts *httptest.Server, fields url.Values, name string, csv []byte) (created, int) {
	t.Helper()
	body, ct := multipartForm(t, fields, name, csv)
	res, err := http.Post(ts.URL+"/api/runs", ct, body)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var c created
	_ = json.NewDecoder(res.Body).Decode(&c)
	return c, res.StatusCode
}

func TestUpload(t *testing.T) {
	_, ts := newServer(t, serve.Options{})
	csv := []byte("x1,x2,class\n0,0,a\n1,1,b\n0,1,a\n1,0,b\n0.5,0.2,a\n")
	c, code := upload(t, ts, url.Values{"hidden": {"2"}}, "tiny.csv", csv)
	if code != http.StatusCreated || c.Settings["dataset"] != serve.Upload {
		t.Fatalf("upload: %d %+v", code, c)
	}
	s := open(t, ts, c.ID)
	var in info
	if s.next(&in); in.Dataset != "tiny.csv" || len(in.Train) != 5 || in.Train[1] != [3]float64{1, 1, 1} {
		t.Errorf("uploaded run: %s with points %v", in.Dataset, in.Train)
	}
	// New settings keep the upload.
	var ok created
	if code := post(t, ts.URL+"/api/runs/"+c.ID+"/settings", url.Values{"lr": {"0.3"}}, &ok); code != http.StatusOK || ok.Settings["dataset"] != serve.Upload {
		t.Errorf("settings after an upload: %d %+v", code, ok)
	}

	for _, c := range []struct {
		name string
		csv  []byte
	}{
		{"wide.csv", wide(serve.MaxFeatures + 1)},
		{"words.csv", []byte("a,b,c\nx,y,0\n")},
		{"large.csv", bytes.Repeat([]byte("1,2,0\n"), serve.MaxUploadBytes/6+1)},
	} {
		e, code := upload(t, ts, nil, c.name, c.csv)
		if code != http.StatusBadRequest || e.Field != "csv" {
			t.Errorf("%s: %d %+v; want 400 about csv", c.name, code, e)
		}
		if c.name == "wide.csv" && !strings.Contains(e.Error, fmt.Sprintf("at most %d features", serve.MaxFeatures)) {
			t.Errorf("%s: %q; want the bound on features", c.name, e.Error)
		}
	}
}

// wide is a CSV of two examples, one of each class, of n features.
func wide(n int) []byte {
	var b bytes.Buffer
	for label := range 2 {
		for range n {
			fmt.Fprintf(&b, "%d,", label)
		}
		fmt.Fprintf(&b, "%d\n", label)
	}
	return b.Bytes()
}

func TestRunsAreBounded(t *testing.T) {
	_, ts := newServer(t, serve.Options{MaxRuns: 2})
	for i := range 3 {
		var c created
		code := post(t, ts.URL+"/api/runs", nil, &c)
		if want := map[bool]int{true: http.StatusCreated, false: http.StatusTooManyRequests}[i < 2]; code != want {
			t.Errorf("run %d: %d, want %d (%s)", i+1, code, want, c.Error)
		}
	}
}

func TestClosedTabEndsItsRun(t *testing.T) {
	_, ts := newServer(t, serve.Options{MaxRuns: 1})
	var c created
	post(t, ts.URL+"/api/runs", nil, &c)
	s := open(t, ts, c.ID)
	s.next(nil)
	if code := post(t, ts.URL+"/api/runs", nil, nil); code != http.StatusTooManyRequests {
		t.Fatalf("a second run: %d, want 429", code)
	}
	s.cancel()
	// The run ends once the server sees the stream close.
	deadline := time.Now().Add(10 * time.Second)
	for {
		code := post(t, ts.URL+"/api/runs/"+c.ID+"/play", nil, nil)
		if code == http.StatusNotFound {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the run still answers %d after its stream closed", code)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code := post(t, ts.URL+"/api/runs", nil, nil); code != http.StatusCreated {
		t.Errorf("a run after the tab closed: %d, want 201", code)
	}
}

func TestServeShutsDownAndKeepsTheLastModel(t *testing.T) {
	srv, err := serve.New(serve.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve.Serve(ctx, ln, srv) }()
	ts := &httptest.Server{URL: "http://" + ln.Addr().String()}
	var c created
	post(t, ts.URL+"/api/runs", url.Values{"iters": {"1000000"}}, &c)
	s := open(t, ts, c.ID)
	post(t, ts.URL+"/api/runs/"+c.ID+"/play", nil, nil)
	s.until(func(f *frame) bool { return f.Iteration > 0 })
	cancel() // with an event stream open
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(serve.ShutdownTimeout + 5*time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
	m := srv.LastModel()
	if m == nil || !slices.Equal(m.Net.Sizes(), []int{2, 4, 1}) || m.Meta.Loss != "mulsum" {
		t.Fatalf("LastModel = %+v", m)
	}
}

func TestNewRefusesABadStart(t *testing.T) {
	s := serve.DefaultSettings()
	s.LR = -1
	var se *serve.SettingError
	if _, err := serve.New(serve.Options{Start: &s}); !errors.As(err, &se) || se.Field != "lr" {
		t.Errorf("New with lr -1: %v", err)
	}
	s = serve.DefaultSettings()
	s.ValCSV = true
	if _, err := serve.New(serve.Options{Start: &s}); !errors.As(err, &se) || se.Field != "val-csv" {
		t.Errorf("New with val-csv and no validation file: %v", err)
	}
}

func TestOtherSitesCannotStartRuns(t *testing.T) {
	_, ts := newServer(t, serve.Options{})
	for origin, want := range map[string]int{"https://evil.example": http.StatusForbidden, ts.URL: http.StatusCreated, "": http.StatusCreated} {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/runs", strings.NewReader(""))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("Origin %q: %d, want %d", origin, res.StatusCode, want)
		}
	}
}

// flippedPlanar is the exercise's data with every label flipped: as a
// validation set, its cost only rises as training learns the true labels,
// as nn/train's TestEarlyStoppingRestoresTheBest has it.
func flippedPlanar(t *testing.T) *datasets.Set {
	t.Helper()
	set, err := datasets.Generate("planar", datasets.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	y := slices.Clone(set.Y.Float64s())
	for i, v := range y {
		y[i] = 1 - v
	}
	set.Y = tensor.New(tensor.WithShape(1, len(y)), tensor.WithBacking(y))
	set.Name = "flipped.csv"
	return set
}

// TestPatienceStopsTheRun validates on the flipped labels with patience 3,
// reporting every 100 iterations: the best report is the first, the run
// stops 3 reports later, after 300 iterations, and the model, drawn in the
// last frame and kept for -save, holds the first report's weights.
func TestPatienceStopsTheRun(t *testing.T) {
	srv, ts := newServer(t, serve.Options{Validation: flippedPlanar(t)})
	var c created
	form := url.Values{"val-csv": {"true"}, "patience": {"3"}, "print-every": {"100"}, "iters": {"5000"}}
	if code := post(t, ts.URL+"/api/runs", form, &c); code != http.StatusCreated {
		t.Fatalf("create: %d %+v", code, c)
	}
	s := open(t, ts, c.ID)
	var in info
	if s.next(&in); len(in.Val) != 400 || len(in.Train) != 400 || in.Val[0][2] == in.Train[0][2] {
		t.Fatalf("the run's description has %d validation points (rings), %d training ones, first labels %v and %v; want 400 each, flipped",
			len(in.Val), len(in.Train), in.Val[0][2], in.Train[0][2])
	}
	first, _ := s.until(func(*frame) bool { return true })
	if first.Iteration != 0 || first.Note != "" || first.BestIteration != nil {
		t.Fatalf("first frame at %d, note %q", first.Iteration, first.Note)
	}
	post(t, ts.URL+"/api/runs/"+c.ID+"/play", nil, nil)
	f, all := s.until(func(f *frame) bool { return f.State == serve.Done || f.State == serve.Failed })
	if f.State != serve.Done || !f.StoppedEarly || f.BestIteration == nil || *f.BestIteration != 0 || f.Iteration != 300 || f.Total != 5000 {
		t.Fatalf("%s (%s) at %d of %d, stopped early %t, best %v; want done at 300 of 5000, best 0", f.State, f.Error, f.Iteration, f.Total, f.StoppedEarly, f.BestIteration)
	}
	want := "Early stopping: no lower validation cost for 3 reports; stopped after 300 iterations. The model holds the weights of iteration 0, the lowest validation cost."
	if f.Note != want {
		t.Errorf("note %q, want %q", f.Note, want)
	}
	var its []int
	var vals []float64
	for _, f := range all {
		for _, r := range f.Reports {
			if r.Val == nil {
				t.Fatalf("report at %d without a validation cost", r.It)
			}
			its, vals = append(its, r.It), append(vals, *r.Val)
		}
	}
	if !slices.Equal(its, []int{0, 100, 200, 300}) || !slices.IsSorted(vals) {
		t.Errorf("reports at %v, validation costs %v; want 0 to 300, rising", its, vals)
	}
	if !reflect.DeepEqual(f.Weights, first.Weights) {
		t.Errorf("the last frame's weights %v, want the first report's %v", f.Weights, first.Weights)
	}
	srv.Close()
	m := srv.LastModel()
	if m == nil {
		t.Fatal("no model kept")
	}
	if got := m.Net.Layers[0].W.Value().Data().([]float64); !slices.Equal(got, first.Weights[0].W) {
		t.Errorf("the kept model's W1 %v, want the first report's %v", got, first.Weights[0].W)
	}
}

// TestValidationFileMustFit: a validation file of other features than the
// data set's is refused, on its setting.
func TestValidationFileMustFit(t *testing.T) {
	_, ts := newServer(t, serve.Options{Validation: flippedPlanar(t)})
	var c created
	if code := post(t, ts.URL+"/api/runs", url.Values{"val-csv": {"true"}, "dataset": {"breast-cancer"}}, &c); code != http.StatusBadRequest || c.Field != "val-csv" || !strings.Contains(c.Error, "30 features; it has 2") {
		t.Errorf("2-feature validation of breast-cancer: %d %+v; want 400 about val-csv", code, c)
	}
}

// TestReportEveryEpochs: print-every-epochs reports at the first step of
// every such epoch, as train.Config.EveryEpochs does: 400 examples in
// batches of 100 are 4 steps an epoch.
func TestReportEveryEpochs(t *testing.T) {
	_, ts := newServer(t, serve.Options{})
	var c created
	form := url.Values{"epochs": {"3"}, "batch": {"100"}, "print-every-epochs": {"1"}}
	if code := post(t, ts.URL+"/api/runs", form, &c); code != http.StatusCreated {
		t.Fatalf("create: %d %+v", code, c)
	}
	s := open(t, ts, c.ID)
	post(t, ts.URL+"/api/runs/"+c.ID+"/play", nil, nil)
	f, all := s.until(func(f *frame) bool { return f.State == serve.Done || f.State == serve.Failed })
	var its []int
	for _, f := range all {
		for _, r := range f.Reports {
			its = append(its, r.It)
		}
	}
	if f.State != serve.Done || f.Iteration != 12 || !slices.Equal(its, []int{0, 4, 8}) {
		t.Errorf("%s (%s) at %d, reports at %v; want done at 12, reports at 0, 4, 8", f.State, f.Error, f.Iteration, its)
	}
}
