// Package watch rebuilds the site whenever one of its inputs changes on
// disk, through the same pipe as a full build.
//
// # What is watched
//
// The content, templates, static and seeds folders, each with every folder
// below it (folders made later included), and the site file and the
// taxonomy file. Each file is watched through its folder, so an editor
// that saves by writing a temporary file and renaming it over the real
// one is seen like any other write. The output folder, the .public-*
// folders a full build writes into, .git and node_modules are never
// watched; nor is anything else in the project.
//
// # What is ignored
//
// Dotfiles (vim's .foo.swp, emacs's .#foo, the converter's .tmp-*), vim's
// 4913 probe and *.swp, *.swx files, backups ending in ~ or .bck, emacs's
// #foo#, and the ___jb_tmp___ and ___jb_old___ files JetBrains editors save
// through. A change of permissions alone is no change.
//
// # What a change does
//
//   - content/*.md: those articles are read again (a deleted one
//     disappears); files in subfolders are not articles.
//   - content/pages/*.md: the archive's own pages are read again.
//   - static/: the static files are compared and, if any changed, the
//     site is rebuilt.
//   - templates/, the taxonomy, or a watched folder appearing or going:
//     everything is rebuilt.
//   - the site file: the settings are loaded again and everything is
//     rebuilt with a new Builder.
//   - seeds/*.txt: the converter runs; the content files it writes are
//     changes like any other and are built next.
//
// # Bursts
//
// Changes are gathered until nothing has changed for Quiet (100 ms by
// default), then built at once: a checkout of 500 files is one rebuild. A
// change to one lone file, an editor saving, waits only a tenth of that.
// Changes that arrive during a build are built right after it. A steady
// stream of changes is still built at least every 20 × Quiet.
//
// A failed build leaves the output folder as the last good build wrote
// it; the broken files are read again at every later build, so fixing
// them is enough.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"briefing/internal/build"
	"briefing/internal/config"
	"briefing/internal/content"
	"briefing/internal/ingest"
	"briefing/internal/plural"
)

// Options say what to watch and whom to tell.
type Options struct {
	// Root is the project folder; the settings' folders are below it.
	Root string
	// ConfigFile is the site file, read by Load.
	ConfigFile string
	// Load reads the settings; it is called at the start and after the
	// site file changed.
	Load func() (config.Config, error)
	// Quiet is how long no change must arrive before a build starts.
	Quiet time.Duration
	// Log gets one line per build; nil discards them.
	Log io.Writer
	// OnBuild, when set, is called after every build, failed ones too.
	OnBuild func(Report)
	// ShardBytes is the size of the search index's shards
	// (search.ShardBytes when 0).
	ShardBytes int

	// clock times the bursts; nil is the real clock. Tests set a clock
	// they move themselves.
	clock clock
	// heard, when set, is called with every event's path once the event
	// is noted, so tests know the watcher has seen what they did.
	heard func(name string)
}

// clock is the time the bursts are measured in.
type clock interface {
	Now() time.Time
	NewTimer(d time.Duration) timer
}

// timer is a time.Timer, or a test's stand-in for one.
type timer interface {
	C() <-chan time.Time
	Reset(d time.Duration) bool
	Stop() bool
}

type realClock struct{}

func (realClock) Now() time.Time                 { return time.Now() }
func (realClock) NewTimer(d time.Duration) timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ *time.Timer }

func (t realTimer) C() <-chan time.Time { return t.Timer.C }

// Report says what one round of changes did.
type Report struct {
	// Changed are the changed inputs, relative to the project folder with
	// slashes, sorted; none for the first build.
	Changed []string
	// Convert is the converter's summary when seeds changed.
	Convert *ingest.Summary
	// Built is set when the site was built (or a build was tried).
	Built  bool
	Result build.Result
	// Err is why the round failed; the output folder holds the last good
	// build.
	Err error
	// Config is set when the settings were loaded, at the first build and
	// after the site file changed.
	Config *config.Config
}

// Wrote reports whether the round changed the output folder.
func (r Report) Wrote() bool { return r.Err == nil && (r.Result.Written > 0 || r.Result.Removed > 0) }

