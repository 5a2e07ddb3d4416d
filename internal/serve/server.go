// Package serve is the live page of cmd/train -serve: an HTTP server that
// trains in its own process and streams each run to its browser tab with
// server-sent events — the decision boundary, the cost curves of both BCE
// forms, every hidden unit's output and the network's weights — while the
// page plays, pauses, steps and resets it and changes its settings.
//
// The page's assets are embedded, so it works offline. Every tab gets a
// run of its own, up to a bound; a tab that closes its stream ends its
// run. Every setting is checked here, not in the page.
package serve

import (
	"bytes"
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/model"
	"github.com/gradlab/gradlab/optim"
)

//go:embed assets
var assets embed.FS

// Options configure a Server. The zero value serves the exercise.
type Options struct {
	// Start is the page's starting state: a page without a query string
	// shows it, and a query string changes it field by field. The zero
	// value means DefaultSettings.
	Start *Settings
	// Data, if set, is the data set of Dataset Upload for runs that
	// upload none: the CSV file given to the command line.
	Data *datasets.Set
	// Validation, if set, is the validation set of runs with ValCSV: the
	// -val-csv file given to the command line, with the features of the
	// starting data.
	Validation *datasets.Set
	// MaxRuns bounds the runs, one per open tab; 0 means 8.
	MaxRuns int
}

// DefaultMaxRuns is the number of tabs that may train at once when
// Options.MaxRuns is 0.
const DefaultMaxRuns = 8

// unclaimed is how long a run waits for its tab's event stream.
const unclaimed = 30 * time.Second

// Server serves the page and its runs. Close ends every run.
type Server struct {
	start   Settings
	data    *datasets.Set
	val     *datasets.Set
	maxRuns int
	mux     *http.ServeMux

	ctx    context.Context // ends with Close; every run's context derives from it
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	runs    map[string]*run
	cancels map[string]context.CancelFunc
	last    *model.Model // of the run that trained last, once ended
	lastAt  time.Time
}

