package nprand

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// stateSize is the length of a Source's binary state: gonum's MT19937
// state (624 words and the position, big-endian), a byte saying whether a
// Gaussian is kept, and that Gaussian's bits.
const stateSize = 625*4 + 1 + 8

// ErrState is wrapped by the error of UnmarshalBinary about data that is
// not a Source's state.
var ErrState = errors.New("nprand: bad state")

// MarshalBinary returns s's state, which UnmarshalBinary restores: a
// Source restored from it draws what s draws next.
func (s *Source) MarshalBinary() ([]byte, error) {
	mt, err := s.mt.MarshalBinary()
	if err != nil {
		return nil, err
	}
	var kept byte
	if s.hasGauss {
		kept = 1
	}
	return binary.BigEndian.AppendUint64(append(mt, kept), math.Float64bits(s.gauss)), nil
}

// UnmarshalBinary sets s to the state MarshalBinary returned. On an error,
// which wraps ErrState, s is unchanged.
func (s *Source) UnmarshalBinary(data []byte) error {
	if len(data) != stateSize {
		return fmt.Errorf("%w: %d bytes, want %d", ErrState, len(data), stateSize)
	}
	if pos := binary.BigEndian.Uint32(data[624*4:]); pos > 624 {
		return fmt.Errorf("%w: position %d past the 624 words", ErrState, pos)
	}
	kept := data[625*4]
	if kept > 1 {
		return fmt.Errorf("%w: kept-Gaussian flag %d, want 0 or 1", ErrState, kept)
	}
	if err := s.mt.UnmarshalBinary(data[:625*4]); err != nil {
		return fmt.Errorf("%w: %w", ErrState, err)
	}
	s.hasGauss = kept == 1
	s.gauss = math.Float64frombits(binary.BigEndian.Uint64(data[625*4+1:]))
	return nil
}

// CopyFrom sets s to from's state without allocating: the two then draw
// the same numbers.
func (s *Source) CopyFrom(from *Source) {
	*s.mt = *from.mt
	s.hasGauss, s.gauss = from.hasGauss, from.gauss
}