// String is the report's lines for the terminal: the changed inputs (a
// handful named, the rest counted), what the converter did if seeds
// changed, naming the files it created, updated or flagged, and what the
// build wrote. A failed round is its error, which starts with the file
// and line at fault.
func (r Report) String() string {
	if r.Err != nil {
		return r.Err.Error()
	}
	what := "first build"
	if len(r.Changed) > 0 {
		what = ingest.Names(r.Changed)
	}
	var lines []string
	if r.Convert != nil {
		lines = append(lines, what+": "+r.Convert.String())
	}
	if r.Built || r.Convert == nil {
		lines = append(lines, fmt.Sprintf("%s: %s written, %d removed of %d, %d ms",
			what, plural.Count(r.Result.Written, "page"), r.Result.Removed, r.Result.Pages, r.Result.Elapsed.Milliseconds()))
	}
	return strings.Join(lines, "\n")
}

// Watcher watches one project and rebuilds it. Make one with New and
// start it with Run.
type Watcher struct {
	opts  Options
	root  string // absolute
	fsw   *fsnotify.Watcher
	quiet time.Duration

	mu      sync.Mutex
	lay     layout
	watched map[string]bool

	// Only the build goroutine uses these.
	cfg       config.Config
	builder   *build.Builder
	cfgBroken bool
	fresh     bool // the settings were loaded and no build reported them yet
	warnings  []string
}

// layout is where the inputs are, as absolute paths, and the settings
// they come from.
type layout struct {
	config, taxonomy                  string
	content, templates, static, seeds string
	out                               string
	cfg                               config.Config
}

// New loads the settings and starts watching; nothing is built until Run.
func New(opts Options) (*Watcher, error) {
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, err
	}
	if opts.Quiet <= 0 {
		opts.Quiet = 100 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.clock == nil {
		opts.clock = realClock{}
	}
	cfg, err := opts.Load()
	if err != nil {
		return nil, err
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{opts: opts, root: root, fsw: fsw, quiet: opts.Quiet, watched: map[string]bool{}, fresh: true}
	w.setConfig(cfg)
	if err := w.sync(); err != nil {
		fsw.Close()
		return nil, err
	}
	return w, nil
}

func (w *Watcher) abs(name string) string {
	if filepath.IsAbs(name) {
		return filepath.Clean(name)
	}
	return filepath.Join(w.root, name)
}

// setConfig makes a Builder for cfg and moves the watches to its folders.
func (w *Watcher) setConfig(cfg config.Config) {
	w.cfg = cfg
	if w.builder != nil {
		w.builder.Close()
	}
	w.builder = build.New(w.root, cfg)
	w.builder.SetShardBytes(w.opts.ShardBytes)
	// The search index follows an edit in the background.
	w.builder.IndexInBackground(w.opts.Log)
	cf, _ := filepath.Abs(w.opts.ConfigFile)
	w.mu.Lock()
	w.lay = layout{
		config:    cf,
		taxonomy:  w.abs(cfg.Taxonomy),
		content:   w.abs(cfg.Content),
		templates: w.abs(cfg.Templates),
		static:    w.abs(cfg.Static),
		seeds:     w.abs(cfg.Seeds),
		out:       w.abs(cfg.Public),
		cfg:       cfg,
	}
	w.mu.Unlock()
}

// Site returns the output folder and the settings the site is built with.
func (w *Watcher) Site() (out string, cfg config.Config) {
	lay := w.layout()
	return lay.out, lay.cfg
}

func (w *Watcher) layout() layout {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.lay
}

// trees are the folders watched with everything below them.
func (l layout) trees() []string { return []string{l.content, l.templates, l.static, l.seeds} }

// sync puts a watch on every folder the layout needs and takes it off
// every other.
func (w *Watcher) sync() error {
	lay := w.layout()
	want := map[string]bool{}
	// Parents see the watched files change and the trees appear or go.
	for _, p := range append(lay.trees(), lay.config, lay.taxonomy) {
		want[filepath.Dir(p)] = true
	}
	for _, t := range lay.trees() {
		for _, d := range w.folders(t, lay) {
			want[d] = true
		}
	}
	var errs []error
	w.mu.Lock()
	defer w.mu.Unlock()
	for d := range w.watched {
		if !want[d] {
			w.fsw.Remove(d)
			delete(w.watched, d)
		}
	}
	for d := range want {
		if w.watched[d] {
			continue
		}
		if err := w.fsw.Add(d); err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
			continue
		}
		w.watched[d] = true
	}
	return errors.Join(errs...)
}

// folders lists dir and the folders below it that may be watched.
func (w *Watcher) folders(dir string, lay layout) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != dir && skipDir(d.Name()) || within(p, lay.out) {
			return filepath.SkipDir
		}
		out = append(out, p)
		return nil
	})
	return out
}

