package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gradlab/gradlab/internal/serve"
	nnmodel "github.com/gradlab/gradlab/nn/model"
)

func TestServeFlags(t *testing.T) {
	for _, c := range []struct {
		args       []string
		err        string // part of the usage error; "" for none
		printEvery int
	}{
		{[]string{"-serve"}, "", 10},
		{[]string{"-serve", "-print-every", "100"}, "", 100},
		{[]string{"-serve", "-addr", "127.0.0.1:0"}, "", 10},
		{[]string{"-addr", "127.0.0.1:0"}, "-addr needs -serve", 0},
		{[]string{"-serve", "-sweep", "1,2"}, "do not apply", 0},
		{[]string{"-serve", "-json"}, "do not apply", 0},
		{[]string{"-serve", "-load", "m.json", "-predict", "x.csv"}, "do not apply", 0},
		{[]string{"-serve", "-test-split", "0.2"}, "set it with -val-split, not -test-split", 0},
		{[]string{"-serve", "-val-split", "0.2"}, "", 10},
		{[]string{"-serve", "-val-split", "0.2", "-patience", "3", "-min-delta", "0.01"}, "", 10},
		{[]string{"-serve", "-epochs", "5", "-print-every-epochs", "1"}, "", 10},
		{[]string{"-serve", "-patience", "3"}, "-patience needs -val-split or -val-csv", 0},
		{[]string{"-serve", "-json-lines"}, "make a text run's outputs and do not apply", 0},
		{[]string{"-serve", "-summary"}, "make a text run's outputs and do not apply", 0},
		{[]string{"-serve", "-plot", "b.png"}, "make a text run's outputs and do not apply", 0},
		{[]string{"-serve", "-gradcheck"}, "make a text run's outputs and do not apply", 0},
	} {
		o, err := parse(c.args, io.Discard)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%v: %v", c.args, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%v: %v; want an error about %q", c.args, err, c.err)
		case c.err == "" && o.printEvery != c.printEvery:
			t.Errorf("%v: print-every %d, want %d", c.args, o.printEvery, c.printEvery)
		}
	}
}