// New checks o and returns its server.
func New(o Options) (*Server, error) {
	s := &Server{start: DefaultSettings(), data: o.Data, val: o.Validation, maxRuns: o.MaxRuns, runs: map[string]*run{}, cancels: map[string]context.CancelFunc{}}
	if o.Start != nil {
		s.start = *o.Start
	}
	if err := s.start.Check(); err != nil {
		return nil, fmt.Errorf("serve: the starting state: %w", err)
	}
	if s.data != nil {
		if err := checkSet(s.data); err != nil {
			return nil, fmt.Errorf("serve: the starting data: %w", err)
		}
	}
	if s.val != nil || s.start.ValCSV {
		if err := checkValidation(s.val, s.val); err != nil {
			return nil, fmt.Errorf("serve: the validation data: %w", err)
		}
	}
	if s.maxRuns == 0 {
		s.maxRuns = DefaultMaxRuns
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	page, err := fs.Sub(assets, "assets")
	if err != nil {
		return nil, err
	}
	s.mux = http.NewServeMux()
	s.mux.Handle("GET /", http.FileServerFS(page))
	s.mux.HandleFunc("GET /api/config", s.config)
	s.mux.HandleFunc("POST /api/runs", s.create)
	s.mux.HandleFunc("GET /api/runs/{id}/events", s.events)
	s.mux.HandleFunc("POST /api/runs/{id}/settings", s.settings)
	s.mux.HandleFunc("POST /api/runs/{id}/{action}", s.control)
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// Another site's page may send requests here from its visitor's
	// browser; only the page this server serves may change its runs.
	if o := r.Header.Get("Origin"); r.Method != http.MethodGet && o != "" {
		if u, err := url.Parse(o); err != nil || u.Host != r.Host {
			writeError(w, http.StatusForbidden, fmt.Errorf("serve: a request from the page of %s, not this server's", o))
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// Close ends every run and waits until their training has stopped.
func (s *Server) Close() {
	s.cancel()
	s.wg.Wait()
}

// LastModel returns the model of the run that trained last, or nil if no
// run trained a step. Call it after Close: a running run's model changes.
func (s *Server) LastModel() *model.Model {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// apiError is the body of every error response.
type apiError struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"` // the setting at fault
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, err error) {
	e := apiError{Error: err.Error()}
	var se *SettingError
	if errors.As(err, &se) {
		e.Field = se.Field
	}
	writeJSON(w, status, e)
}

// config is what the page needs to build its controls.
func (s *Server) config(w http.ResponseWriter, _ *http.Request) {
	var upload, val string
	if s.data != nil {
		upload = s.data.Name
	}
	if s.val != nil {
		val = s.val.Name
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"start": flat(s.start),
		"choices": map[string][]string{
			"dataset": append(datasets.Names(), Upload), "activation": nn.ActivationNames(),
			"init": initChoices(), "loss": losses.Names(), "optimizer": optim.Names(),
		},
		"upload":     upload,
		"validation": val, // the file of val-csv; "" without one
		"limits": map[string]any{
			"examples": MaxExamples, "features": MaxFeatures, "layers": MaxLayers, "units": MaxUnits, "lr": MaxLR,
			"iterations": MaxIterations, "testSplit": MaxTestSplit, "uploadBytes": MaxUploadBytes, "runs": s.maxRuns,
		},
	})
}

// request is a settings form: its fields and the CSV file it uploads.
type request struct {
	q        url.Values
	csv      []byte
	csvName  string
	uploaded bool
}

// readRequest reads a URL-encoded or multipart form, within bounds. A
// multipart form is read part by part into memory: an uploaded file is
// never written to disk, as ParseMultipartForm would write a large one.
func readRequest(w http.ResponseWriter, r *http.Request) (*request, error) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxUploadBytes+1<<16)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if err := r.ParseForm(); err != nil {
			return nil, fmt.Errorf("serve: reading the settings: %w", err)
		}
		return &request{q: r.PostForm}, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, fmt.Errorf("serve: reading the settings: %w", err)
	}
	req := &request{q: url.Values{}}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return req, nil
		}
		if err != nil {
			return nil, tooLarge(err)
		}
		var b bytes.Buffer
		if _, err := io.Copy(&b, p); err != nil {
			return nil, tooLarge(err)
		}
		if p.FormName() == "csv" {
			if p.FileName() != "" || b.Len() > 0 {
				req.csv, req.csvName, req.uploaded = b.Bytes(), p.FileName(), true
			}
			continue
		}
		req.q.Add(p.FormName(), b.String())
	}
}

func tooLarge(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return bad("csv", "", "a file of at most %d bytes", MaxUploadBytes)
	}
	return fmt.Errorf("serve: reading the settings: %w", err)
}