// skipDir reports whether a folder of this name is never watched.
func skipDir(name string) bool {
	return name == ".git" || name == "node_modules" || strings.HasPrefix(name, ".public-")
}

// ignored reports whether a file of this name is an editor's or a tool's
// temporary file.
func ignored(name string) bool {
	switch {
	case name == "4913",
		strings.HasPrefix(name, "."),
		strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		strings.Contains(name, "___jb_tmp___"),
		strings.Contains(name, "___jb_old___"):
		return true
	}
	switch filepath.Ext(name) {
	case ".swp", ".swx", ".bck":
		return true
	}
	return false
}

// within reports whether p is dir or below it.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator))
}

// batch is a round of changes.
type batch struct {
	paths   map[string]bool // changed inputs, absolute
	content map[string]bool // changed articles, by name in the content folder
	static  bool
	all     bool
	config  bool
	seeds   bool
	resync  bool // watched folders appeared or went
	started time.Time
}

func newBatch() *batch {
	return &batch{paths: map[string]bool{}, content: map[string]bool{}}
}

func (b *batch) empty() bool { return len(b.paths) == 0 && !b.all && !b.resync }

// note adds one event to the batch.
func (w *Watcher) note(b *batch, name string, op fsnotify.Op) {
	if op&^fsnotify.Chmod == 0 {
		return
	}
	p := filepath.Clean(name)
	if ignored(filepath.Base(p)) {
		return
	}
	lay := w.layout()
	if within(p, lay.out) {
		return
	}
	if op.Has(fsnotify.Remove) || op.Has(fsnotify.Rename) {
		w.drop(p)
	}
	isDir := false
	if op.Has(fsnotify.Create) {
		if st, err := os.Lstat(p); err == nil && st.IsDir() {
			isDir = true
			w.addTree(b, p, lay)
		}
	}
	w.classify(b, p, isDir, lay)
}

// classify marks what a changed path means for the build.
func (w *Watcher) classify(b *batch, p string, isDir bool, lay layout) {
	rel := func(dir string) string { r, _ := filepath.Rel(dir, p); return r }
	marked := true
	switch {
	case within(lay.config, p):
		b.config = true
		b.resync = b.resync || p != lay.config
	case within(lay.taxonomy, p):
		b.all = true
		b.resync = b.resync || p != lay.taxonomy
	case slices.ContainsFunc(lay.trees(), func(t string) bool { return within(t, p) }):
		// A watched folder itself appeared, went or moved.
		b.resync = true
		for _, t := range lay.trees() {
			if within(t, p) {
				switch t {
				case lay.static:
					b.static = true
				case lay.seeds:
					b.seeds = true
				default:
					b.all = true
				}
			}
		}
	case isDir, hidden(rel(lay.templates)) || hidden(rel(lay.static)) || hidden(rel(lay.content)) || hidden(rel(lay.seeds)):
		// A new folder changes nothing by itself; addTree noted the files
		// in it. (A folder that went is noted: no event comes for its
		// files.)
		marked = false
	case within(p, lay.templates):
		b.all = true
	case within(p, lay.static):
		b.static = true
	case within(p, lay.content):
		r := rel(lay.content)
		// Articles, and the archive's own pages in pages/.
		if content.IsArticle(r) || filepath.Dir(r) == "pages" && strings.HasSuffix(r, ".md") {
			b.content[r] = true
		} else {
			marked = false
		}
	case within(p, lay.seeds):
		r := rel(lay.seeds)
		if strings.HasSuffix(r, ".txt") && !strings.ContainsRune(r, filepath.Separator) {
			b.seeds = true
		} else {
			marked = false
		}
	default:
		marked = false
	}
	if marked {
		b.paths[p] = true
		if b.started.IsZero() {
			b.started = w.opts.clock.Now()
		}
	}
}

// hidden reports whether a path relative to a watched folder goes through
// a folder that is never watched.
func hidden(rel string) bool {
	if rel == "" || strings.HasPrefix(rel, "..") {
		return false
	}
	parts := strings.Split(rel, string(filepath.Separator))
	return slices.ContainsFunc(parts[:len(parts)-1], skipDir)
}

// addTree watches a folder that appeared inside a watched tree, and
// notes the files already in it: they may have been written before the
// watch was in place.
func (w *Watcher) addTree(b *batch, dir string, lay layout) {
	if !slices.ContainsFunc(lay.trees(), func(t string) bool { return within(dir, t) }) {
		return
	}
	for _, d := range w.folders(dir, lay) {
		w.mu.Lock()
		if !w.watched[d] && w.fsw.Add(d) == nil {
			w.watched[d] = true
		}
		w.mu.Unlock()
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !ignored(d.Name()) {
			w.classify(b, p, false, lay)
		}
		return nil
	})
}

