package files

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// MaxInput is the largest input file read: seed dumps, articles,
// templates, static files and the taxonomy are all far smaller, and a
// bigger one is a mistake (a disk image, a log) that would only fill the
// memory.
const MaxInput = 64 << 20

// Refused is an input file that is not read, and why.
type Refused struct {
	Path string // as given, with its folder
	Why  string
}

func (e *Refused) Error() string { return e.Path + ": " + e.Why + "; not read" }

// Unwrap makes a refused file count as a missing one (errors.Is with
// fs.ErrNotExist): it is left out as if it were not there.
func (e *Refused) Unwrap() error { return fs.ErrNotExist }

// Input says whether the file at p, inside the project folder root, may
// be read as an input: it must be a regular file (not a named pipe, a
// device or a socket, which could block a reader or never end), no larger
// than MaxInput, and a link must lead to such a file inside root. The
// error is a *Refused for a file that may not be read. For a folder, or a
// link to one inside root, it returns isDir.
func Input(root, p string) (isDir bool, err error) {
	info, err := os.Lstat(p)
	if err != nil {
		return false, err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(p)
		if err != nil {
			to, _ := os.Readlink(p)
			return false, &Refused{p, fmt.Sprintf("a link to %s, which does not exist", to)}
		}
		r, err := filepath.EvalSymlinks(root)
		if err == nil {
			r, err = filepath.Abs(r)
		}
		if err != nil {
			return false, err
		}
		abs, err := filepath.Abs(target)
		if err != nil {
			return false, err
		}
		if rel, err := filepath.Rel(r, abs); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return false, &Refused{p, fmt.Sprintf("a link to %s, outside the project", abs)}
		}
		if info, err = os.Stat(p); err != nil {
			return false, err
		}
	}
	return check(p, info)
}

func check(p string, info fs.FileInfo) (isDir bool, err error) {
	switch m := info.Mode(); {
	case m.IsDir():
		return true, nil
	case !m.IsRegular():
		return false, &Refused{p, "not a regular file (" + kind(m) + ")"}
	case info.Size() > MaxInput:
		return false, &Refused{p, fmt.Sprintf("%d MB, more than the %d MB an input file may hold", info.Size()>>20, MaxInput>>20)}
	}
	return false, nil
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// ReadInput reads the input file p inside the project folder root, after
// the checks of Input. The file is opened without blocking and checked
// again once open, so a file swapped for a pipe in between is refused
// too, and no more than MaxInput bytes are read.
func ReadInput(root, p string) ([]byte, error) {
	return appendInput(nil, root, p)
}

// appendInput is ReadInput with the file's bytes appended to buf.
func appendInput(buf []byte, root, p string) ([]byte, error) {
	isDir, err := Input(root, p)
	if err != nil {
		return nil, err
	}
	if isDir {
		return nil, &fs.PathError{Op: "read", Path: p, Err: errors.New("is a folder")}
	}
	f, err := os.OpenFile(p, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if _, err := check(p, info); err != nil {
		return nil, err
	}
	// The size is known: one buffer of about that size, not io.ReadAll's
	// doubling series, which at 100,000 files is a gigabyte of garbage.
	b := bytes.NewBuffer(buf)
	b.Grow(int(min(max(info.Size(), 0), MaxInput)) + bytes.MinRead)
	_, err = b.ReadFrom(io.LimitReader(f, MaxInput+1))
	data := b.Bytes()
	if err == nil && len(data)-len(buf) > MaxInput {
		return nil, &Refused{p, fmt.Sprintf("more than the %d MB an input file may hold", MaxInput>>20)}
	}
	return data, err
}

// InputFS is an input folder, dir, inside the project folder root, as a
// file system that only holds what Input allows: a file it refuses is
// left out of every listing, and reading it fails as for a missing file.
// Warn, when set, is told about each refused file, once per listing or
// read, with the file's folder in its name. Its AppendFile method reads
// a file into a buffer the caller gives.
func InputFS(root, dir string, warn func(*Refused)) fs.FS {
	return &inputFS{root: root, dir: dir, warn: warn}
}

type inputFS struct {
	root, dir string
	warn      func(*Refused)
}

func (f *inputFS) path(name string) string { return filepath.Join(f.dir, filepath.FromSlash(name)) }

func (f *inputFS) refused(err error) {
	var r *Refused
	if errors.As(err, &r) && f.warn != nil {
		f.warn(r)
	}
}

func (f *inputFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if _, err := Input(f.root, f.path(name)); err != nil {
		f.refused(err)
		return nil, err
	}
	return os.DirFS(f.dir).Open(name)
}

func (f *inputFS) ReadFile(name string) ([]byte, error) { return f.AppendFile(nil, name) }

// AppendFile is ReadFile with the file's bytes appended to buf: a
// reader that is done with a file before it reads the next can keep one
// buffer for all of them.
func (f *inputFS) AppendFile(buf []byte, name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	data, err := appendInput(buf, f.root, f.path(name))
	f.refused(err)
	return data, err
}

func (f *inputFS) Stat(name string) (fs.FileInfo, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return file.Stat()
}

// ReadDir lists the folder, leaving out what Input refuses. A link it
// keeps is listed as what it leads to.
func (f *inputFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	entries, err := os.ReadDir(f.path(name))
	if err != nil {
		return nil, err
	}
	out := entries[:0]
	for _, e := range entries {
		if e.Type().IsRegular() || e.IsDir() {
			out = append(out, e)
			continue
		}
		p := f.path(path.Join(name, e.Name()))
		if _, err := Input(f.root, p); err != nil {
			f.refused(err)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		out = append(out, fs.FileInfoToDirEntry(info))
	}
	return out, nil
}