// prepare checks the settings of req over base and loads their data;
// upload is the set of Dataset Upload when req sends no file.
func (s *Server) prepare(req *request, base Settings, upload *datasets.Set) (*setup, error) {
	set, err := base.Parse(req.q)
	if err != nil {
		return nil, err
	}
	if req.uploaded {
		name := req.csvName
		if name == "" {
			name = "upload.csv"
		}
		if upload, err = ReadUpload(bytes.NewReader(req.csv), name, set.Label); err != nil {
			return nil, err
		}
		set.Dataset = Upload
	}
	if upload == nil {
		upload = s.data
	}
	d, err := loadData(set, upload, s.val)
	if err != nil {
		return nil, err
	}
	if set.Batch > d.trainX.Shape()[1] {
		return nil, bad("batch", set.Batch, "at most the %d training examples (0: all)", d.trainX.Shape()[1])
	}
	if perEpoch := set.perEpoch(d); set.Epochs > MaxIterations/perEpoch {
		return nil, bad("epochs", set.Epochs, "at most %d iterations: epochs of %d batches", MaxIterations, perEpoch)
	}
	return &setup{s: set, d: d}, nil
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	req, err := readRequest(w, r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	st, err := s.prepare(req, s.start, nil)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	run, err := s.add(st)
	if err != nil {
		writeError(w, http.StatusTooManyRequests, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": run.id, "settings": flat(st.s)})
}

// ErrTooManyRuns is the error of a run asked for when MaxRuns are open.
var ErrTooManyRuns = errors.New("serve: too many runs")

// add starts a run of st, unless there are too many or the server is
// closed.
func (s *Server) add(st *setup) (*run, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx.Err() != nil {
		return nil, errors.New("serve: the server is shutting down")
	}
	if len(s.runs) >= s.maxRuns {
		return nil, fmt.Errorf("%w: %d tabs are training; close one", ErrTooManyRuns, s.maxRuns)
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	r := newRun(hex.EncodeToString(b[:]), st)
	ctx, cancel := context.WithCancel(s.ctx)
	s.runs[r.id], s.cancels[r.id] = r, cancel
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		r.work(ctx)
		s.retire(r)
	}()
	time.AfterFunc(unclaimed, func() {
		r.mu.Lock()
		claimed := r.streaming
		r.mu.Unlock()
		if !claimed {
			s.end(r)
		}
	})
	return r, nil
}

// end stops r and forgets it.
func (s *Server) end(r *run) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cancel, ok := s.cancels[r.id]; ok {
		cancel()
		delete(s.cancels, r.id)
		delete(s.runs, r.id)
	}
}

// retire keeps the model of r, whose training has stopped, if r trained
// last.
func (s *Server) retire(r *run) {
	s.end(r)
	r.mu.Lock()
	m, at := r.model, r.stepped
	r.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if !at.IsZero() && at.After(s.lastAt) {
		s.last, s.lastAt = m, at
	}
}

func (s *Server) lookup(w http.ResponseWriter, r *http.Request) *run {
	s.mu.Lock()
	run := s.runs[r.PathValue("id")]
	s.mu.Unlock()
	if run == nil {
		writeError(w, http.StatusNotFound, errors.New("serve: no such run: it ended when its tab closed; reload the page"))
	}
	return run
}

func (s *Server) settings(w http.ResponseWriter, r *http.Request) {
	run := s.lookup(w, r)
	if run == nil {
		return
	}
	req, err := readRequest(w, r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	run.mu.Lock()
	cur := run.setup
	run.mu.Unlock()
	st, err := s.prepare(req, cur.s, cur.d.upload)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if err := run.send(command{action: "settings", next: st}); err != nil {
		writeError(w, http.StatusGone, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": run.id, "settings": flat(st.s)})
}

func (s *Server) control(w http.ResponseWriter, r *http.Request) {
	a := r.PathValue("action")
	switch a {
	case "play", "pause", "step", "reset":
	default:
		writeError(w, http.StatusNotFound, fmt.Errorf("serve: no action %q: want play, pause, step, reset or settings", a))
		return
	}
	run := s.lookup(w, r)
	if run == nil {
		return
	}
	if err := run.send(command{action: a}); err != nil {
		writeError(w, http.StatusGone, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// events streams a run's frames to its tab; the run ends with the stream.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	run := s.lookup(w, r)
	if run == nil {
		return
	}
	run.mu.Lock()
	taken := run.streaming
	run.streaming = true
	run.mu.Unlock()
	if taken {
		writeError(w, http.StatusConflict, errors.New("serve: the run already streams to a tab"))
		return
	}
	defer s.end(run)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	gen := 0
	for {
		select {
		case <-r.Context().Done():
			return
		case <-run.done:
			return
		case <-ping.C:
			if _, err := io.WriteString(w, ": ping\n\n"); err != nil {
				return
			}
		case <-run.fresh:
			f, info := run.take()
			if info != nil && info.Gen != gen {
				if err := event(w, "run", info); err != nil {
					return
				}
				gen = info.Gen
			}
			if f != nil && f.Gen == gen {
				if err := event(w, "frame", f); err != nil {
					return
				}
			}
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

// event writes one server-sent event of v as JSON.
func event(w io.Writer, name string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, data)
	return err
}

// ShutdownTimeout bounds how long Serve waits for requests in flight once
// its context ends.
const ShutdownTimeout = 5 * time.Second

// Serve serves s on ln until ctx ends, then ends every run, so that their
// event streams return, and shuts the HTTP server down cleanly.
func Serve(ctx context.Context, ln net.Listener, s *Server) error {
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		s.Close()
		return err
	case <-ctx.Done():
	}
	s.Close()
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shutting down: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
