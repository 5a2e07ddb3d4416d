package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/gradlab/gradlab/internal/outfile"
)

// The outputs of a run, by flag, and its inputs, for the checks made
// before any work.
func (o *options) outputs() []outfile.Named {
	return []outfile.Named{{Flag: "-save", Path: o.save}, {Flag: "-out", Path: o.out}, {Flag: "-export-data", Path: o.exportData},
		{Flag: "-plot", Path: o.plot}, {Flag: "-plot-cost", Path: o.plotCost}, {Flag: "-checkpoint", Path: o.ckpt.checkpoint}}
}

func (o *options) inputs() []outfile.Named {
	in := []outfile.Named{{Flag: "-csv", Path: o.csv}, {Flag: "-load", Path: o.load}, {Flag: "-predict", Path: o.predict}, {Flag: "-val-csv", Path: o.valCSV}}
	if !o.ckpt.sameFile() {
		in = append(in, outfile.Named{Flag: "-resume", Path: o.ckpt.resume})
	}
	return in
}

// streams are the outputs that "-" sends to standard output.
var streams = map[string]bool{"-out": true, "-export-data": true}

// checkOutputs checks every output before data are read or a step is
// taken: "-" only where the output is a stream, a picture's name ends in
// .png, no output is the same file as an input or another output (usage
// errors), and each one's directory exists and can be written (failures).
func checkOutputs(o *options) error {
	for _, out := range o.outputs() {
		switch {
		case outfile.IsStdout(out.Path) && !streams[out.Flag]:
			return usagef("%s -: standard output is for the streams -out and -export-data; name a file", out.Flag)
		case (out.Flag == "-plot" || out.Flag == "-plot-cost") && out.Path != "" && !strings.EqualFold(filepath.Ext(out.Path), ".png"):
			return usagef("%s %q: a picture is a PNG file; name it .png", out.Flag, out.Path)
		}
	}
	var same *outfile.SameFileError
	if err := outfile.Distinct(o.outputs(), o.inputs()); errors.As(err, &same) {
		return usagef("%v", err)
	} else if err != nil {
		return err
	}
	for _, out := range o.outputs() {
		if out.Path == "" || outfile.IsStdout(out.Path) {
			continue
		}
		if err := outfile.Check(out.Path); err != nil {
			return fmt.Errorf("%s: %w", out.Flag, err)
		}
	}
	return nil
}

// writeOutput writes what write produces to the output of flag: standard
// output for "-", else the file, atomically, or a device or FIFO in
// place; see package outfile. Its errors name the flag.
func writeOutput(ctx context.Context, stdout io.Writer, flag, path string, write func(io.Writer) error) error {
	if outfile.IsStdout(path) {
		return write(stdout)
	}
	if err := outfile.WriteContext(ctx, path, write); err != nil {
		return fmt.Errorf("%s: %w", flag, err)
	}
	return nil
}
