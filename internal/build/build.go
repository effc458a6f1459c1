// Package build runs the whole pipe, content files to public/, once or
// again and again.
//
// A full build renders every page into a fresh folder beside the output
// folder and swaps it in only when everything succeeded, so a failed build
// leaves the previous site as it was. An update (watch mode) re-reads only
// the files that changed, re-renders only the pages whose signature
// changed and writes only files whose bytes differ; what it leaves on disk
// is byte for byte what a full build would write.
//
// The search index (internal/search) is part of the output: a full build
// writes it into the fresh folder, so it is swapped in with the pages; an
// update brings it up to date after the pages are written, or hands that
// to another goroutine (IndexInBackground), so an edit's page does not
// wait for it.
//
// # The output folder
//
// The fresh folder takes the output folder's place in one step where the
// system allows (Linux: the two trade places), so the folder always holds
// a whole site. Since it is replaced whole, the output folder may not be,
// hold or sit inside an input folder, the taxonomy file, .git or the
// project folder, nor be a folder of other files (checkOut). A build holds a lock on the output folder
// (Lock: a .<name>.lock file beside it) and first removes the hidden trees
// that killed builds of the same folder left.
//
// # Inputs
//
// Every input folder is read through files.InputFS: only regular files
// inside the project, up to files.MaxInput bytes; the others are left out
// with a warning.
package build

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"briefing/internal/config"
	"briefing/internal/files"
	"briefing/internal/ingest"
	"briefing/internal/markdown"
	"briefing/internal/parallel"
	"briefing/internal/plural"
	"briefing/internal/render"
	"briefing/internal/search"
	"briefing/internal/site"
	"briefing/internal/taxonomy"
)

// Result says what a build did.
type Result struct {
	Articles int
	Pages    int   // output files in the site
	Written  int   // files written
	Removed  int   // files removed
	Bytes    int64 // size of the files written
	Elapsed  time.Duration
	Warnings []string
	// Index is what the search index's run did: the whole index in a
	// full build, an update without background indexing (see
	// IndexInBackground), else nothing.
	Index search.Result
}

func (r Result) String() string {
	return fmt.Sprintf("build: %s → %s, %d written (%s), %d removed in %d ms",
		plural.Count(r.Articles, "article"), plural.Count(r.Pages, "file"), r.Written, size(r.Bytes), r.Removed, r.Elapsed.Milliseconds())
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// Builder builds one project. It remembers what it wrote, so Update can
// do only what a change needs. Its methods are not safe for concurrent use.
type Builder struct {
	cfg  config.Config
	root string // the project folder; the config's folders are below it

	md      *markdown.Renderer
	tax     *taxonomy.Taxonomy
	loader  *site.Loader
	taxHash uint64 // of the taxonomy file the loader tags with
	rend    *render.Renderer
	static  map[string]string // static file → hash of its bytes
	memo    site.Memo         // related lists, carried between builds
	// warnings are the last plan's, besides the site's own.
	warnings []string
	// manifest is convert's record of first file names, as last read.
	manifest manifestMemo

	// sitemapURLs, when set, is a lower limit of addresses per sitemap
	// file than the protocol's, so tests can split a small site's.
	sitemapURLs int

	// After a successful build: each output file's signature and a hash
	// of its bytes.
	sigs   map[string]uint64
	hashes map[string]uint64
	// current says that sigs holds every job of the renderer's last plan
	// as planned: a job it reuses need not be looked up.
	current bool

	// refused gathers the input files left out during a build; skipped
	// holds those of the last full build, as warnings.
	refused refusals
	skipped []string

	// replaced is the tree the last full build swapped out, if any.
	replaced string

	// index makes the search index; indexing, when set, updates it after
	// Update in another goroutine.
	index    *search.Index
	indexing *search.Background
}

// New returns a Builder for the project in root with settings cfg.
func New(root string, cfg config.Config) *Builder {
	return &Builder{root: root, cfg: cfg, md: markdown.New(), index: search.New()}
}

// SetShardBytes sets the size at which the search index's shards are cut
// (search.ShardBytes when 0).
func (b *Builder) SetShardBytes(n int) { b.index.ShardBytes = n }

// IndexInBackground makes Update leave the search index to another
// goroutine, which logs one line per update that wrote something to log:
// the page an edit changed is written without waiting for the index.
func (b *Builder) IndexInBackground(log io.Writer) {
	b.indexing = b.index.Background(log)
}

// WaitIndex returns once no search index update is running or asked for.
func (b *Builder) WaitIndex() {
	if b.indexing != nil {
		b.indexing.Wait()
	}
}

// Close stops the search index's updates: one asked for is dropped, a
// running one is waited for. A Builder that is replaced by another for the
// same folder is closed first.
func (b *Builder) Close() {
	if b.indexing != nil {
		b.indexing.Stop()
	}
}

func (b *Builder) dir(name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(b.root, name)
}

// Out is the output folder.
func (b *Builder) Out() string { return b.dir(b.cfg.Public) }

// input is the input folder name as a file system that holds only the
// files that may be read (files.InputFS); the files it leaves out are
// warnings.
func (b *Builder) input(name string) fs.FS {
	return files.InputFS(b.root, b.dir(name), b.refused.add)
}

// prepare reads the taxonomy, the static folder and the templates.
func (b *Builder) prepare() error {
	name := b.cfg.Taxonomy
	data, err := files.ReadInput(b.root, b.dir(name))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: no such file; the build reads the tags from it (taxonomy: in the site file names another)", name)
	}
	if err != nil {
		return fmt.Errorf("taxonomy: %w", err)
	}
	tax, err := taxonomy.Parse(name, data)
	if err != nil {
		return err
	}
	static, err := hashTree(b.input(b.cfg.Static))
	if err != nil {
		return err
	}
	rend, err := render.New(&b.cfg, b.cfg.Templates, b.input(b.cfg.Templates), short(static))
	if err != nil {
		return err
	}
	// What the loader keeps of each file (rendered Markdown, automatic
	// tags) depends on the file and the taxonomy only: with the same
	// taxonomy, a full build in watch mode does not parse unchanged files
	// again.
	h := maphash.Bytes(seed, data)
	if b.loader == nil || h != b.taxHash {
		b.loader = site.NewLoader(b.md, tax.Matcher())
	}
	rend.SetSitemapLimits(b.sitemapURLs, 0)
	b.tax, b.static, b.rend, b.taxHash = tax, static, rend, h
	return nil
}

