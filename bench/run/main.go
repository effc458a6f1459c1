// Command run benchmarks the archive's pipeline against its targets and,
// side by side, against Hugo rendering the same articles.
//
// Usage (from anywhere in the repository):
//
//	go run ./bench/run                       # make bench: 10,000 articles, with Hugo
//	go run ./bench/run -n 100000 -hugo=false -compare 10000 -runs 3   # make bench-large
//	go run ./bench/run -hugo=false -convert=false -build=false -search=false -record=false   # watch edits only
//
// # What it does
//
//  1. Builds bin/build, bench/gen and bench/hugoprep, and, unless -hugo=false,
//     installs Hugo (the version in hugoVersion) into bench/.cache/bin with
//     go install when it is not there yet. That compiles Hugo and takes
//     several minutes, once.
//  2. Generates a corpus of -n articles (bench/gen, -seed) into
//     bench/_out/n<N>-s<seed>/seeds.
//  3. Convert: times `build convert` into a new content folder, then
//     again with nothing new, and checks that the second run changed no
//     file (contents, sizes and modification times compared). It also
//     times a first conversion made right after deleting the previous
//     content folder (see "Deleting outputs" below).
//  4. Build: times `build` (content → public) and `hugo` on the same
//     articles (made by bench/hugoprep), interleaved — ours, Hugo, ours,
//     Hugo… — -runs times each after one untimed warm-up each, each into a
//     new output folder. It reports the medians of wall time, user+system
//     CPU and peak RSS (the child's getrusage maxrss), and the output's file
//     count and size. Hugo is also timed without related articles
//     (HUGO_PARAMS_NORELATED=true), which are most of its work, for
//     reference. With -compare M it also builds an M-article corpus,
//     interleaved with the others, to compare the build time per article.
//  5. Watch: when `build watch` exists, starts it on the corpus, waits for
//     its first build, and edits one article's first paragraph -edits
//     times, timing each from the write until the article's page in the
//     output folder holds the new text (polled every millisecond), and
//     letting each rebuild finish before the next edit. The same for
//     `hugo server`, which writes its output to disk; the article is
//     requested from it once first, as an open browser tab would, since its
//     fast-render mode re-renders only pages that were visited.
//  6. Prints one Markdown table with a target column and appends it, with
//     the date, the machine and the exact commands, to BENCHMARKS.md as a
//     new section (-record=false to skip). Old sections are never touched.
//
// # Deleting outputs
//
// The outputs of earlier runs (content folders, sites) are not deleted
// before a timed run but moved into bench/_out/trash, which is emptied when
// the benchmark ends. This machine's file system (ext4 without a journal)
// does not hand out an inode freed in the last minute or more, and looks
// at each such inode before passing it over; creating 10,000 files just
// after deleting 10,000 others costs it about a second more. A user's
// convert or build does not follow a mass deletion, so the runs are
// measured without one, and the convert row "after deleting" shows the
// difference.
//
// Everything it writes is below bench/_out and bench/.cache (both ignored by
// git), except bin/build and BENCHMARKS.md.
//
// # Reading the numbers
//
// The machine is usually shared, so absolute times are noisy; the ratios
// between ours and Hugo, measured in one interleaved run, are the numbers
// to compare.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// hugoVersion is the Hugo release the benchmark compares with.
const hugoVersion = "v0.163.3"

type options struct {
	n, runs, edits, compare int
	seed                    uint64
	hugo, watch, record     bool
	search, convert, build  bool
}

