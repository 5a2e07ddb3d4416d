package main

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/gradlab/gradlab/nn/train"
)

// checkpointing is -checkpoint, -checkpoint-every, -checkpoint-every-epochs
// and -resume.
type checkpointing struct {
	checkpoint  string
	every       int
	everyEpochs int
	resume      string
}

func (c *checkpointing) register(fs *flag.FlagSet) {
	fs.StringVar(&c.checkpoint, "checkpoint", "", "keep the run's checkpoint in this file: written every -checkpoint-every iterations or -checkpoint-every-epochs epochs, at the end and when interrupted; -resume continues from it")
	fs.IntVar(&c.every, "checkpoint-every", 0, "write the -checkpoint every N iterations (default: only at the end and when interrupted)")
	fs.IntVar(&c.everyEpochs, "checkpoint-every-epochs", 0, "write the -checkpoint every N epochs instead of -checkpoint-every iterations")
	fs.StringVar(&c.resume, "resume", "", "continue the run of this -checkpoint file, ending bit for bit where it would have ended; the other flags must be the run's (-iters or -epochs may grow)")
}

func (c *checkpointing) check(set map[string]bool, o *options) error {
	on := c.checkpoint != "" || c.resume != ""
	switch {
	case set["checkpoint-every"] && c.every < 1:
		return fmt.Errorf("-checkpoint-every %d: must be at least 1", c.every)
	case set["checkpoint-every-epochs"] && c.everyEpochs < 1:
		return fmt.Errorf("-checkpoint-every-epochs %d: must be at least 1", c.everyEpochs)
	case set["checkpoint-every"] && set["checkpoint-every-epochs"]:
		return errors.New("-checkpoint-every and -checkpoint-every-epochs both set: choose one")
	case (set["checkpoint-every"] || set["checkpoint-every-epochs"]) && c.checkpoint == "":
		return errors.New("-checkpoint-every and -checkpoint-every-epochs need -checkpoint, the file to write")
	case on && o.sweep != nil:
		return errors.New("-sweep trains several models: -checkpoint and -resume need one run")
	case on && o.serve:
		return errors.New("-serve trains on the page: -checkpoint and -resume apply to a text run")
	}
	return nil
}

// sameFile reports whether -resume and -checkpoint name one file: a run
// continued and checkpointed in place, which is safe, as the checkpoint is
// read whole before training and written atomically.
func (c *checkpointing) sameFile() bool {
	return c.resume != "" && filepath.Clean(c.resume) == filepath.Clean(c.checkpoint)
}

// configCheckpoint adds the checkpoint settings to the training
// configuration, reading -resume's checkpoint.
func (s *session) configCheckpoint(c *train.Config) error {
	k := s.o.ckpt
	if k.checkpoint != "" {
		c.CheckpointEvery, c.CheckpointEveryEpochs = k.every, k.everyEpochs
		c.Checkpoint = func(cp *train.Checkpoint) error { return s.write("-checkpoint", k.checkpoint, cp.Encode) }
	}
	if k.resume == "" {
		return nil
	}
	cp, err := train.LoadCheckpoint(k.resume)
	if err != nil {
		return fmt.Errorf("-resume: %w", err)
	}
	c.Resume, c.Weights, s.resumed = cp, nil, cp.Iteration()
	// The resumed run's cost curve starts where the checkpoint's did.
	for i, cost := range cp.Costs() {
		s.recordStep(i, cost)
	}
	return nil
}

// resumeError is a usage error for a checkpoint of another run, and err
// as it is otherwise.
func (c *checkpointing) resumeError(err error) error {
	var me *train.MismatchError
	if errors.As(err, &me) {
		return usagef("-resume %s: %v; give the flags of the run that wrote it", c.resume, me)
	}
	return err
}
