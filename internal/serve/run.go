package serve

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gradlab/gradlab/nn/model"
	"github.com/gradlab/gradlab/nn/train"
)

// FrameInterval is the least time between two frames of a run: ten a
// second keep the page fluid, and drawing them costs training little.
const FrameInterval = 100 * time.Millisecond

// States of a run, as frames report them.
const (
	Paused  = "paused"
	Running = "running"
	Done    = "done"
	Failed  = "failed"
)

// command is what the page asks of a run's training goroutine.
type command struct {
	action string // "play", "pause", "step", "reset" or "settings"
	next   *setup // for "settings"
}

// setup is what a run trains: checked settings and the data they make.
type setup struct {
	s Settings
	d *data
}

// report is one point of the cost curves.
type report struct {
	It       int  `json:"it"`
	Cost     num  `json:"cost"`
	Dot      num  `json:"dot"`
	MulSum   num  `json:"mulsum"`
	Val      *num `json:"val,omitempty"`
	CostDiff num  `json:"costDiff"`
	GradDiff num  `json:"gradDiff"`
}

// frame is one update of the page: the state of the run and the reports
// since the last frame the page took.
type frame struct {
	Gen         int      `json:"gen"`
	State       string   `json:"state"`
	Error       string   `json:"error,omitempty"`
	Iteration   int      `json:"iteration"`
	Total       int      `json:"total"`
	Cost        *num     `json:"cost"`  // of the last step; nil before the first
	Speed       num      `json:"speed"` // iterations a second
	MaxCostDiff num      `json:"maxCostDiff"`
	MaxGradDiff num      `json:"maxGradDiff"`
	Reports     []report `json:"reports"`
	// With patience, once the run is done: the iteration whose weights
	// the model holds, whether early stopping ended the run, and a note
	// that says so in words, as a text run prints it.
	BestIteration *int   `json:"bestIteration,omitempty"`
	StoppedEarly  bool   `json:"stoppedEarly,omitempty"`
	Note          string `json:"note,omitempty"`
	*picture
}

// run is one tab's training: a goroutine that owns the trainer and its
// model, and the latest frame it published for the tab's event stream.
type run struct {
	id   string
	cmds chan command
	done chan struct{} // closed when the goroutine has returned

	mu        sync.Mutex
	setup     *setup // the current settings and data
	info      *runInfo
	latest    *frame
	fresh     chan struct{} // signalled when latest changes
	model     *model.Model  // of the current job
	streaming bool
	stepped   time.Time // when the run last trained; see Server.LastModel
}

func newRun(id string, s *setup) *run {
	return &run{id: id, cmds: make(chan command, 16), done: make(chan struct{}), setup: s, fresh: make(chan struct{}, 1)}
}

// send passes c to the training goroutine, or reports that it has ended.
func (r *run) send(c command) error {
	select {
	case r.cmds <- c:
		return nil
	case <-r.done:
		return errRunEnded
	}
}

var errRunEnded = errors.New("serve: the run has ended")

// publish makes f the latest frame, keeping the reports of a frame no
// stream took.
func (r *run) publish(f *frame, info *runInfo) {
	r.mu.Lock()
	if old := r.latest; old != nil && old.Gen == f.Gen && old.Reports != nil {
		f.Reports = append(old.Reports, f.Reports...)
	}
	r.latest = f
	if info != nil {
		r.info = info
	}
	r.mu.Unlock()
	select {
	case r.fresh <- struct{}{}:
	default:
	}
}

// take returns the latest frame, if there is one not taken yet, and the
// run's description.
func (r *run) take() (*frame, *runInfo) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := r.latest
	r.latest = nil
	return f, r.info
}

// job is one training of a run's settings, from its first step to its
// last: a reset or new settings start another.
type job struct {
	r       *run
	gen     int
	setup   *setup
	tr      *train.Trainer
	view    *view
	cancel  context.CancelFunc
	ctx     context.Context // the run's, which ends with its tab
	total   int
	playing bool
	steps   int    // single steps asked for while paused
	restart *setup // the settings of the next job, once asked for
	stopped bool   // the run itself is over

	iter        int
	cost        *num
	pending     []report
	maxCostDiff float64
	maxGradDiff float64
	lastFrame   time.Time
	lastIter    int
	state       string
	err         error
	result      *train.Result // once done
}

// work is the run's training goroutine: jobs one after another until ctx
// ends.
func (r *run) work(ctx context.Context) {
	defer close(r.done)
	s, playing := r.setup, false
	for gen := 1; ; gen++ {
		j := &job{r: r, gen: gen, setup: s, playing: playing}
		j.do(ctx)
		if j.stopped || ctx.Err() != nil {
			return
		}
		s, playing = j.restart, j.playing
	}
}

func (j *job) do(ctx context.Context) {
	jctx, cancel := context.WithCancel(ctx)
	defer cancel()
	j.cancel, j.ctx = cancel, ctx
	if err := j.start(); err != nil {
		j.fail(err)
	} else {
		j.frame(true)
		if j.waitToStep(jctx) {
			res, err := j.tr.Run(jctx)
			switch {
			case j.restart != nil || j.stopped:
				return
			case ctx.Err() != nil:
				j.stopped = true
				return
			case err != nil:
				j.fail(err)
			default:
				j.state, j.result = Done, res
				j.frame(false)
			}
		}
	}
	// Done or failed: only a reset or new settings go on.
	for j.restart == nil && !j.stopped {
		j.wait(ctx)
	}
}