// hashTree maps every file in dir to a hash of its bytes. A missing
// folder is an empty one.
func hashTree(dir fs.FS) (map[string]string, error) {
	out := map[string]string{}
	err := fs.WalkDir(dir, ".", func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == "." {
			return fs.SkipAll
		}
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := fs.ReadFile(dir, p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // refused, or gone since the listing
		}
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		out[p] = hex.EncodeToString(sum[:])
		return nil
	})
	return out, err
}

// refusals gathers the input files left out, from every core.
type refusals struct {
	mu   sync.Mutex
	list []string
}

func (r *refusals) add(f *files.Refused) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.list = append(r.list, f.Error())
}

// take returns the warnings gathered, sorted and each once, and starts
// a new list.
func (r *refusals) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.list
	r.list = nil
	slices.Sort(out)
	return slices.Compact(out)
}

func short(m map[string]string) map[string]string {
	s := make(map[string]string, len(m))
	for k, v := range m {
		s[k] = v[:10]
	}
	return s
}

// plan loads content and makes the site's job list.
func (b *Builder) plan(changed []string) (*site.Site, []render.Job, error) {
	dir := b.cfg.Content
	var srcs []*site.Source
	var err error
	if changed == nil {
		srcs, err = b.loader.Load(b.input(dir), dir)
	} else {
		srcs, err = b.loader.Reload(b.input(dir), dir, changed)
	}
	if err != nil {
		return nil, nil, err
	}
	s, err := site.Build(srcs, b.tax, &b.memo)
	if err != nil {
		return nil, nil, err
	}
	// The archive's own pages are few: they are read at every build.
	pages, err := site.LoadPages(b.input(path.Join(dir, "pages")), path.Join(dir, "pages"), b.md)
	if err != nil {
		return nil, nil, err
	}
	// A manifest that cannot be read costs only the redirects of renamed
	// files; convert reports it.
	first, err := b.firstNames()
	b.warnings = nil
	if err != nil {
		b.warnings = []string{fmt.Sprintf("%v: renamed articles get no redirect from their first address", err)}
	}
	if err := s.Attach(pages, first); err != nil {
		return nil, nil, err
	}
	jobs, err := b.rend.Plan(s)
	if err != nil {
		return nil, nil, err
	}
	for _, j := range jobs {
		if _, ok := b.static[j.Path]; ok {
			return nil, nil, fmt.Errorf("%s/%s: a generated page has the same path", b.cfg.Static, j.Path)
		}
	}
	return s, jobs, nil
}

