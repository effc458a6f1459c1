package search

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"briefing/internal/files"
	"briefing/internal/plural"
	"briefing/internal/proc"
)

// Result says what an index run did.
type Result struct {
	Docs, Words, Shards int
	Files               int   // in the index, the manifest included
	Bytes               int64 // their size
	Written             int   // files written
	Removed             int
	Elapsed             time.Duration
	// CPU is the processor time the process used meanwhile: the index's,
	// and that of whatever else ran at the same time.
	CPU time.Duration
}

func (r Result) String() string {
	per := int64(0)
	if r.Docs > 0 {
		per = r.Bytes / int64(r.Docs)
	}
	return fmt.Sprintf("search: %s, %s in %s, %s, %.1f MB (%d B an article), %d written, %d removed in %d ms (CPU %d ms)",
		plural.Count(r.Docs, "article"), plural.Count(r.Words, "word"), plural.Count(r.Shards, "shard"), plural.Count(r.Files, "file"),
		float64(r.Bytes)/(1<<20), per, r.Written, r.Removed, r.Elapsed.Milliseconds(), r.CPU.Milliseconds())
}

// manifestName is the manifest's file name.
const manifestName = "manifest.json"

// Write writes the index of docs, in the index's order (Docs), into dir,
// which must not exist yet or be empty: a build's fresh output folder.
func (ix *Index) Write(dir string, docs []Doc) (Result, error) {
	start, cpu := time.Now(), proc.CPUTime()
	f, _, err := ix.build(docs)
	if err != nil {
		return Result{}, err
	}
	if f == nil {
		f = ix.last
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, err
	}
	res := f.result(len(docs))
	for _, name := range f.names {
		if err := files.Write(filepath.Join(dir, name), f.data[name]); err != nil {
			return Result{}, err
		}
	}
	if err := files.Write(filepath.Join(dir, manifestName), f.manifest); err != nil {
		return Result{}, err
	}
	res.Written = len(f.names) + 1
	ix.last = f
	res.Elapsed, res.CPU = time.Since(start), proc.CPUTime()-cpu
	return res, nil
}

// Update brings the index in dir, which a Write or Update made, up to
// date with docs. It writes the files that are new, then the manifest,
// then removes the files the manifest no longer names, so a reader of the
// folder finds every file its manifest names until the next update.
func (ix *Index) Update(dir string, docs []Doc) (Result, error) {
	start, cpu := time.Now(), proc.CPUTime()
	f, changed, err := ix.build(docs)
	if err != nil {
		return Result{}, err
	}
	if !changed {
		f = ix.last
	}
	if f == nil {
		return Result{}, errors.New("search: no index to update")
	}
	res := f.result(len(docs))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return Result{}, err
	}
	have := make(map[string]bool, len(entries))
	for _, e := range entries {
		have[e.Name()] = true
	}
	for _, name := range f.names {
		if have[name] {
			continue
		}
		if err := files.Replace(filepath.Join(dir, name), f.data[name]); err != nil {
			return Result{}, err
		}
		res.Written++
	}
	old, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Result{}, err
	}
	if string(old) != string(f.manifest) {
		if err := files.Replace(filepath.Join(dir, manifestName), f.manifest); err != nil {
			return Result{}, err
		}
		res.Written++
	}
	for _, e := range entries {
		name := e.Name()
		if _, keep := f.data[name]; keep || name == manifestName || strings.HasPrefix(name, ".") {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return Result{}, err
		}
		res.Removed++
	}
	ix.last = f
	res.Elapsed, res.CPU = time.Since(start), proc.CPUTime()-cpu
	return res, nil
}

func (f *fileSet) result(docs int) Result {
	r := Result{Docs: docs, Words: f.words, Shards: f.shards, Files: len(f.names) + 1, Bytes: int64(len(f.manifest))}
	for _, d := range f.data {
		r.Bytes += int64(len(d))
	}
	return r
}
