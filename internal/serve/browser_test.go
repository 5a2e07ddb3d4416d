package serve_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gradlab/gradlab/internal/serve"
)

// browser returns the path of a Chromium or Chrome. Without one the test
// skips, unless CI=true: CI installs Chromium, so there a missing browser
// is a failure.
func browser(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium found (chromium, chromium-browser, google-chrome or $CHROME) and CI=true: .ci/run installs it with apt-get install chromium")
	}
	t.Skip("no Chromium found (chromium, chromium-browser, google-chrome or $CHROME): install it (apt-get install chromium) to run the browser test")
	return ""
}

// artifacts is where the test leaves its screenshot: $GRADLAB_ARTIFACTS,
// or a temporary directory.
func artifacts(t *testing.T) string {
	if d := os.Getenv("GRADLAB_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// TestBrowser drives the page in headless Chromium: it trains the
// exercise until the cost shown drops below 0.3 and the boundary picture
// changes, changes a setting and sees the run restart, trains
// breast-cancer's 30 features standardized until the cost drops, and
// checks that the page logged no error.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	exe := browser(t)
	srv, err := serve.New(serve.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.WindowSize(1300, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	defer cancelTime()

	// Console subscribes at once: every message of the page is read,
	// from its first.
	var mu sync.Mutex
	var problems []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				problems = append(problems, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line))
				mu.Unlock()
			}
		}
	}()

	start := time.Now()
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	str := func(what string, a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	wait := func(what, expr string, timeout time.Duration) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(timeout))); err != nil {
			t.Fatalf("waiting until %s: %v", what, err)
		}
	}
	boundary := chromedp.Evaluate[string](`document.getElementById("boundary").toDataURL()`)
	change := func(name, value string) {
		t.Helper()
		sel := chromedp.CSS(fmt.Sprintf(`input[name=%q]`, name))
		// SetValue sends the input and change events a user's edit sends.
		do("setting "+name, chromedp.SetValue(sel, value))
	}

	do("opening the page", chromedp.Navigate(ts.URL+"/"))
	wait("the run is ready", `document.body.dataset.state === "paused"`, 30*time.Second)
	before := str("reading the boundary", boundary)
	do("pressing play", chromedp.Click(chromedp.CSS("#play")))
	wait("the cost shown is below 0.3", `parseFloat(document.getElementById("cost").textContent) < 0.3`, 90*time.Second)
	t.Logf("cost below 0.3 %v after opening the page", time.Since(start))
	if after := str("reading the boundary", boundary); after == before {
		t.Error("the boundary picture did not change while training")
	}
	gen := str("reading the run's number", chromedp.TextContent(chromedp.CSS("#gen")))
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(artifacts(t), "serve.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)

	change("lr", "0.5")
	wait("the run restarts", fmt.Sprintf(`document.body.dataset.gen !== %q && document.body.dataset.gen !== undefined`, gen), 30*time.Second)
	// The new run's event can come before the answer to the settings
	// request, which is what rewrites the address: wait for both.
	wait("the address holds the new learning rate", `new URLSearchParams(location.search).get("lr") === "0.5"`, 10*time.Second)
	// The server refuses the next setting with a 400, which the browser
	// logs as an error of its own: the page's errors are the ones before.
	mu.Lock()
	logged := len(problems)
	mu.Unlock()
	change("lr", "-1")
	wait("the page shows the error", `!document.getElementById("error").hidden`, 10*time.Second)
	if msg := str("reading the error", chromedp.TextContent(chromedp.CSS("#error"))); !strings.Contains(msg, "lr") {
		t.Errorf("the page shows %q, not the server's error about lr", msg)
	}

	// breast-cancer, standardized: 30 features train on the page, with a
	// note in place of the boundary, which needs a plane of 2 features.
	change("lr", "1.2")
	wait("the error is gone", `document.getElementById("error").hidden`, 10*time.Second)
	do("checking standardize", chromedp.Click(chromedp.CSS(`input[name="standardize"]`)))
	gen = str("reading the run's number", chromedp.TextContent(chromedp.CSS("#gen")))
	do("choosing breast-cancer", chromedp.SetValue(chromedp.CSS(`select[name="dataset"]`), "breast-cancer"))
	wait("the breast-cancer run starts", fmt.Sprintf(`document.body.dataset.gen !== %q && page.info.dataset === "breast-cancer"`, gen), 30*time.Second)
	if note := str("reading the note", chromedp.Evaluate[string](`document.getElementById("plane-note").hidden ? "" : document.getElementById("plane-note").textContent`)); !strings.Contains(note, "30 features") {
		t.Errorf("the note shown is %q; want one about the 30 features", note)
	}
	if hidden := str("reading the boundary", chromedp.Evaluate[string](`String(document.getElementById("boundary").hidden)`)); hidden != "true" {
		t.Error("the boundary picture is shown for data of 30 features")
	}
	if state := str("reading the state", chromedp.TextContent(chromedp.CSS("#state"))); state == "paused" {
		do("pressing play", chromedp.Click(chromedp.CSS("#play")))
	}
	wait("the cost drops", `page.points.length > 1 && page.points[page.points.length - 1].cost < page.points[0].cost && parseFloat(document.getElementById("cost").textContent) < page.points[0].cost`, 90*time.Second)
	url := str("reading the address", chromedp.Location())
	for _, want := range []string{"dataset=breast-cancer", "standardize=true"} {
		if !strings.Contains(url, want) {
			t.Errorf("the address %s does not hold %s", url, want)
		}
	}
	// The data set's own noise is unset, not a number: no key in the
	// address, an empty field showing its placeholder.
	if strings.Contains(url, "noise=") {
		t.Errorf("the address %s holds a noise the settings leave unset", url)
	}
	if v := str("reading the noise field", chromedp.Evaluate[string](`document.querySelector("input[name=noise]").value + "|" + document.querySelector("input[name=noise]").placeholder`)); v != "|default" {
		t.Errorf("the noise field holds %q (value|placeholder), want empty with placeholder default", v)
	}
	shot, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(artifacts(t), "serve-breast-cancer.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)

	// Early stopping from the address: with a min-delta no report can
	// beat, the first report stays the best and patience 1 stops the run
	// at the second (nn/train's semantics); the page says whose weights
	// it holds.
	do("opening the page with patience", chromedp.Navigate(ts.URL+"/?test-split=0.2&patience=1&min-delta=1e9&print-every=10"))
	wait("the run is ready", `document.body.dataset.state === "paused"`, 30*time.Second)
	if v := str("reading the patience field", chromedp.Evaluate[string](`document.querySelector("input[name=patience]").value`)); v != "1" {
		t.Errorf("the patience field holds %q, want the address's 1", v)
	}
	// Without a -val-csv file there is nothing to validate on but a split.
	if shown := str("reading the val-csv control", chromedp.Evaluate[string](`String(document.getElementById("val-csv").offsetParent !== null)`)); shown != "false" {
		t.Error("the page offers to validate on a file the server was not given")
	}
	do("pressing play", chromedp.Click(chromedp.CSS("#play")))
	wait("the run stops early", `document.body.dataset.state === "done"`, 30*time.Second)
	if note := str("reading the note", chromedp.TextContent(chromedp.CSS("#early"))); !strings.Contains(note, "stopped after 10 iterations") || !strings.Contains(note, "weights of iteration 0") {
		t.Errorf("the early-stopping note is %q", note)
	}
	shot, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(artifacts(t), "serve-early-stopping.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	t.Logf("whole test %v", time.Since(start))
	mu.Lock()
	defer mu.Unlock()
	for i, p := range problems {
		if i >= logged && strings.Contains(p, "status of 400") && strings.Contains(p, "/settings") {
			continue
		}
		t.Errorf("the page logged %s", p)
	}
}