// Full builds the whole site into a new folder and swaps it in place of
// the output folder. On any error the output folder is left untouched.
func (b *Builder) Full() (Result, error) {
	start := time.Now()
	// A full build writes the whole index: an update that was asked for
	// is dropped, and one running must not write into the new tree.
	b.Close()
	b.sigs, b.hashes, b.current = nil, nil, false
	b.refused.take()
	if err := b.prepare(); err != nil {
		return Result{}, err
	}
	out := b.Out()
	unlock, err := b.Hold("build")
	if err != nil {
		return Result{}, err
	}
	defer unlock()
	// The trees earlier builds replaced or left half made (killed) are
	// removed while this one renders; removing 10,000 folders costs
	// seconds on a slow disk.
	defer clean(out)()
	s, jobs, err := b.plan(nil)
	if err != nil {
		return Result{}, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+"-*")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(tmp)
	b.skipped = b.refused.take()
	res := Result{Articles: len(s.Articles), Pages: len(jobs) + len(b.static), Warnings: slices.Concat(b.skipped, s.Warnings, b.warnings)}
	hashes, _, err := b.run(tmp, jobs, nil, &res)
	if err != nil {
		return Result{}, err
	}
	for rel := range b.static {
		n, err := copyFile(b.root, filepath.Join(b.dir(b.cfg.Static), rel), filepath.Join(tmp, rel))
		if err != nil {
			return Result{}, err
		}
		res.Written++
		res.Bytes += n
	}
	// The index goes into the same tree, so the pages and the index are
	// swapped in together.
	if res.Index, err = b.index.Write(filepath.Join(tmp, search.Folder), search.Docs(s)); err != nil {
		return Result{}, err
	}
	if b.replaced, err = swap(tmp, out); err != nil {
		return Result{}, err
	}
	b.sigs = make(map[string]uint64, len(jobs))
	for _, j := range jobs {
		b.sigs[j.Path] = j.Sig
	}
	b.hashes = hashes
	b.current = true
	res.Elapsed = time.Since(start)
	return res, nil
}

// run renders jobs on every core into dir. With old hashes given, a file
// whose bytes hash the same is not written. A full build (no old hashes)
// writes each file as soon as it is rendered: its folder is new, and a
// failure throws it away. An update renders every job before it writes
// any, so a failed render leaves the live folder as it was; wrote says
// whether any file was written. It returns the hash of every job's bytes.
func (b *Builder) run(dir string, jobs []render.Job, old map[string]uint64, res *Result) (hashes map[string]uint64, wrote bool, err error) {
	hs := make([]uint64, len(jobs))
	var held [][]byte // an update's rendered files, until all are made
	if old != nil {
		held = make([][]byte, len(jobs))
	}
	var written, nbytes atomic.Int64
	made := sync.Map{}
	if old == nil {
		// A new tree: make every folder up front, parents first, one
		// system call each, so writers need not check.
		if err := mkdirs(dir, jobs, &made); err != nil {
			return nil, false, err
		}
	}
	put := func(i int, data []byte) error {
		p := filepath.Join(dir, filepath.FromSlash(jobs[i].Path))
		d := filepath.Dir(p)
		if _, ok := made.Load(d); !ok {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made.Store(d, true)
		}
		write := files.Write
		if old != nil {
			write = files.Replace
		}
		if err := write(p, data); err != nil {
			return err
		}
		written.Add(1)
		nbytes.Add(int64(len(data)))
		return nil
	}
	errs := each(len(jobs), func(i int) error {
		j := jobs[i]
		// A page's bytes are made in a buffer that goes back to the pool
		// once they are written or copied: a full build at 100,000
		// articles would otherwise make gigabytes of garbage.
		buf := buffers.Get().(*bytes.Buffer)
		defer buffers.Put(buf)
		buf.Reset()
		if err := j.RenderTo(buf); err != nil {
			return &pageError{err: err, path: j.Path}
		}
		data := buf.Bytes()
		hs[i] = maphash.Bytes(seed, data)
		if h, ok := old[j.Path]; ok && h == hs[i] {
			return nil
		}
		if held != nil {
			held[i] = bytes.Clone(data)
			return nil
		}
		return put(i, data)
	})
	if len(errs) == 0 && held != nil {
		errs = each(len(jobs), func(i int) error {
			if held[i] == nil {
				return nil
			}
			return put(i, held[i])
		})
	}
	if len(errs) > 0 {
		return nil, written.Load() > 0, summarize(errs)
	}
	res.Written += int(written.Load())
	res.Bytes += nbytes.Load()
	out := make(map[string]uint64, len(jobs))
	for i, j := range jobs {
		out[j.Path] = hs[i]
	}
	return out, written.Load() > 0, nil
}

// buffers hold pages' bytes while they are made.
var buffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 32<<10)) }}