// TestServeDefaults: the page's starting state of -serve alone is the
// page's own default, field by field, and the flags that mean "unset"
// when absent (-n, -noise, -init, -epochs, -batch) stay unset there.
func TestServeDefaults(t *testing.T) {
	zero := 0.0
	for _, c := range []struct {
		args []string
		want func(*serve.Settings)
	}{
		{[]string{"-serve"}, func(*serve.Settings) {}},
		{[]string{"-serve", "-dataset", "moons", "-noise", "0"}, func(s *serve.Settings) { s.Dataset, s.Noise = "moons", &zero }},
		{[]string{"-serve", "-init", "xavier", "-n", "300", "-batch", "50"}, func(s *serve.Settings) { s.Init, s.N, s.Batch = "xavier", 300, 50 }},
		{[]string{"-serve", "-val-split", "0.25", "-stratify"}, func(s *serve.Settings) { s.TestSplit, s.Stratify = 0.25, true }},
		{[]string{"-serve", "-val-split", "0.2", "-patience", "5", "-min-delta", "0.001"}, func(s *serve.Settings) { s.TestSplit, s.Patience, s.MinDelta = 0.2, 5, 0.001 }},
		{[]string{"-serve", "-epochs", "20", "-batch", "40", "-print-every-epochs", "2"}, func(s *serve.Settings) { s.Epochs, s.Batch, s.EveryEpochs = 20, 40, 2 }},
	} {
		o, err := parse(c.args, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		got, _, _, err := pageStart(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		want := serve.DefaultSettings()
		c.want(&want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%v: the page starts with\n%+v, want\n%+v", c.args, got, want)
		}
	}
}

// TestServeValCSV: -val-csv is read as a text run reads it, with the
// training data's feature names, and becomes the page's starting
// validation data.
func TestServeValCSV(t *testing.T) {
	dir := t.TempDir()
	train := filepath.Join(dir, "train.csv")
	val := filepath.Join(dir, "val.csv")
	// The validation file's columns in another order: they are taken by
	// the training file's names.
	writeFile(t, train, "a,b,y\n0,0,0\n1,1,1\n0,1,0\n1,0,1\n")
	writeFile(t, val, "b,y,a\n5,1,7\n6,0,8\n")
	o, err := parse([]string{"-serve", "-csv", train, "-val-csv", val, "-patience", "2"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	s, data, v, err := pageStart(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if !s.ValCSV || s.Patience != 2 || s.Dataset != serve.Upload || data == nil || data.Examples() != 4 {
		t.Fatalf("the page starts with %+v on %v", s, data)
	}
	if v == nil || v.Examples() != 2 || !slices.Equal(v.X.Float64s(), []float64{7, 8, 5, 6}) || !slices.Equal(v.Y.Float64s(), []float64{1, 0}) {
		t.Fatalf("validation data %v", v)
	}
	if _, err := serve.New(serve.Options{Start: &s, Data: data, Validation: v}); err != nil {
		t.Errorf("the server refuses the flags' start: %v", err)
	}

	// On a generated data set, the columns are x1, x2, as a text run names them.
	writeFile(t, val, "x2,x1,y\n0.5,-1,1\n")
	if o, err = parse([]string{"-serve", "-val-csv", val}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if s, data, v, err = pageStart(context.Background(), o); err != nil || data != nil || !s.ValCSV || s.Dataset != "planar" || !slices.Equal(v.X.Float64s(), []float64{-1, 0.5}) {
		t.Errorf("-val-csv on planar: %+v, %v, %v, %v", s, data, v, err)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestLoopback(t *testing.T) {
	for _, c := range []struct {
		ip   string
		want bool
	}{{"127.0.0.1", true}, {"::1", true}, {"0.0.0.0", false}, {"192.168.1.2", false}} {
		if got := loopback(&net.TCPAddr{IP: net.ParseIP(c.ip)}); got != c.want {
			t.Errorf("loopback(%s) = %v", c.ip, got)
		}
	}
}

// lockedBuffer is an output the command writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeStartsFromTheFlags runs -serve: the page's starting state is
// the flags', and Ctrl-C (a cancelled context) saves the last run's model.
func TestServeStartsFromTheFlags(t *testing.T) {
	saved := filepath.Join(t.TempDir(), "model.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"-serve", "-iters", "50", "-hidden", "3", "-lr", "0.5", "-activation", "relu", "-save", saved}, &stdout, &stderr, false)
	}()
	page := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == ""; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no URL printed: %q %q", stdout.String(), stderr.String())
		}
		base = page.FindString(stdout.String())
	}
	res, err := http.Get(base + "api/config")
	if err != nil {
		t.Fatal(err)
	}
	var config struct{ Start map[string]string }
	err = json.NewDecoder(res.Body).Decode(&config)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"iters": "50", "hidden": "3", "lr": "0.5", "activation": "relu", "print-every": "10", "seed": "2", "dataset": "planar"}
	for k, v := range want {
		if config.Start[k] != v {
			t.Errorf("the page starts with %s = %q, want %q (the flag's)", k, config.Start[k], v)
		}
	}

	// A run trained to its end, then the interrupt.
	res, err = http.PostForm(base+"api/runs", url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ ID string }
	_ = json.NewDecoder(res.Body).Decode(&created)
	res.Body.Close()
	events, err := http.Get(base + "api/runs/" + created.ID + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	if _, err := http.PostForm(base+"api/runs/"+created.ID+"/play", nil); err != nil {
		t.Fatal(err)
	}
	var seen bytes.Buffer
	buf := make([]byte, 4096)
	for !strings.Contains(seen.String(), `"state":"done"`) {
		n, err := events.Body.Read(buf)
		if err != nil {
			t.Fatalf("the stream ended before the run: %v", err)
		}
		seen.Write(buf[:n])
	}
	cancel()
	select {
	case c := <-code:
		if c != 130 {
			t.Errorf("exit status %d, want 130; stderr %q", c, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the server did not stop")
	}
	m, err := nnmodel.Load(saved)
	if err != nil {
		t.Fatalf("-save: %v (stdout %q)", err, stdout.String())
	}
	if !slices.Equal(m.Net.Sizes(), []int{2, 3, 1}) || m.Net.Layers[0].Activation.Name != "relu" {
		t.Errorf("saved %v of %s, want the run's 2-3-1 relu network", m.Net.Sizes(), m.Net.Layers[0].Activation.Name)
	}
}
