package site

import (
	"html/template"
	"os"
	"runtime"
	"slices"
	"sync/atomic"
	"unsafe"
)

// Text is an article's rendered body. A build needs it once, for the
// article's page (and the feeds that carry the article), while it keeps the
// rest of the article for the whole build; so bodies wait in a temporary
// file, not in memory. At 100,000 articles they are half a gigabyte.
type Text struct {
	store *textStore // nil: the body is mem
	off   int64
	n     int
	mem   template.HTML
}

// HTML reads the body back.
func (t Text) HTML() (template.HTML, error) {
	if t.store == nil {
		return t.mem, nil
	}
	buf, err := t.AppendTo(make([]byte, 0, t.n))
	if err != nil {
		return "", err
	}
	// buf is new and nothing else holds it: it becomes the string as it
	// is, instead of being copied into one.
	return template.HTML(unsafe.String(unsafe.SliceData(buf), len(buf))), nil
}

// AppendTo appends the body to buf and returns the result: a reader that
// is done with the body before it reads the next can keep one buffer for
// all of them.
func (t Text) AppendTo(buf []byte) ([]byte, error) {
	if t.store == nil {
		return append(buf, t.mem...), nil
	}
	buf = slices.Grow(buf, t.n)
	if _, err := t.store.f.ReadAt(buf[len(buf):len(buf)+t.n], t.off); err != nil {
		return buf, err
	}
	return buf[:len(buf)+t.n], nil
}

// head reads back at most the first n bytes of the body into buf (which
// it grows if need be), and reports whether they are the whole body.
func (t Text) head(buf []byte, n int) ([]byte, bool, error) {
	if t.store == nil {
		return append(buf[:0], t.mem[:min(n, len(t.mem))]...), n >= len(t.mem), nil
	}
	buf = slices.Grow(buf[:0], min(n, t.n))[:min(n, t.n)]
	if _, err := t.store.f.ReadAt(buf, t.off); err != nil {
		return buf, false, err
	}
	return buf, n >= t.n, nil
}

// textStore appends bodies to one temporary file. Writers and readers may
// work at once: each body has its own place, written and read with pwrite
// and pread. Bodies of files that changed since are never reclaimed; watch
// mode adds a few kilobytes per save.
type textStore struct {
	f   *os.File // nil: bodies are kept in memory
	end atomic.Int64
}

// newTextStore makes a store in the system's temporary folder. Where it
// cannot, bodies stay in memory: slower to nothing, only bigger.
func newTextStore() *textStore {
	f, err := os.CreateTemp("", "briefing-text-*")
	if err != nil {
		return &textStore{}
	}
	// Where the system allows it, the file loses its name now and is
	// gone when the process ends, whatever way it ends.
	removed := os.Remove(f.Name()) == nil
	s := &textStore{f: f}
	runtime.AddCleanup(s, func(f *os.File) {
		f.Close()
		if !removed {
			os.Remove(f.Name())
		}
	}, f)
	return s
}

// put keeps a copy of b and returns where it is: b may be used again
// once put returns.
func (s *textStore) put(b []byte) (Text, error) {
	if s.f == nil || len(b) == 0 {
		return Text{mem: template.HTML(b)}, nil
	}
	n := len(b)
	off := s.end.Add(int64(n)) - int64(n)
	if _, err := s.f.WriteAt(b, off); err != nil {
		return Text{}, err
	}
	return Text{store: s, off: off, n: n}, nil
}
