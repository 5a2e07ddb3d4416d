package nprand

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"
)

// logCases is testdata/logcases.json, written by testdata/logcases.py from
// glibc's log.
type logCases struct {
	N       int
	Streams map[string]struct {
		Seed       uint64
		SHA256     string
		Misrounded []struct{ X, Glibc, Nearest string }
	}
}

// logInputs makes the generator's streams of inputs, the same way.
var logInputs = map[string]func(z uint64) float64{
	"bits": func(z uint64) float64 { return math.Float64frombits(z >> 1 % 0x7ff0000000000000) },
	"unit": func(z uint64) float64 { return float64(z>>11+1) * 0x1p-53 },
	"near1": func(z uint64) float64 {
		return (1 - 0x1p-4) + float64(float64(z>>11)*0x1p-53*0x1.048p-3)
	},
}

func splitmix64(s *uint64) uint64 {
	*s += 0x9e3779b97f4a7c15
	z := *s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// TestLogEqualsGlibc holds log to glibc's on three million inputs, bit for bit.
func TestLogEqualsGlibc(t *testing.T) {
	cases := loadLogCases(t)
	if len(cases.Streams) != len(logInputs) {
		t.Fatalf("logcases.json has %d streams, want %d", len(cases.Streams), len(logInputs))
	}
	for name, want := range cases.Streams {
		input, ok := logInputs[name]
		if !ok {
			t.Fatalf("logcases.json: unknown stream %q", name)
		}
		h := sha256.New()
		s := want.Seed
		var buf [8]byte
		for range cases.N {
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(log(input(splitmix64(&s)))))
			h.Write(buf[:])
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != want.SHA256 {
			t.Errorf("stream %s: log over %d inputs hashes to %s, glibc's to %s", name, cases.N, got, want.SHA256)
		}
	}
}

// TestLogMisroundsAsGlibc shows why nprand has a log of its own: on these
// inputs glibc's log is one ulp from the nearest double, and numpy's
// Gaussians follow glibc.
func TestLogMisroundsAsGlibc(t *testing.T) {
	n := 0
	for name, s := range loadLogCases(t).Streams {
		for _, c := range s.Misrounded {
			x, glibc, nearest := parseHex(t, c.X), parseHex(t, c.Glibc), parseHex(t, c.Nearest)
			if got := log(x); got != glibc {
				t.Errorf("stream %s: log(%v) = %v, glibc %v (nearest %v)", name, x, got, glibc, nearest)
			}
			if d := math.Abs(glibc - nearest); d == 0 || d > math.Abs(nearest)*0x1p-52 {
				t.Errorf("stream %s: glibc's log(%v) = %v is not one ulp from the nearest, %v", name, x, glibc, nearest)
			}
			n++
		}
	}
	if n < 100 {
		t.Errorf("logcases.json lists %d misrounded inputs, want at least 100", n)
	}
}

// The special values are C's (C11 Annex F.10.3.7), which glibc follows.
func TestLogSpecialValues(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{
		{1, 0},
		{0, math.Inf(-1)},
		{math.Copysign(0, -1), math.Inf(-1)},
		{math.Inf(1), math.Inf(1)},
	} {
		if got := log(c.x); got != c.want {
			t.Errorf("log(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	for _, x := range []float64{-1, -0x1p-1074, math.Inf(-1), math.NaN()} {
		if got := log(x); !math.IsNaN(got) {
			t.Errorf("log(%v) = %v, want NaN", x, got)
		}
	}
}

func loadLogCases(t *testing.T) logCases {
	t.Helper()
	b, err := os.ReadFile("testdata/logcases.json")
	if err != nil {
		t.Fatal(err)
	}
	var c logCases
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("logcases.json: %v", err)
	}
	if c.N < 1_000_000 {
		t.Fatalf("logcases.json: streams of %d inputs, want at least 10⁶", c.N)
	}
	return c
}

func parseHex(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("logcases.json: %v", err)
	}
	return v
}
