//go:build unix

package files

import (
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// lockFile opens and locks the lock file name and writes holder into it,
// or fails with errLocked if another process holds it.
func lockFile(name, holder string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err != unix.EINTR {
			break
		}
	}
	if err == unix.EWOULDBLOCK {
		f.Close()
		return nil, errLocked
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	f.Truncate(0)
	fmt.Fprintf(f, "%s (pid %d, since %s)\n", holder, os.Getpid(), time.Now().UTC().Format("15:04:05 UTC"))
	return f, nil
}