func main() {
	var o options
	flag.IntVar(&o.n, "n", 10000, "articles in the corpus")
	flag.Uint64Var(&o.seed, "seed", 1, "the corpus generator's seed")
	flag.IntVar(&o.runs, "runs", 5, "timed builds of each kind")
	flag.IntVar(&o.edits, "edits", 20, "one-article edits timed in watch mode")
	flag.IntVar(&o.compare, "compare", 0, "also build a corpus of this many articles, to compare the time per article")
	flag.BoolVar(&o.hugo, "hugo", true, "measure Hugo side by side")
	flag.BoolVar(&o.convert, "convert", true, "measure convert (when false, the corpus is converted once, untimed, if it has no content yet)")
	flag.BoolVar(&o.build, "build", true, "measure full builds")
	flag.BoolVar(&o.watch, "watch", true, "measure one-article edits in watch mode")
	flag.BoolVar(&o.search, "search", true, "measure the search index and one query's downloads")
	flag.BoolVar(&o.record, "record", true, "append the results to BENCHMARKS.md")
	flag.Parse()
	if flag.NArg() > 0 || o.n < 1 || o.runs < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// corpus is one generated project below bench/_out, a folder the go
// command passes over: its hundreds of thousands of files would make every
// ./... pattern slow.
type corpus struct {
	n                     int
	dir                   string
	seeds, content        string
	public                string // our build's output
	hugoSite, hugoPublic  string
	watchOut, hugoServeTo string
}

func newCorpus(n int, seed uint64) *corpus {
	dir := filepath.Join("bench", "_out", fmt.Sprintf("n%d-s%d", n, seed))
	return &corpus{
		n: n, dir: dir,
		seeds:       filepath.Join(dir, "seeds"),
		content:     filepath.Join(dir, "content"),
		public:      filepath.Join(dir, "public"),
		hugoSite:    filepath.Join(dir, "hugo"),
		hugoPublic:  filepath.Join(dir, "hugo-public"),
		watchOut:    filepath.Join(dir, "public-watch"),
		hugoServeTo: filepath.Join(dir, "hugo-serve"),
	}
}

// bench holds a run's state and what it found.
type bench struct {
	o        options
	root     string
	trash    string // where aside moves old outputs
	set      int    // outputs set aside so far
	hugo     string // the Hugo binary, "" when not measured
	commands []string
	r        results
}

// results are the measurements the report is made of; a note replaces a
// measurement that could not be made.
type results struct {
	n, articles              int
	convertFresh, convertRe  stats
	convertDeleted           stats
	convertNote, rerunWrites string

	ours, hugo, hugoLite       stats
	oursNote, hugoNote         string
	oursFiles, hugoFiles       int
	oursBytes, hugoBytes       int64
	compareN, compareArticles  int
	compare                    stats
	watch, serve               []time.Duration
	watchNote, serveNote       string
	hugoVersion, hugoServeArgs string

	index                 stats  // the search index's share of the builds
	indexLine             string // the build's line about the index
	indexFiles            int
	indexBytes            int64
	siteFiles             int // the built site with its search index
	siteBytes             int64
	searchNote, queryNote string
	queries               []query
	indexed               []time.Duration // watch: edit → search index updated
}

const (
	build    = "./bin/build"
	genBin   = "bench/.cache/bin/gen"
	prepBin  = "bench/.cache/bin/hugoprep"
	hugoBin  = "bench/.cache/bin/hugo"
	hugoPkg  = "github.com/gohugoio/hugo@" + hugoVersion
	cacheDir = "bench/.cache"
)

func run(o options) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	if err := os.Chdir(root); err != nil {
		return err
	}
	b := &bench{o: o, root: root, trash: filepath.Join("bench", "_out", "trash")}
	b.r.n = o.n
	// Left by an interrupted run.
	if err := os.RemoveAll(b.trash); err != nil {
		return err
	}
	defer func() {
		step("deleting the outputs set aside")
		os.RemoveAll(b.trash)
	}()

	step("building bin/build and the bench tools")
	for _, t := range [][2]string{{build, "./cmd/build"}, {genBin, "./bench/gen"}, {prepBin, "./bench/hugoprep"}} {
		if _, err := b.cmd("go", "build", "-o", t[0], t[1]); err != nil {
			return err
		}
	}
	if o.hugo {
		if err := b.installHugo(); err != nil {
			b.r.hugoNote = "n/a: Hugo could not be installed"
			warn("%v", err)
		}
	}

	c := newCorpus(o.n, o.seed)
	if err := b.generate(c); err != nil {
		return err
	}
	if o.convert {
		b.convert(c)
	} else if countMD(c.content) == 0 {
		step("converting the corpus, untimed")
		if _, err := b.cmd(build, "convert", "-seeds", c.seeds, "-content", c.content); err != nil {
			return err
		}
	}
	b.r.articles = countMD(c.content)

	var cmp *corpus
	if o.compare > 0 && o.compare != o.n {
		cmp = newCorpus(o.compare, o.seed)
		if err := b.generate(cmp); err != nil {
			return err
		}
		b.aside(cmp.content)
		step("converting the %d-article corpus for comparison", o.compare)
		if _, err := b.cmd(build, "convert", "-seeds", cmp.seeds, "-content", cmp.content); err != nil {
			return err
		}
		b.r.compareN, b.r.compareArticles = o.compare, countMD(cmp.content)
	}
	if b.hugo != "" {
		step("writing the Hugo site")
		if _, err := b.cmd(prepBin, "-content", c.content, "-out", c.hugoSite); err != nil {
			b.r.hugoNote = "n/a: hugoprep failed"
			warn("%v", err)
			b.hugo = ""
		}
	}

	if o.build {
		b.builds(c, cmp)
	}
	if o.search {
		b.search(c)
	}
	if o.watch {
		b.watchOurs(c)
		if b.hugo != "" {
			b.serveHugo(c)
		}
	}

	report := b.report()
	fmt.Println()
	fmt.Println(report)
	if o.record {
		if err := appendReport("BENCHMARKS.md", report); err != nil {
			return err
		}
		fmt.Println("appended to BENCHMARKS.md")
	}
	return nil
}

