//go:build !unix

package files

import "os"

// lockFile opens the lock file; without flock, the lock holds within one
// process only.
func lockFile(name, holder string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	f.Truncate(0)
	f.WriteString(holder + "\n")
	return f, nil
}
