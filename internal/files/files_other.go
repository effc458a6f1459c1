//go:build !unix

package files

import "os"

func write(path string, data []byte, excl bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if excl {
		flags |= os.O_EXCL
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func rename(from, to string) error { return os.Rename(from, to) }

func remove(path string) { os.Remove(path) }

func link(from, to string) error { return os.Link(from, to) }
