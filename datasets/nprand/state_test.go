package nprand_test

import (
	"errors"
	"testing"

	"github.com/gradlab/gradlab/datasets/nprand"
)

// A Source restored from MarshalBinary, or copied, draws what the
// original draws, a kept Gaussian included.
func TestStateRoundTrip(t *testing.T) {
	for _, draws := range []int{0, 1, 700} {
		s := nprand.New(7)
		for range draws {
			s.Uint32()
		}
		s.NormFloat64() // keeps the second Gaussian
		data, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		restored, copied := nprand.New(0), nprand.New(0)
		if err := restored.UnmarshalBinary(data); err != nil {
			t.Fatal(err)
		}
		copied.CopyFrom(s)
		for i := range 1500 {
			want := s.NormFloat64()
			if got := restored.NormFloat64(); got != want {
				t.Fatalf("after %d draws: restored draw %d = %v, want %v", draws, i, got, want)
			}
			if got := copied.NormFloat64(); got != want {
				t.Fatalf("after %d draws: copied draw %d = %v, want %v", draws, i, got, want)
			}
		}
	}
}

func TestUnmarshalBinaryErrors(t *testing.T) {
	good, _ := nprand.New(1).MarshalBinary()
	bad := func(edit func([]byte) []byte) []byte { return edit(append([]byte(nil), good...)) }
	for name, data := range map[string][]byte{
		"empty":     nil,
		"short":     good[:100],
		"long":      append(append([]byte(nil), good...), 0),
		"position":  bad(func(b []byte) []byte { b[624*4] = 1; return b }),
		"kept flag": bad(func(b []byte) []byte { b[625*4] = 2; return b }),
	} {
		s := nprand.New(3)
		if err := s.UnmarshalBinary(data); !errors.Is(err, nprand.ErrState) {
			t.Errorf("%s state: UnmarshalBinary returned %v, want ErrState", name, err)
		}
		if got, want := s.Uint32(), nprand.New(3).Uint32(); got != want {
			t.Errorf("%s state: the source changed", name)
		}
	}
}
