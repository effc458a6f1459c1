// Package search builds the site's static search index with Pagefind.
//
// Pagefind reads the built HTML and writes an index of many small files,
// so a browser downloads only the parts a query needs, with no server.
// Pages mark what is indexed: data-pagefind-body on the article (its text,
// caption and editors' notes), data-pagefind-filter for tags and years,
// data-pagefind-sort for dates; everything else (navigation, lists,
// provenance) is left out.
//
// # Parts
//
// Pagefind holds everything it indexes in memory, about twice over, so an
// archive of 100,000 articles cannot be indexed in one go on an ordinary
// machine. The index is built in parts instead: dated pages in stretches
// of consecutive months of at most PartPages pages, undated pages in
// buckets by a hash of their address. Each part is a complete Pagefind
// bundle in public/pagefind/KEY/, indexed by Pagefind's Node API
// (index.mjs, run by Node from node_modules/pagefind) one part after
// another, with the indexer's memory freed in between; so memory is
// bounded by the largest part. public/pagefind/parts.json lists the parts
// and the counts of tags and years for the search page's menus; the page
// loads the first part and merges the others into it (Pagefind's
// multisite search), so every query searches all of them. Each part's
// pages carry one more filter, part:KEY, which lets the page sort results
// by date across parts one part at a time.
//
// In watch mode the index is kept between builds: a run compares every
// page's size and time with the last run and indexes again only the
// parts whose pages changed (Background).
//
// Pagefind comes from npm: package-lock.json pins it, and `make index`
// installs it into node_modules/ with `npm ci`. Without it, or without
// Node, the site still builds and its search page says that the index was
// not built.
package search

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"briefing/internal/files"
	"briefing/internal/plural"
)

// ErrNoIndexer means Pagefind or Node is not installed.
var ErrNoIndexer = errors.New("pagefind is not installed (make index installs it; needs Node)")

//go:embed index.mjs
var script string

// Indexer runs Pagefind for one project.
type Indexer struct {
	node     string // the node program
	pagefind string // Pagefind's Node module
	// Workers is how many parts are indexed at once, each by its own
	// Pagefind process; memory grows with it. Find sets two, or one on a
	// single core.
	Workers int
	// PartPages is the most pages a newly planned part holds.
	PartPages int
}

// Find returns the Indexer for the project in root, or ErrNoIndexer.
func Find(root string) (*Indexer, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, ErrNoIndexer
	}
	mod, err := filepath.Abs(filepath.Join(root, "node_modules", "pagefind", "lib", "index.js"))
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(mod); err != nil {
		return nil, ErrNoIndexer
	}
	return &Indexer{node: node, pagefind: mod, Workers: min(2, runtime.NumCPU()), PartPages: PartPages}, nil
}

// Result says what an index run made.
type Result struct {
	Parts   int // parts in the index
	Indexed int // parts indexed by this run
	Pages   int // pages in the index
	Files   int
	Bytes   int64
	Elapsed time.Duration
	// PeakRSS is the most memory Pagefind held: the sum of each worker's
	// peak, 0 when the system does not say. CPU is the processor time it
	// used.
	PeakRSS int64
	CPU     time.Duration
}

func (r Result) String() string {
	s := fmt.Sprintf("index: %s in %s (%d indexed), %s, %.1f MB in %d ms",
		plural.Count(r.Pages, "page"), plural.Count(r.Parts, "part"), r.Indexed, plural.Count(r.Files, "file"), float64(r.Bytes)/(1<<20), r.Elapsed.Milliseconds())
	if r.PeakRSS > 0 {
		s += fmt.Sprintf(", pagefind peak RSS %.0f MB, CPU %.1f s", float64(r.PeakRSS)/(1<<20), r.CPU.Seconds())
	}
	return s
}

// state is an index as its last run left it, kept between runs in watch
// mode.
type state struct {
	dir   string
	rule  rule
	pages map[string]*page // by path relative to dir
}

// Index indexes the built site in dir, replacing dir/pagefind. The index
// is written beside it and swapped in, so a browser never sees half an
// index and files of an older index do not pile up.
func (ix *Indexer) Index(ctx context.Context, dir string) (Result, error) {
	res, _, err := ix.full(ctx, dir, false)
	return res, err
}

