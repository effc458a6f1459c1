package build

import (
	"os"

	"golang.org/x/sys/unix"
)

// exchange makes the folders a and b trade places in one step
// (renameat2 with RENAME_EXCHANGE). It fails with errNoExchange when b does
// not exist or the file system cannot do it.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch err {
	case nil:
		return nil
	case unix.ENOENT, unix.EINVAL, unix.ENOSYS, unix.EOPNOTSUPP:
		return errNoExchange
	}
	return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
}
