// Package files writes many small files quickly and safely.
//
// Convert and build write thousands of files of a few kilobytes each. Go's
// os.File is made for long-lived files: each open registers the file with
// the network poller and asks for its flags, and os.Rename looks at the
// target first. For a small file that is written once, those calls cost
// more than the write; here a file is opened, written, closed and (for
// Replace) renamed, and nothing else.
//
// Lock gives a folder to one process at a time, through a flock on a file
// beside it, so two commands never interleave their writes to it.
package files

import "errors"

// Write creates path, which must not exist yet, holding data. Use it in a
// folder nobody reads until it is complete.
func Write(path string, data []byte) error { return write(path, data, true) }

// Create puts a new file holding data at path, which must not exist yet:
// if it does, Create fails with an error matching fs.ErrExist and the file
// there is left alone. A reader sees the whole file or none of it.
//
// On Linux the data is written to an unnamed file that is then given its
// name, one change to the folder per file; elsewhere a temporary file is
// linked to the name and removed.
func Create(path string, data []byte) error {
	if err := createUnnamed(path, data); !errors.Is(err, errUnsupported) {
		return err
	}
	tmp := tempName(path)
	if err := write(tmp, data, false); err != nil {
		return err
	}
	err := link(tmp, path)
	remove(tmp)
	return err
}

// errUnsupported says the system or the file system cannot make unnamed
// files; Create then goes the portable way.
var errUnsupported = errors.New("unnamed files are not supported here")

// Replace puts data at path through a temporary file beside it and a
// rename, so a reader sees the old file or the new one, never half of one.
func Replace(path string, data []byte) error {
	tmp := tempName(path)
	if err := write(tmp, data, false); err != nil {
		return err
	}
	if err := rename(tmp, path); err != nil {
		remove(tmp)
		return err
	}
	return nil
}

// tempName is the temporary file Replace writes for path: a dotfile in the
// same folder, which watchers and the site loader pass over.
func tempName(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' || path[i] == '\\' {
			return path[:i+1] + ".tmp-" + path[i+1:]
		}
	}
	return ".tmp-" + path
}