// aside moves path, if it exists, into the trash folder, which is deleted
// when the benchmark ends.
func (b *bench) aside(path string) {
	if _, err := os.Lstat(path); err != nil {
		return
	}
	if err := os.MkdirAll(b.trash, 0o755); err != nil {
		warn("%v", err)
		os.RemoveAll(path)
		return
	}
	b.set++
	if err := os.Rename(path, filepath.Join(b.trash, strconv.Itoa(b.set))); err != nil {
		warn("%v", err)
		os.RemoveAll(path)
	}
}

// repoRoot finds the folder of the module briefing's go.mod, upwards from
// the working folder.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(bytes.TrimSpace(data), []byte("module briefing\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not inside the briefing module")
		}
		dir = parent
	}
}

func step(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

func warn(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: warning: "+format+"\n", args...)
}

// cmd runs a command once, recording its command line for the report.
func (b *bench) cmd(name string, args ...string) (sample, error) {
	return b.cmdEnv(nil, name, args...)
}

// cmdEnv is cmd with variables added to the environment.
func (b *bench) cmdEnv(env []string, name string, args ...string) (sample, error) {
	b.record(env, name, args)
	return timed(env, name, args...)
}

// record keeps the first command line of each kind for the report.
func (b *bench) record(env []string, name string, args []string) {
	line := commandLine(env, name, args)
	if !slices.Contains(b.commands, line) {
		b.commands = append(b.commands, line)
	}
}

func (b *bench) installHugo() error {
	if out, err := exec.Command(hugoBin, "version").Output(); err == nil && strings.Contains(string(out), hugoVersion) {
		b.hugo, b.r.hugoVersion = hugoBin, strings.TrimSpace(string(out))
		return nil
	}
	step("installing Hugo %s into %s (this compiles Hugo: several minutes, once)", hugoVersion, filepath.Dir(hugoBin))
	cmd := exec.Command("go", "install", hugoPkg)
	cmd.Env = append(os.Environ(), "GOBIN="+filepath.Join(b.root, filepath.Dir(hugoBin)))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("GOBIN=%s go install %s: %w", filepath.Dir(hugoBin), hugoPkg, err)
	}
	out, err := exec.Command(hugoBin, "version").Output()
	if err != nil {
		return err
	}
	b.hugo, b.r.hugoVersion = hugoBin, strings.TrimSpace(string(out))
	return nil
}

func (b *bench) generate(c *corpus) error {
	step("generating %d articles into %s", c.n, c.seeds)
	_, err := b.cmd(genBin, "-n", strconv.Itoa(c.n), "-seed", strconv.FormatUint(b.o.seed, 10), "-out", c.seeds)
	return err
}

