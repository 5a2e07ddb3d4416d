package outfile

import "golang.org/x/sys/unix"

// nameMax is the longest file name, in bytes, the file system of dir takes.
func nameMax(dir string) int {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil || st.Namelen <= 0 || st.Namelen > 255 {
		return 255 // NAME_MAX; an error here shows again when the file is created
	}
	return int(st.Namelen)
}