// full indexes every part of dir; gentle runs Pagefind at the lowest CPU
// priority, where the system has nice, so a background run does not slow
// the next build.
func (ix *Indexer) full(ctx context.Context, dir string, gentle bool) (Result, *state, error) {
	start := time.Now()
	dir, err := filepath.Abs(dir)
	if err != nil {
		return Result{}, nil, err
	}
	st := &state{dir: dir, pages: map[string]*page{}}
	err = htmlFiles(dir, func(rel string, info fs.FileInfo) error {
		p, ok, err := readPage(dir, rel, info)
		if ok {
			st.pages[rel] = p
		}
		return err
	})
	if err != nil {
		return Result{}, nil, fmt.Errorf("index: %w", err)
	}
	st.rule = planRule(st.pages, ix.PartPages)
	for _, p := range st.pages {
		p.key = st.rule.key(p)
	}
	final := filepath.Join(dir, "pagefind")
	fresh := filepath.Join(dir, ".pagefind-new")
	old := filepath.Join(dir, ".pagefind-old")
	os.RemoveAll(fresh)
	byKey := members(st.pages)
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	use, err := ix.indexParts(ctx, st.dir, st.pages, keys, byKey, fresh, gentle)
	if err != nil {
		os.RemoveAll(fresh)
		return Result{}, nil, err
	}
	if err := writeManifest(fresh, st.pages); err != nil {
		os.RemoveAll(fresh)
		return Result{}, nil, err
	}
	os.RemoveAll(old)
	if err := os.Rename(final, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Result{}, nil, err
	}
	if err := os.Rename(fresh, final); err != nil {
		return Result{}, nil, err
	}
	os.RemoveAll(old)
	res, err := measure(final, len(st.pages), len(keys), len(keys), start)
	res.PeakRSS, res.CPU = use.RSS, time.Duration(use.CPU)*time.Millisecond
	return res, st, err
}

// update indexes again the parts of st.dir whose pages were added,
// changed or removed since st was made, and brings st up to date. It
// returns false, doing nothing, when the index needs a full run instead:
// its folder is gone.
func (ix *Indexer) update(ctx context.Context, st *state, gentle bool) (Result, bool, error) {
	start := time.Now()
	final := filepath.Join(st.dir, "pagefind")
	if _, err := os.Stat(filepath.Join(final, "parts.json")); err != nil {
		return Result{}, false, nil
	}
	stale := map[string]bool{}
	seen := map[string]bool{}
	next := make(map[string]*page, len(st.pages))
	err := htmlFiles(st.dir, func(rel string, info fs.FileInfo) error {
		seen[rel] = true
		last := st.pages[rel]
		if last != nil && last.size == info.Size() && last.mod.Equal(info.ModTime()) {
			next[rel] = last
			return nil
		}
		p, ok, err := readPage(st.dir, rel, info)
		if err != nil {
			return err
		}
		if last != nil {
			stale[last.key] = true
		}
		if ok {
			p.key = st.rule.key(p)
			next[rel] = p
			stale[p.key] = true
		}
		return nil
	})
	if err != nil {
		return Result{}, true, fmt.Errorf("index: %w", err)
	}
	for rel, p := range st.pages {
		if !seen[rel] {
			stale[p.key] = true
		}
	}
	byKey := members(next)
	if len(stale) > 0 {
		var keys []string
		for k := range stale {
			if len(byKey[k]) > 0 {
				keys = append(keys, k)
			}
		}
		work := filepath.Join(final, ".new")
		os.RemoveAll(work)
		use, err := ix.indexParts(ctx, st.dir, next, keys, byKey, work, gentle)
		if err != nil {
			os.RemoveAll(work)
			return Result{}, true, err
		}
		for _, k := range keys {
			if err := swap(filepath.Join(work, k), filepath.Join(final, k)); err != nil {
				return Result{}, true, err
			}
		}
		os.RemoveAll(work)
		st.pages = next
		if err := writeManifest(final, st.pages); err != nil {
			return Result{}, true, err
		}
		for k := range stale {
			if len(byKey[k]) == 0 {
				os.RemoveAll(filepath.Join(final, k))
			}
		}
		res, err := measure(final, len(next), len(byKey), len(keys), start)
		res.PeakRSS, res.CPU = use.RSS, time.Duration(use.CPU)*time.Millisecond
		return res, true, err
	}
	st.pages = next
	res, err := measure(final, len(next), len(byKey), 0, start)
	return res, true, err
}