// convert times a first conversion into a new content folder and a
// second with nothing new, a few times each.
func (b *bench) convert(c *corpus) {
	runs := 3
	if c.n > 20000 {
		runs = 1
	}
	// first times runs first conversions, each after clear has emptied
	// the content folder its way.
	first := func(what string, clear func(string)) ([]sample, bool) {
		var ss []sample
		for i := range runs {
			step("convert %d/%d: %s", i+1, runs, what)
			clear(c.content)
			s, err := b.cmd(build, "convert", "-seeds", c.seeds, "-content", c.content)
			if err != nil {
				b.r.convertNote = "n/a: convert failed"
				warn("%v", err)
				return nil, false
			}
			ss = append(ss, s)
		}
		return ss, true
	}
	fresh, ok := first("new content folder", b.aside)
	if !ok {
		return
	}
	deleted, ok := first("right after deleting the content folder", func(p string) { os.RemoveAll(p) })
	if !ok {
		return
	}
	var again []sample
	for i := range runs {
		step("convert %d/%d: again, nothing new", i+1, runs)
		before, err := snapshot(c.content)
		if err != nil {
			warn("%v", err)
			return
		}
		s, err := b.cmd(build, "convert", "-seeds", c.seeds, "-content", c.content)
		if err != nil {
			b.r.convertNote = "n/a: convert re-run failed"
			warn("%v", err)
			return
		}
		after, err := snapshot(c.content)
		if err != nil {
			warn("%v", err)
			return
		}
		if ch := changes(before, after); len(ch) > 0 {
			b.r.rerunWrites = fmt.Sprintf("%d files changed (%s)", len(ch), ch[0])
		}
		again = append(again, s)
	}
	b.r.convertFresh, b.r.convertDeleted, b.r.convertRe = summarize(fresh), summarize(deleted), summarize(again)
}

// builds times our build and Hugo's, interleaved.
func (b *bench) builds(c, cmp *corpus) {
	ours := func(c *corpus) (sample, error) {
		b.aside(c.public)
		return b.cmd(build, "-content", c.content, "-out", c.public)
	}
	// Hugo, and Hugo without related articles, which are most of its
	// work. Hugo's output is measured after a full run, the last one.
	hugo := func(env []string) (sample, error) {
		b.aside(c.hugoPublic)
		abs := filepath.Join(b.root, c.hugoPublic)
		return b.cmdEnv(env, b.hugo, "--quiet", "-s", c.hugoSite, "-d", abs, "--cacheDir", filepath.Join(b.root, cacheDir, "hugo-cache"))
	}
	noRelated := []string{"HUGO_PARAMS_NORELATED=true"}
	var ourRuns, hugoRuns, liteRuns, cmpRuns []sample
	for i := 0; i <= b.o.runs; i++ {
		label := fmt.Sprintf("%d/%d", i, b.o.runs)
		if i == 0 {
			label = "warm-up"
		}
		if b.r.oursNote == "" {
			step("build %s: ours", label)
			s, err := ours(c)
			if err != nil {
				b.r.oursNote = "n/a: build failed"
				warn("%v", err)
			} else if i > 0 {
				ourRuns = append(ourRuns, s)
			}
		}
		if cmp != nil && b.r.oursNote == "" {
			step("build %s: ours, %d articles", label, cmp.n)
			s, err := ours(cmp)
			if err != nil {
				warn("%v", err)
				cmp = nil
			} else if i > 0 {
				cmpRuns = append(cmpRuns, s)
			}
		}
		if b.hugo != "" && i > 0 {
			step("build %s: Hugo without related articles", label)
			s, err := hugo(noRelated)
			if err != nil {
				warn("%v", err)
			} else {
				liteRuns = append(liteRuns, s)
			}
		}
		if b.hugo != "" {
			step("build %s: Hugo", label)
			s, err := hugo(nil)
			if err != nil {
				b.r.hugoNote = "n/a: hugo failed"
				warn("%v", err)
				b.hugo = ""
			} else if i > 0 {
				hugoRuns = append(hugoRuns, s)
			}
		}
	}
	b.r.hugoLite = summarize(liteRuns)
	b.r.ours, b.r.hugo, b.r.compare = summarize(ourRuns), summarize(hugoRuns), summarize(cmpRuns)
	b.r.index, b.r.indexLine = indexRuns(ourRuns)
	if len(ourRuns) > 0 {
		b.r.oursFiles, b.r.oursBytes, _ = tree(c.public)
	}
	if len(hugoRuns) > 0 {
		b.r.hugoFiles, b.r.hugoBytes, _ = tree(c.hugoPublic)
	}
}

