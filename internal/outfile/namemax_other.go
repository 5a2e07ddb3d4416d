//go:build !linux

package outfile

// nameMax is the longest file name, in bytes, the file system of dir takes:
// NAME_MAX, which most file systems share.
func nameMax(string) int { return 255 }