func (j *job) start() error {
	s := j.setup
	tr, err := newTrainer(s.s, s.d, j.onReport, j.onStep)
	if err != nil {
		return err
	}
	j.tr, j.total = tr, s.s.iterations(s.d)
	if j.view, err = newView(s.d, tr.Model()); err != nil {
		return err
	}
	j.r.mu.Lock()
	j.r.setup, j.r.model = s, tr.Model()
	j.r.mu.Unlock()
	return nil
}

func (j *job) fail(err error) {
	j.state, j.err = Failed, err
	j.frame(true)
}

// waitToStep waits for play or step; false when the job ends first.
func (j *job) waitToStep(ctx context.Context) bool {
	for !j.playing && j.steps == 0 {
		if j.restart != nil || j.stopped || !j.wait(ctx) {
			return false
		}
	}
	return j.restart == nil && !j.stopped
}

// wait handles the next command; false when ctx ends first.
func (j *job) wait(ctx context.Context) bool {
	select {
	case c := <-j.r.cmds:
		j.handle(c)
		return true
	case <-ctx.Done():
		j.stopped = true
		return false
	}
}

func (j *job) handle(c command) {
	switch c.action {
	case "play":
		j.playing, j.steps = true, 0
		j.lastFrame, j.lastIter = time.Now(), j.iter
	case "pause":
		j.playing = false
	case "step":
		if !j.playing {
			j.steps++
		}
	case "reset":
		j.restart = j.setup
	case "settings":
		j.restart = c.next
	}
	if j.restart != nil {
		j.cancel()
	}
}

func (j *job) onReport(r train.Report) error {
	p := report{It: r.Iteration, Cost: num(r.Cost)}
	if c := r.Compare; c != nil {
		p.Dot, p.MulSum, p.CostDiff, p.GradDiff = num(c.CostDot), num(c.CostMulSum), num(c.CostDiff), num(c.MaxGradDiff)
		j.maxCostDiff = max(j.maxCostDiff, c.CostDiff)
		j.maxGradDiff = max(j.maxGradDiff, c.MaxGradDiff)
	}
	if v := r.Validation; v != nil {
		c := num(v.Cost)
		p.Val = &c
	}
	j.pending = append(j.pending, p)
	return nil
}

// onStep runs after every step: it takes the page's commands, publishes a
// frame when one is due, and holds the training while paused.
func (j *job) onStep(i int, cost float64) {
	j.iter = i + 1
	c := num(cost)
	j.cost = &c
	if !j.playing && j.steps > 0 {
		j.steps--
	}
	for {
		select {
		case cmd := <-j.r.cmds:
			j.handle(cmd)
			continue
		default:
		}
		break
	}
	if j.restart != nil {
		return
	}
	if j.playing && time.Since(j.lastFrame) < FrameInterval && j.iter < j.total {
		return
	}
	if j.iter < j.total {
		j.frame(false)
	}
	for !j.playing && j.steps == 0 && j.restart == nil && !j.stopped {
		j.wait(j.ctx)
	}
}

// frame draws the model and publishes the frame; first says whether the
// page needs the run's description too.
func (j *job) frame(first bool) {
	now := time.Now()
	f := &frame{Gen: j.gen, Iteration: j.iter, Total: j.total, Cost: j.cost,
		MaxCostDiff: num(j.maxCostDiff), MaxGradDiff: num(j.maxGradDiff), Reports: j.pending}
	j.pending = nil
	switch {
	case j.state != "":
		f.State = j.state
	case j.playing:
		f.State = Running
	default:
		f.State = Paused
	}
	if j.err != nil {
		f.Error = j.err.Error()
	}
	if res := j.result; res != nil && res.BestIteration >= 0 {
		best := res.BestIteration
		f.BestIteration, f.StoppedEarly, f.Note = &best, res.StoppedEarly, earlyNote(res, j.setup.s.Patience)
	}
	if dt := now.Sub(j.lastFrame).Seconds(); j.playing && dt > 0 && !j.lastFrame.IsZero() {
		f.Speed = num(float64(j.iter-j.lastIter) / dt)
	}
	j.lastFrame, j.lastIter = now, j.iter
	if j.view != nil {
		p, err := j.view.draw()
		if err != nil {
			f.State, f.Error = Failed, err.Error()
		}
		f.picture = p
	}
	if j.iter > 0 {
		j.r.mu.Lock()
		j.r.stepped = now
		j.r.mu.Unlock()
	}
	var info *runInfo
	if first {
		info = newRunInfo(j.gen, j.setup)
	}
	j.r.publish(f, info)
}

// earlyNote says whose weights the model of an early-stopping run holds,
// as cmd/train's text run prints it.
func earlyNote(res *train.Result, patience int) string {
	note := fmt.Sprintf("The model holds the weights of iteration %d, the lowest validation cost.", res.BestIteration)
	if res.StoppedEarly {
		note = fmt.Sprintf("Early stopping: no lower validation cost for %d reports; stopped after %d iterations. ", patience, res.Iterations) + note
	}
	return note
}
