//go:build unix

package files

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Input judges links the same with the project folder given relative to
// the working folder (as the command gives ".") or absolute.
func TestInputRelativeRoot(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	for _, f := range []string{"a/real.md", "b/other.md"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(outside, "secret"), []byte("s"), 0o644)
	os.Symlink("../b/other.md", filepath.Join(dir, "a/inside.md"))
	os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "a/outside.md"))
	syscall.Mkfifo(filepath.Join(dir, "a/pipe.md"), 0o644)
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{dir, rel} {
		var refused []string
		fsys := InputFS(root, filepath.Join(root, "a"), func(r *Refused) { refused = append(refused, filepath.Base(r.Path)+": "+r.Why) })
		entries, err := fs.ReadDir(fsys, ".")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if got := strings.Join(names, " "); got != "inside.md real.md" {
			t.Errorf("root %s: listed %q, want the regular file and the link inside the project", root, got)
		}
		if got := strings.Join(refused, "\n"); !strings.Contains(got, "outside.md: a link to "+outside) || !strings.Contains(got, "pipe.md: not a regular file (a named pipe)") {
			t.Errorf("root %s: refused:\n%s", root, got)
		}
		if _, err := fs.ReadFile(fsys, "pipe.md"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("root %s: reading the pipe: %v", root, err)
		}
		if data, err := fs.ReadFile(fsys, "inside.md"); err != nil || string(data) != "x" {
			t.Errorf("root %s: reading the inside link: %q, %v", root, data, err)
		}
		// AppendFile reads as ReadFile does, after what the buffer held.
		a := fsys.(interface {
			AppendFile(buf []byte, name string) ([]byte, error)
		})
		if _, err := a.AppendFile(nil, "pipe.md"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("root %s: appending the pipe: %v", root, err)
		}
		if data, err := a.AppendFile([]byte("held "), "inside.md"); err != nil || string(data) != "held x" {
			t.Errorf("root %s: appending the inside link: %q, %v", root, data, err)
		}
	}
}
