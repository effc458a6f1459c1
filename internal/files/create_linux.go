package files

import (
	"io/fs"
	"path/filepath"
	"strconv"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// noUnnamed is set once unnamed files have failed, so later files do not
// try again.
var noUnnamed atomic.Bool

// createUnnamed opens an unnamed file in path's folder (O_TMPFILE), writes
// data and links it in under path. Until the link the file has no name, so
// nobody sees it half written, and the link fails if path exists.
func createUnnamed(path string, data []byte) error {
	if noUnnamed.Load() {
		return errUnsupported
	}
	var fd int
	var err error
	for {
		fd, err = unix.Open(filepath.Dir(path), unix.O_TMPFILE|unix.O_WRONLY|unix.O_CLOEXEC, 0o644)
		if err != unix.EINTR {
			break
		}
	}
	switch err {
	case nil:
	case unix.EOPNOTSUPP, unix.EISDIR, unix.EINVAL:
		noUnnamed.Store(true)
		return errUnsupported
	default:
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	for len(data) > 0 {
		n, err := unix.Write(fd, data)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	// Linking by descriptor needs CAP_DAC_READ_SEARCH; through /proc any
	// user may do it.
	err = unix.Linkat(fd, "", unix.AT_FDCWD, path, unix.AT_EMPTY_PATH)
	if err == unix.EPERM || err == unix.ENOENT {
		err = unix.Linkat(unix.AT_FDCWD, "/proc/self/fd/"+strconv.Itoa(fd), unix.AT_FDCWD, path, unix.AT_SYMLINK_FOLLOW)
		if err == unix.ENOENT || err == unix.EPERM {
			noUnnamed.Store(true)
			return errUnsupported
		}
	}
	if err != nil {
		return &fs.PathError{Op: "link", Path: path, Err: err}
	}
	return nil
}
