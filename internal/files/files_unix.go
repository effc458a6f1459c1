//go:build unix

package files

import (
	"io/fs"
	"syscall"
)

func write(path string, data []byte, excl bool) error {
	flags := syscall.O_WRONLY | syscall.O_CREAT | syscall.O_TRUNC | syscall.O_CLOEXEC
	if excl {
		flags |= syscall.O_EXCL
	}
	fd, err := open(path, flags)
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}

func open(path string, flags int) (int, error) {
	for {
		fd, err := syscall.Open(path, flags, 0o644)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

func rename(from, to string) error {
	if err := syscall.Rename(from, to); err != nil {
		return &fs.PathError{Op: "rename", Path: to, Err: err}
	}
	return nil
}

func remove(path string) { syscall.Unlink(path) }

func link(from, to string) error {
	if err := syscall.Link(from, to); err != nil {
		return &fs.PathError{Op: "link", Path: to, Err: err}
	}
	return nil
}
