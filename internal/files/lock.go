package files

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Lock takes the folder dir for holder (a few words saying who, such as
// "build watch"): it locks the file .<name>.lock beside dir with flock
// and writes the holder, the process id and the time into it. Closing
// the file it returns lets go of the lock, and so does the system when
// the process ends, however it ends. If another process holds the lock,
// Lock fails with a *Locked naming that holder.
//
// The lock is one process's: the caller keeps two parts of one process
// from taking it at once (flock would refuse the second).
func Lock(dir, holder string) (*os.File, error) {
	name := LockName(dir)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, err
	}
	f, err := lockFile(name, holder)
	if errors.Is(err, errLocked) {
		by, _ := os.ReadFile(name)
		return nil, &Locked{Lock: name, Holder: strings.TrimSpace(string(by))}
	}
	return f, err
}

// LockName is the lock file of the folder dir: .<name>.lock beside it.
func LockName(dir string) string {
	dir = filepath.Clean(dir)
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".lock")
}

// Locked is Lock's error when another process holds the lock.
type Locked struct {
	Lock   string // the lock file
	Holder string // what its holder wrote: "build watch (pid 1234, since 09:12:03 UTC)", or ""
}

func (e *Locked) Error() string {
	who := e.Holder
	if who == "" {
		who = "another process"
	}
	return fmt.Sprintf("in use by %s (the lock is %s)", who, e.Lock)
}

var errLocked = errors.New("locked")