// each calls f for 0 to n-1 on every core and returns the errors, in
// the order of i.
func each(n int, f func(i int) error) []error {
	errs := make([]error, n)
	parallel.For(n, func(i int) { errs[i] = f(i) })
	return slices.DeleteFunc(errs, func(err error) bool { return err == nil })
}

var seed = maphash.MakeSeed()

// pageError is a failure to render one page.
type pageError struct {
	err  error
	path string
}

func (e *pageError) Error() string { return fmt.Sprintf("%v (rendering %s)", e.err, e.path) }
func (e *pageError) Unwrap() error { return e.err }

// summarize sorts errors and folds the pages that failed the same way into
// one line, so a template mistake is reported once, not once per page.
func summarize(errs []error) error {
	type group struct {
		first string
		n     int
	}
	groups := map[string]*group{}
	var other []string
	for _, err := range errs {
		pe, ok := err.(*pageError)
		if !ok {
			other = append(other, err.Error())
			continue
		}
		msg := pe.err.Error()
		g := groups[msg]
		if g == nil {
			g = &group{first: pe.path}
			groups[msg] = g
		} else if pe.path < g.first {
			g.first = pe.path
		}
		g.n++
	}
	for msg, g := range groups {
		switch g.n {
		case 1:
			other = append(other, fmt.Sprintf("%s (rendering %s)", msg, g.first))
		default:
			other = append(other, fmt.Sprintf("%s (rendering %s and %s)", msg, g.first, plural.Count(g.n-1, "other page")))
		}
	}
	slices.Sort(other)
	return errors.New(strings.Join(other, "\n"))
}

// mkdirs makes the folders of every job's path below dir, which exists,
// and records them in made.
func mkdirs(dir string, jobs []render.Job, made *sync.Map) error {
	need := map[string]bool{}
	for _, j := range jobs {
		for d := path.Dir(j.Path); d != "." && !need[d]; d = path.Dir(d) {
			need[d] = true
		}
	}
	list := make([]string, 0, len(need))
	for d := range need {
		list = append(list, d)
	}
	// By depth, each depth's folders on every core: a parent is made
	// before its children, and 100,000 article folders take two cores'
	// system time, not one's.
	slices.SortFunc(list, func(a, b string) int {
		return cmp.Or(cmp.Compare(strings.Count(a, "/"), strings.Count(b, "/")), strings.Compare(a, b))
	})
	made.Store(dir, true)
	for len(list) > 0 {
		depth := strings.Count(list[0], "/")
		n := 1
		for n < len(list) && strings.Count(list[n], "/") == depth {
			n++
		}
		level := list[:n]
		list = list[n:]
		if errs := each(len(level), func(i int) error {
			full := filepath.Join(dir, filepath.FromSlash(level[i]))
			if err := os.Mkdir(full, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
			made.Store(full, true)
			return nil
		}); len(errs) > 0 {
			return errs[0]
		}
	}
	return nil
}

func copyFile(root, from, to string) (int64, error) {
	data, err := files.ReadInput(root, from)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return 0, err
	}
	return int64(len(data)), os.WriteFile(to, data, 0o644)
}

// swap puts the folder tmp in place of out. Where the system can, the two
// trade places in one step (exchange), so out always holds a whole site and
// the preview never misses a page; elsewhere out is renamed away first. The
// replaced tree ends up in a hidden .public-NNNN-old folder beside out,
// whose name swap returns ("" if there was none): Tidy or the next build
// removes it.
func swap(tmp, out string) (old string, err error) {
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	old = tmp + "-old"
	err = exchange(tmp, out)
	if err == nil {
		swapping()
		if err := os.Rename(tmp, old); err != nil {
			return tmp, nil // the next build removes it all the same
		}
		return old, nil
	}
	if !errors.Is(err, errNoExchange) {
		return "", err
	}
	if _, err := os.Stat(out); err == nil {
		if err := os.Rename(out, old); err != nil {
			return "", err
		}
		swapping()
	} else {
		old = ""
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return "", err
	}
	return old, nil
}

// Tidy removes the tree the last full build replaced, which Full leaves
// for the next build to remove while it renders. A command that builds
// once calls it before it ends, so nothing is left beside the output
// folder; watch mode does not.
func (b *Builder) Tidy() error {
	if b.replaced == "" {
		return nil
	}
	err := os.RemoveAll(b.replaced)
	b.replaced = ""
	return err
}

// errNoExchange says two paths cannot trade places in one step here.
var errNoExchange = errors.New("cannot exchange folders here")

// swapping is called in the middle of a swap, for tests.
var swapping = func() {}

