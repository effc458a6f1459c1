package ingest

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	"briefing/internal/files"
)

// Lock takes the content folder dir for holder (a few words saying who,
// such as "build convert") until unlock is called, so that two writers
// never interleave their writes to it: Run holds it from reading the
// articles to writing the manifest, the preview's desk for each save.
// If another process holds it, Lock fails at once with an error naming
// the holder; within one process a second taker waits for the first.
// The lock is the file .<name>.lock beside the folder (see files.Lock).
func Lock(dir, holder string) (unlock func(), err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	mu := folderMutex(abs)
	mu.Lock()
	f, err := files.Lock(abs, holder)
	var held *files.Locked
	if errors.As(err, &held) {
		mu.Unlock()
		who := held.Holder
		if who == "" {
			who = "another convert or preview"
		}
		return nil, fmt.Errorf("content folder %s is in use by %s; wait for it to finish, then try again (the lock is %s)", dir, who, held.Lock)
	}
	if err != nil {
		mu.Unlock()
		return nil, fmt.Errorf("locking the content folder: %w", err)
	}
	return func() {
		f.Close() // closing lets go of the lock
		mu.Unlock()
	}, nil
}

// folders holds one mutex per content folder this process locks.
var folders sync.Map

func folderMutex(abs string) *sync.Mutex {
	mu, _ := folders.LoadOrStore(abs, new(sync.Mutex))
	return mu.(*sync.Mutex)
}