// swap puts the folder from in place of to.
func swap(from, to string) error {
	old := to + ".old"
	os.RemoveAll(old)
	if err := os.Rename(to, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(from, to); err != nil {
		return err
	}
	return os.RemoveAll(old)
}

// writeManifest writes parts.json into the index folder out.
func writeManifest(out string, pages map[string]*page) error {
	data, err := json.Marshal(makeManifest(pages))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	return files.Replace(filepath.Join(out, "parts.json"), append(data, '\n'))
}

// unused are files Pagefind writes into every bundle for its own search
// interfaces, which the site does not use.
var unused = []string{
	"pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
	"pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
}

// job is what index.mjs reads.
type job struct {
	Parts []jobPart `json:"parts"`
}

type jobPart struct {
	Key   string    `json:"key"`
	Out   string    `json:"out"`
	Pages []jobPage `json:"pages"`
}

type jobPage struct {
	File string `json:"file"`
	URL  string `json:"url"`
}

// indexParts indexes the parts keys of the site in dir into out/KEY, with
// up to ix.Workers Pagefind processes; each process indexes its parts one
// after another. byKey lists each part's pages, all of them in pages.
func (ix *Indexer) indexParts(ctx context.Context, dir string, pages map[string]*page, keys []string, byKey map[string][]string, out string, gentle bool) (use usage, err error) {
	// The biggest parts first, each to the least loaded worker.
	sort.Slice(keys, func(i, j int) bool {
		if a, b := len(byKey[keys[i]]), len(byKey[keys[j]]); a != b {
			return a > b
		}
		return keys[i] < keys[j]
	})
	workers := min(max(ix.Workers, 1), len(keys))
	jobs := make([]job, workers)
	load := make([]int, workers)
	for _, k := range keys {
		w := 0
		for i := range load {
			if load[i] < load[w] {
				w = i
			}
		}
		jp := jobPart{Key: k, Out: filepath.Join(out, k)}
		for _, rel := range byKey[k] {
			jp.Pages = append(jp.Pages, jobPage{File: filepath.Join(dir, filepath.FromSlash(rel)), URL: pages[rel].url})
		}
		jobs[w].Parts = append(jobs[w].Parts, jp)
		load[w] += len(jp.Pages)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return usage{}, err
	}
	errs := make([]error, workers)
	uses := make([]usage, workers)
	var wg sync.WaitGroup
	for i := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			uses[i], errs[i] = ix.runJob(ctx, jobs[i], gentle)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return usage{}, err
	}
	for _, k := range keys {
		for _, name := range unused {
			os.Remove(filepath.Join(out, k, name))
		}
	}
	for _, u := range uses {
		use.RSS += u.RSS
		use.CPU += u.CPU
	}
	return use, nil
}

// usage is what Pagefind used: peak memory in bytes, CPU time in ms.
type usage struct{ RSS, CPU int64 }

// runJob runs index.mjs on one job and returns what Pagefind used.
func (ix *Indexer) runJob(ctx context.Context, j job, gentle bool) (usage, error) {
	in, err := json.Marshal(j)
	if err != nil {
		return usage{}, err
	}
	args := []string{ix.node, "--input-type=module", "-e", script, ix.pagefind}
	if nice, err := exec.LookPath("nice"); gentle && err == nil {
		args = append([]string{nice, "-n", "19"}, args...)
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdin = bytes.NewReader(in)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		said := lastLine(stderr.String())
		if said == "" {
			// Pagefind says nothing when the system stops it, as it does
			// when memory runs out (it holds a whole part in memory).
			said = "it printed nothing: was it stopped for lack of memory?"
		}
		return usage{}, fmt.Errorf("index: pagefind: %w: %s; the last search index is left as it was", err, said)
	}
	// Each line has the figures so far; the last says most.
	var use usage
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		var line usage
		if json.Unmarshal(sc.Bytes(), &line) == nil {
			use.RSS, use.CPU = max(use.RSS, line.RSS), max(use.CPU, line.CPU)
		}
	}
	return use, nil
}

// lastLine is the last line of Node's error output that says something:
// the error's message, not its stack.
func lastLine(s string) string {
	var said string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "Error") || said == "" && line != "" && !strings.HasPrefix(line, "at ") {
			said = line
		}
	}
	return said
}

// measure counts the files and bytes of the index in dir.
func measure(dir string, pages, parts, indexed int, start time.Time) (Result, error) {
	res := Result{Pages: pages, Parts: parts, Indexed: indexed}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
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
	res.Elapsed = time.Since(start)
	return res, err
}
