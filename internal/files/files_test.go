package files

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.html")
	if err := Write(p, []byte("hello")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); string(got) != "hello" {
		t.Errorf("read %q", got)
	}
	if info, _ := os.Stat(p); info.Mode().Perm()&0o444 != 0o444 {
		t.Errorf("mode %v is not readable by all", info.Mode())
	}
	if err := Write(p, []byte("again")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("writing over an existing file: %v", err)
	}
}

func TestReplace(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.md")
	for _, data := range []string{"one", "two, longer", "3"} {
		if err := Replace(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(p); string(got) != data {
			t.Errorf("read %q, want %q", got, data)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files left in the folder, want 1", len(entries))
	}
	if err := Replace(filepath.Join(dir, "missing", "a.md"), nil); err == nil {
		t.Error("no error writing into a missing folder")
	}
}

func TestCreate(t *testing.T) {
	for _, portable := range []bool{false, true} {
		t.Run(map[bool]string{false: "unnamed", true: "portable"}[portable], func(t *testing.T) {
			if portable {
				forcePortable(t)
			}
			dir := t.TempDir()
			p := filepath.Join(dir, "a.md")
			if err := Create(p, []byte("first")); err != nil {
				t.Fatal(err)
			}
			if err := Create(p, []byte("second")); !errors.Is(err, fs.ErrExist) {
				t.Errorf("creating over an existing file: %v, want an fs.ErrExist error", err)
			}
			if got, _ := os.ReadFile(p); string(got) != "first" {
				t.Errorf("read %q, want the first file left alone", got)
			}
			if info, _ := os.Stat(p); info.Mode().Perm()&0o444 != 0o444 {
				t.Errorf("mode %v is not readable by all", info.Mode())
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("%d files left in the folder, want 1", len(entries))
			}
			if err := Create(filepath.Join(dir, "missing", "a.md"), nil); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("creating in a missing folder: %v", err)
			}
		})
	}
}