// drop takes the watches off a folder that went or moved, and off every
// folder below it.
func (w *Watcher) drop(p string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for d := range w.watched {
		if within(d, p) {
			w.fsw.Remove(d)
			delete(w.watched, d)
		}
	}
}

// Run builds the site, then rebuilds it after every round of changes
// until ctx is done. It closes the watcher before it returns.
func (w *Watcher) Run(ctx context.Context) error {
	defer w.fsw.Close()
	first := newBatch()
	first.all = true
	w.round(first)

	pending := newBatch()
	timer := w.opts.clock.NewTimer(time.Hour)
	timer.Stop()
	done := make(chan struct{})
	building, due := false, false
	start := func() {
		b := pending
		pending = newBatch()
		building, due = true, false
		go func() {
			w.round(b)
			done <- struct{}{}
		}()
	}
	arm := func() {
		// A lone file (an editor's save) is built after a tenth of Quiet;
		// once a second file changes it is a burst, and waits all of it.
		wait := w.quiet / 10
		if len(pending.paths) > 1 || pending.all || pending.resync {
			wait = w.quiet
		}
		if left := pending.started.Add(20 * w.quiet).Sub(w.opts.clock.Now()); left < wait {
			wait = max(left, 0)
		}
		timer.Reset(wait)
	}
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			if building {
				<-done
			}
			// The search index's update, if one runs, ends before Run.
			w.builder.Close()
			return nil
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return nil
			}
			before := len(pending.paths)
			w.note(pending, ev.Name, ev.Op)
			if !pending.empty() && (len(pending.paths) != before || pending.resync || pending.all) {
				arm()
			}
			if w.opts.heard != nil {
				w.opts.heard(ev.Name)
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Some changes were lost: build everything.
				pending.all, pending.resync = true, true
				if pending.started.IsZero() {
					pending.started = w.opts.clock.Now()
				}
				arm()
				continue
			}
			fmt.Fprintln(w.opts.Log, "watch:", err)
		case <-timer.C():
			if building {
				due = true
				continue
			}
			start()
		case <-done:
			building = false
			if due && !pending.empty() {
				start()
			}
		}
	}
}

// round does what one batch of changes needs and reports it, unless it
// needed nothing.
func (w *Watcher) round(b *batch) {
	r := w.process(b)
	if !r.Built && r.Convert == nil && r.Err == nil {
		return
	}
	for p := range b.paths {
		rel, err := filepath.Rel(w.root, p)
		if err != nil {
			rel = p
		}
		r.Changed = append(r.Changed, filepath.ToSlash(rel))
	}
	slices.Sort(r.Changed)
	if r.Built && r.Err == nil && !slices.Equal(r.Result.Warnings, w.warnings) {
		for _, s := range r.Result.Warnings {
			fmt.Fprintln(w.opts.Log, "warning:", s)
		}
		w.warnings = r.Result.Warnings
	}
	fmt.Fprintln(w.opts.Log, r)
	if w.opts.OnBuild != nil {
		w.opts.OnBuild(r)
	}
}

func (w *Watcher) process(b *batch) Report {
	var r Report
	if b.config || w.cfgBroken {
		cfg, err := w.opts.Load()
		if err != nil {
			w.cfgBroken = true
			r.Err = err
			return r
		}
		w.cfgBroken = false
		w.setConfig(cfg)
		w.fresh = true
		b.all, b.resync = true, true
	}
	if w.fresh {
		cfg := w.cfg
		r.Config = &cfg
		w.fresh = false
	}
	if b.resync {
		if err := w.sync(); err != nil {
			fmt.Fprintln(w.opts.Log, "watch:", err)
		}
	}
	if b.seeds {
		sum, err := ingest.Run(ingest.Options{Seeds: w.abs(w.cfg.Seeds), Content: w.abs(w.cfg.Content), Root: w.root, Holder: "build watch"})
		r.Convert = &sum
		if err != nil {
			r.Err = err
			return r
		}
	}
	c := build.Change{Static: b.static, All: b.all}
	for name := range b.content {
		c.Content = append(c.Content, filepath.ToSlash(name))
	}
	slices.Sort(c.Content)
	if !c.All && !c.Static && c.Content == nil {
		return r
	}
	r.Built = true
	r.Result, r.Err = w.builder.Update(c)
	return r
}