// Change says what changed since the last build, for Update.
type Change struct {
	// Content lists changed article files, by name inside the content folder.
	Content []string
	// Static is set when anything in the static folder changed.
	Static bool
	// All is set when the templates, the config or the taxonomy changed:
	// everything is rebuilt.
	All bool
}

// Update brings the output folder up to date after a change, writing only
// what differs. Without a previous successful build it does a full one.
func (b *Builder) Update(c Change) (Result, error) {
	if b.sigs == nil || c.All {
		return b.Full()
	}
	start := time.Now()
	if c.Static {
		static, err := hashTree(b.input(b.cfg.Static))
		if err != nil {
			return Result{}, err
		}
		if !maps.Equal(static, b.static) {
			// Asset links carry a hash of the file, so pages change too.
			return b.Full()
		}
	}
	current := b.current
	b.current = false // until this update has written what it planned
	s, jobs, err := b.plan(c.Content)
	if err != nil {
		return Result{}, err
	}
	// The files the last full build left out are still out, unless they
	// changed; those are told again.
	skipped := slices.Concat(b.skipped, b.refused.take())
	slices.Sort(skipped)
	res := Result{Articles: len(s.Articles), Pages: len(jobs) + len(b.static), Warnings: slices.Concat(slices.Compact(skipped), s.Warnings, b.warnings)}
	// Jobs whose path the last build wrote too; when they are all of its
	// paths, nothing is to be removed and no set of paths is needed.
	var todo []render.Job
	known := 0
	for _, j := range jobs {
		if current && j.Reused() {
			known++
			continue
		}
		old, ok := b.sigs[j.Path]
		if ok {
			known++
		}
		if !ok || old != j.Sig {
			todo = append(todo, j)
		}
	}
	var gone []string
	if known != len(b.sigs) {
		keep := make(map[string]bool, len(jobs))
		for _, j := range jobs {
			keep[j.Path] = true
		}
		for p := range b.sigs {
			if !keep[p] {
				gone = append(gone, p)
			}
		}
		slices.Sort(gone)
	}
	out := b.Out()
	hashes, wrote, err := b.run(out, todo, b.hashes, &res)
	if err != nil {
		if wrote {
			// Some files were written and what is on disk is no longer
			// what b.sigs and b.hashes say: the next build is a full one.
			b.sigs = nil
		}
		return Result{}, err
	}
	for _, p := range gone {
		full := filepath.Join(out, filepath.FromSlash(p))
		if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
			b.sigs = nil
			return Result{}, err
		}
		removeEmptyDirs(out, filepath.Dir(full))
		delete(b.hashes, p)
		delete(b.sigs, p)
		res.Removed++
	}
	for _, j := range todo {
		b.sigs[j.Path] = j.Sig
	}
	for p, h := range hashes {
		b.hashes[p] = h
	}
	// Only the articles' words are handed on; the index is read and
	// written after the pages, here or in the background.
	docs, dir := search.Docs(s), filepath.Join(out, search.Folder)
	if b.indexing != nil {
		b.indexing.Kick(dir, docs)
	} else if res.Index, err = b.index.Update(dir, docs); err != nil {
		return Result{}, err
	}
	b.current = true
	res.Elapsed = time.Since(start)
	return res, nil
}

// removeEmptyDirs removes dir and its parents up to root while they are
// empty, so a deleted article leaves no empty folder behind.
func removeEmptyDirs(root, dir string) {
	for dir != root && strings.HasPrefix(dir, root) {
		if err := os.Remove(dir); err != nil {
			return
		}
		dir = filepath.Dir(dir)
	}
}

// manifestMemo is the first file names read from convert's manifest, with
// the file they were read from.
type manifestMemo struct {
	info  fs.FileInfo
	names map[string]string
}

// firstNames is convert's record of the file name it first gave each
// article (ingest.FirstNames). The manifest is read again only when its
// file is another one or its size or time changed: at 10,000 articles it
// is megabytes of JSON, and most rebuilds follow an edit to one article.
// Convert replaces the file whole, so a new manifest is a new file.
func (b *Builder) firstNames() (map[string]string, error) {
	dir := b.dir(b.cfg.Content)
	last := b.manifest
	b.manifest = manifestMemo{}
	info, statErr := os.Stat(filepath.Join(dir, ingest.ManifestName))
	if statErr == nil && last.info != nil && os.SameFile(info, last.info) &&
		info.Size() == last.info.Size() && info.ModTime().Equal(last.info.ModTime()) {
		b.manifest = last
		return last.names, nil
	}
	names, err := ingest.FirstNames(b.root, dir)
	if err == nil && statErr == nil {
		// Stated before it was read: a change in between is seen next time.
		b.manifest = manifestMemo{info: info, names: names}
	}
	return names, err
}
