// Package testsite makes small projects on disk for tests that build,
// watch or serve a site: the repository's own templates, static files and
// taxonomy, with whatever articles the test writes.
package testsite

import (
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// New makes a temporary project holding the repository's templates,
// static files and taxonomy, and returns its folder.
func New(t testing.TB) string {
	t.Helper()
	root := repoRoot(t)
	dir := t.TempDir()
	for _, d := range []string{"templates", "static"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join(root, d))); err != nil {
			t.Fatal(err)
		}
	}
	tax, err := os.ReadFile(filepath.Join(root, "taxonomy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	Write(t, dir, "taxonomy.yaml", string(tax))
	return dir
}

// Write writes data to name (slash-separated) below dir, making folders.
func Write(t testing.TB, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Article is an article file; its id is made from its title.
func Article(title, date, body string) string {
	h := fnv.New32a()
	h.Write([]byte(title))
	var b strings.Builder
	fmt.Fprintf(&b, "---\nid: %x\ntitle: %q\n", h.Sum32(), title)
	if date != "" {
		fmt.Fprintf(&b, "date: %q\n", date)
	}
	fmt.Fprintf(&b, "sources:\n  - test.txt:1\ntags: []\n---\n%s\n", body)
	return b.String()
}

// repoRoot is the folder of the module's go.mod, upwards from the test's
// working folder.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the working folder")
		}
		dir = up
	}
}
