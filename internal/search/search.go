// Package search builds the site's static search index with Pagefind.
//
// Pagefind reads the built HTML and writes its index into public/pagefind/
// as many small files, so a browser downloads only the parts a query needs;
// that keeps search fast at 100,000 articles with no server. Pages mark
// what is indexed: data-pagefind-body on the article (its text, caption and
// editors' notes), data-pagefind-filter for tags and years,
// data-pagefind-sort for dates; everything else (navigation, lists,
// provenance) is left out.
//
// Pagefind comes from npm: package-lock.json pins it, and `make index`
// installs it into node_modules/ with `npm ci`. Without it the site still
// builds and its search page says that the index was not built.
package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ErrNoIndexer means Pagefind is not installed.
var ErrNoIndexer = errors.New("pagefind is not installed (make index installs it; needs Node)")

// Indexer runs Pagefind for one project.
type Indexer struct {
	bin string
}

// Find returns the Indexer for the project in root, or ErrNoIndexer.
func Find(root string) (*Indexer, error) {
	bin := filepath.Join(root, "node_modules", ".bin", "pagefind")
	if _, err := os.Stat(bin); err != nil {
		return nil, ErrNoIndexer
	}
	return &Indexer{bin: bin}, nil
}

// Result says what an index run made.
type Result struct {
	Files   int
	Bytes   int64
	Elapsed time.Duration
}

func (r Result) String() string {
	return fmt.Sprintf("index: %d files, %.1f MB in %d ms", r.Files, float64(r.Bytes)/(1<<20), r.Elapsed.Milliseconds())
}

// Index indexes the built site in dir, replacing dir/pagefind. The index
// is written beside it and swapped in, so a browser never sees half an
// index and files of an older index do not pile up.
func (ix *Indexer) Index(ctx context.Context, dir string) (Result, error) {
	return ix.index(ctx, dir, false)
}

// index is Index; gentle runs Pagefind at the lowest CPU priority, where
// the system has nice, so a background run does not slow the next build:
// at niceness 19 it gets about 1/70 of a core a build wants.
func (ix *Indexer) index(ctx context.Context, dir string, gentle bool) (Result, error) {
	start := time.Now()
	dir, err := filepath.Abs(dir)
	if err != nil {
		return Result{}, err
	}
	final := filepath.Join(dir, "pagefind")
	fresh := filepath.Join(dir, ".pagefind-new")
	old := filepath.Join(dir, ".pagefind-old")
	os.RemoveAll(fresh)
	args := []string{ix.bin, "--site", dir, "--output-path", fresh, "--silent"}
	if nice, err := exec.LookPath("nice"); gentle && err == nil {
		args = append([]string{nice, "-n", "19"}, args...)
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		os.RemoveAll(fresh)
		said := strings.TrimSpace(out.String())
		if said == "" {
			// Pagefind says nothing when the system stops it, as it does
			// when memory runs out (it holds the whole index in memory).
			said = "it printed nothing: was it stopped for lack of memory?"
		}
		return Result{}, fmt.Errorf("index: pagefind: %w: %s; the last search index is left as it was", err, said)
	}
	os.RemoveAll(old)
	if err := os.Rename(final, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Result{}, err
	}
	if err := os.Rename(fresh, final); err != nil {
		return Result{}, err
	}
	os.RemoveAll(old)
	res := Result{Elapsed: time.Since(start)}
	err = filepath.WalkDir(final, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		res.Files++
		res.Bytes += info.Size()
		return nil
	})
	return res, err
}