// article picks the article to edit: the middle content file.
func article(c *corpus) (string, error) {
	entries, err := os.ReadDir(c.content)
	if err != nil {
		return "", err
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") {
			names = append(names, strings.TrimSuffix(e.Name(), ".md"))
		}
	}
	if len(names) == 0 {
		return "", errors.New("no articles")
	}
	return names[len(names)/2], nil
}

// watchOurs measures one-article edits under `build watch`.
func (b *bench) watchOurs(c *corpus) {
	// The usage lists the flags, if the command exists.
	usage, _ := exec.Command(build, "watch", "-h").CombinedOutput()
	name, err := article(c)
	if err != nil {
		b.r.watchNote = "n/a: " + err.Error()
		return
	}
	args := []string{"watch", "-content", c.content, "-out", c.watchOut}
	port, err := freePort()
	if err != nil {
		b.r.watchNote = "n/a: " + err.Error()
		return
	}
	// The preview server's address flag, if the command has one.
	for _, f := range []string{"addr", "http", "listen"} {
		if strings.Contains(string(usage), "-"+f+" ") {
			args = append(args, "-"+f, fmt.Sprintf("127.0.0.1:%d", port))
			break
		}
	}
	if strings.Contains(string(usage), "-port ") {
		args = append(args, "-port", strconv.Itoa(port))
	}
	b.aside(c.watchOut)
	page := filepath.Join(c.watchOut, "articles", name, "index.html")
	src := filepath.Join(c.content, name+".md")
	d, note := b.edits("first build", build, args, src, page, "", &b.r.indexed)
	b.r.watch, b.r.watchNote = d, note
}

// serveHugo measures one-article edits under `hugo server`, which writes
// its output to disk unless told --renderToMemory.
func (b *bench) serveHugo(c *corpus) {
	name, err := article(c)
	if err != nil {
		b.r.serveNote = "n/a: " + err.Error()
		return
	}
	port, err := freePort()
	if err != nil {
		b.r.serveNote = "n/a: " + err.Error()
		return
	}
	b.aside(c.hugoServeTo)
	args := []string{"server", "-s", c.hugoSite, "-d", filepath.Join(b.root, c.hugoServeTo),
		"--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--disableLiveReload",
		"--cacheDir", filepath.Join(b.root, cacheDir, "hugo-cache")}
	page := filepath.Join(c.hugoServeTo, "articles", name, "index.html")
	src := filepath.Join(c.hugoSite, "content", "articles", name+".md")
	visit := fmt.Sprintf("http://127.0.0.1:%d/articles/%s/", port, name)
	d, note := b.edits("Web Server is available", b.hugo, args, src, page, visit, nil)
	b.r.serve, b.r.serveNote = d, note
}

// edits starts a rebuilding server and times the edits.
func (b *bench) edits(ready, name string, args []string, src, page, visit string, indexed *[]time.Duration) ([]time.Duration, string) {
	step("watch: %s", commandLine(nil, name, args))
	b.record(nil, name, args)
	s, err := startServer(ready, name, args...)
	if err != nil {
		return nil, "n/a: " + err.Error()
	}
	defer s.stop()
	if err := s.settle(page, time.Second, 15*time.Minute); err != nil {
		if strings.Contains(s.output(), "unknown command") {
			return nil, "n/a: no watch command yet"
		}
		warn("%s: %v", name, err)
		return nil, "n/a: did not start"
	}
	d, err := editLatency(s, src, page, visit, b.o.edits, indexed)
	if err != nil {
		warn("%s: %v", name, err)
		if len(d) == 0 {
			return nil, "n/a: no edit reached the output"
		}
		return d, fmt.Sprintf("only %d of %d edits", len(d), b.o.edits)
	}
	return d, ""
}
