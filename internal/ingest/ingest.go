// Package ingest runs the converter over a folder of seed dumps and brings
// the content folder up to date.
//
// # Rules
//
//   - Each story becomes one file, content/<slug>.md, named after its title
//     (slug bounded to 60 characters; a name already taken gets -2, -3 …,
//     in a fixed order, so the same inputs always give the same names).
//   - A story's id is fixed when its file is first written and never
//     changes; the file can be renamed and its title corrected freely.
//   - A story that already has a file only gains new entries in sources.
//     Nothing else in the file is touched: not the editors' fields, not the
//     body.
//   - The manifest (content/imported.json, committed with the content)
//     records every page ever imported and the id it went to, and the file
//     name each new article was given. A story whose file an editor deleted
//     is not written again; an article whose file was renamed keeps its
//     first address as a redirect (the build reads the names, never writes
//     them).
//   - A page saved without its header is imported as a draft with a review
//     note, so nothing is lost and nothing unchecked is published.
//   - Unchanged files are not written: a second run on the same seeds
//     writes nothing at all.
//   - Nothing is written until every file the run will write has been
//     worked out: an error in any article it touches leaves content/ as it
//     was. Two article files with the same id are an error.
//   - A run stopped at any moment (killed, power lost, a disk error) is
//     finished by the next: each file is written whole or not at all, new
//     articles before the manifest, and a file whose id the manifest lacks
//     but whose fingerprint and id come from one of a story's pages is taken
//     as that story's file instead of writing a second copy.
package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gosimple/slug"

	"briefing/internal/content"
	"briefing/internal/convert"
	"briefing/internal/files"
)

// ManifestName is the manifest's file name inside the content folder.
const ManifestName = "imported.json"

const maxSlug = 60

// Summary counts what a run did.
type Summary struct {
	Files      int // seed files read
	Pages      int // article pages found
	New        int // articles written for the first time
	Updated    int // articles that gained sources
	Unchanged  int // articles already up to date
	Deleted    int // stories whose file an editor deleted, left out
	Duplicates int // pages merged into another copy of their story
	// Undated lists the files of articles with no date.
	Undated []string
	// Review lists the files of articles imported for review.
	Review   []string
	Warnings []convert.Warning
}

func (s Summary) String() string {
	return fmt.Sprintf("convert: %d files, %d pages → %d new, %d updated, %d unchanged articles; %d duplicates merged, %d left out (deleted by an editor), %d undated, %d for review, %d warnings",
		s.Files, s.Pages, s.New, s.Updated, s.Unchanged, s.Duplicates, s.Deleted, len(s.Undated), len(s.Review), len(s.Warnings))
}

// Options says where things are.
type Options struct {
	Seeds   string // folder of dumps (*.txt)
	Content string // folder of article files
	// Root is the project folder: a link in seeds or content that leads
	// out of it is not followed. By default it is the content folder's
	// parent.
	Root string
	// Progress, when set, receives a progress line as files are read.
	Progress io.Writer
}

type manifest struct {
	Version int `json:"version"`
	// Pages maps a page's key to the id of the article it went to.
	Pages map[string]string `json:"pages"`
	// Sources are, by id, the sources convert last gave each article, so
	// a run with nothing new need not open the article files.
	Sources map[string][]string `json:"sources"`
	// Names are, by id, the file names (without .md) convert gave the
	// articles it wrote: an article whose file was renamed since keeps its
	// first address (see FirstNames).
	Names map[string]string `json:"names,omitempty"`

	// seen holds the ids the manifest had when it was read.
	seen map[string]bool
}

// Run converts every dump in opts.Seeds and updates opts.Content.
func Run(opts Options) (Summary, error) {
	var sum Summary
	if opts.Root == "" {
		opts.Root = filepath.Dir(opts.Content)
	}
	// Only regular files inside the project are read (files.InputFS);
	// the others are warnings.
	var refusedMu sync.Mutex
	refuse := func(r *files.Refused) {
		refusedMu.Lock()
		defer refusedMu.Unlock()
		sum.Warnings = append(sum.Warnings, convert.Warning{File: r.Path, Msg: r.Why + "; not read"})
	}
	seeds := files.InputFS(opts.Root, opts.Seeds, refuse)
	names, err := seedNames(seeds, opts.Seeds)
	if err != nil {
		return sum, err
	}
	sum.Files = len(names)
	man, err := readManifest(filepath.Join(opts.Content, ManifestName))
	if err != nil {
		return sum, err
	}
	pages, sums, warns, err := parseAll(seeds, names, man.Pages, opts.Progress)
	if err != nil {
		return sum, err
	}
	sum.Warnings = append(sum.Warnings, warns...)
	sum.Pages = len(pages)

	if err := os.MkdirAll(opts.Content, 0o755); err != nil {
		return sum, err
	}
	have, mdFiles, err := existing(files.InputFS(opts.Root, opts.Content, refuse), opts.Content)
	if err != nil {
		return sum, err
	}
	// Every .md name is taken, an article's or not, so a new article
	// never lands on a file an editor made.
	taken := map[string]bool{}
	for _, n := range mdFiles {
		taken[strings.TrimSuffix(n, ".md")] = true
	}
	ids := map[string]string{}
	for id, f := range have {
		ids[id] = f.name
	}
	// Files whose id the manifest lacks were written by a run that stopped
	// before its manifest (or by an editor): by fingerprint, so a story can
	// find the file an interrupted run wrote for it.
	orphans := map[string][]string{}
	for id, f := range have {
		if !man.seen[id] && f.fingerprint != "" {
			orphans[f.fingerprint] = append(orphans[f.fingerprint], id)
		}
	}

	// Decide what each story needs, in story order, so names and ids come
	// out the same whatever the machine. Nothing is written until every
	// file the run writes has been worked out, so an error in any of them
	// (a typo in an article that gains a source) leaves content/ as it was.
	var creates, updates []write
	known := 0 // stories that already have a file
	manChanged := false
	for _, st := range convert.Group(pages) {
		sum.Duplicates += len(st.Pages) - 1
		id := ""
		for _, p := range st.Pages {
			if known, ok := man.Pages[sums[at(p)].key]; ok {
				id = known
				break
			}
		}
		if id == "" {
			id = adopt(st, sums, orphans)
		}
		best := st.Pages[st.Best]
		if id == "" {
			id = newID(sums[at(best)].full(best).id, ids)
		}
		for _, p := range st.Pages {
			k := sums[at(p)].key
			if man.Pages[k] == "" {
				man.Pages[k] = id
				manChanged = true
			}
		}
		sources := sourcesOf(st)
		if f, ok := have[id]; ok {
			known++
			if !f.dated {
				sum.Undated = append(sum.Undated, f.name)
			}
			if !man.seen[id] && man.Names[id] == "" {
				// Written by a run that stopped before its manifest: the
				// name it was given is recorded now.
				if man.Names == nil {
					man.Names = map[string]string{}
				}
				man.Names[id] = strings.TrimSuffix(f.name, ".md")
				manChanged = true
			}
			if isSubset(sources, man.Sources[id]) {
				continue
			}
			merged := union(man.Sources[id], sources)
			man.Sources[id] = merged
			manChanged = true
			path := filepath.Join(opts.Content, f.name)
			updates = append(updates, write{path: path, make: func() ([]byte, error) {
				return addSources(opts.Root, path, merged)
			}})
			continue
		}
		if man.seen[id] {
			sum.Deleted++
			continue
		}
		fp := sums[at(best)].full(best).fingerprint
		name := fileName(best, id, taken)
		taken[strings.TrimSuffix(name, ".md")] = true
		ids[id] = name
		man.Sources[id] = sources
		if man.Names == nil {
			man.Names = map[string]string{}
		}
		man.Names[id] = strings.TrimSuffix(name, ".md")
		manChanged = true
		sum.New++
		if best.Headerless() {
			sum.Review = append(sum.Review, name)
		}
		if best.Date == "" {
			sum.Undated = append(sum.Undated, name)
		}
		creates = append(creates, write{path: filepath.Join(opts.Content, name), make: func() ([]byte, error) {
			return newFile(id, best, sources, fp)
		}})
	}
	all := slices.Concat(creates, updates)
	if err := prepare(all); err != nil {
		return sum, err
	}
	creates, updates = all[:len(creates)], all[len(creates):]
	// New files first, then the sources added to known ones, then the
	// manifest. A run stopped anywhere in between leaves whole files (each
	// write is atomic) that the next run recognises: new files by their
	// fingerprint (adopt), added sources because adding them again changes
	// nothing.
	err = parallel(jobs(creates, files.Create))
	if err == nil {
		err = parallel(jobs(updates, writeFile))
	}
	for _, w := range updates {
		if w.data != nil {
			sum.Updated++
		}
	}
	sum.Unchanged = known - sum.Updated
	if err != nil {
		return sum, err
	}
	slices.Sort(sum.Undated)
	slices.Sort(sum.Review)
	if manChanged {
		if err := writeManifest(filepath.Join(opts.Content, ManifestName), man); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// write is one file a run writes: make works out its bytes (nil: nothing
// to write) before anything is written.
type write struct {
	path string
	make func() ([]byte, error)
	data []byte
}

// prepare works out every write's bytes on every core.
func prepare(ws []write) error {
	jobs := make([]func() error, len(ws))
	for i := range ws {
		jobs[i] = func() error {
			var err error
			ws[i].data, err = ws[i].make()
			return err
		}
	}
	return parallel(jobs)
}

// jobs makes a job of each prepared write that has bytes to write.
func jobs(ws []write, put func(string, []byte) error) []func() error {
	var out []func() error
	for _, w := range ws {
		if w.data != nil {
			out = append(out, func() error { return put(w.path, w.data) })
		}
	}
	return out
}

// adopt returns the id of a file that an earlier run wrote for story st
// but did not get to record in the manifest, or "" if there is none. Such
// a file carries the fingerprint of one of the story's pages and an id made
// from that page (newID's base, perhaps with a suffix). An adopted file
// leaves orphans, so it goes to one story only.
func adopt(st convert.Story, sums map[place]sums, orphans map[string][]string) string {
	for _, p := range st.Pages {
		s := sums[at(p)].full(p)
		for i, id := range orphans[s.fingerprint] {
			if id == s.id || strings.HasPrefix(id, s.id+"-") {
				orphans[s.fingerprint] = slices.Delete(orphans[s.fingerprint], i, i+1)
				return id
			}
		}
	}
	return ""
}

// parallel runs the jobs on every core and returns the first error in job
// order.
func parallel(jobs []func() error) error {
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				errs[i] = jobs[i]()
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

func isSubset(a, b []string) bool {
	for _, s := range a {
		if _, ok := slices.BinarySearch(b, s); !ok {
			return false
		}
	}
	return true
}

// union returns the sorted union of two sorted lists.
func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

func seedNames(fsys fs.FS, dir string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("seeds: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") || !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names, nil
}

// place is where a page starts.
type place struct {
	source string
	line   int
}

func at(p convert.Page) place { return place{p.Source, p.Line} }

// sums are the hashes of a page's text that convert needs. A page the
// manifest knows goes to an article that has its id already, so only its
// key is worked out; full fills in the rest.
type sums struct {
	key         string // pageKey
	id          string // what newID starts from
	fingerprint string
}

func sumsOf(p convert.Page, known map[string]string) sums {
	s := sums{key: pageKey(p)}
	if _, ok := known[s.key]; ok {
		return s
	}
	return s.full(p)
}

// full returns s with every hash of p.
func (s sums) full(p convert.Page) sums {
	if s.id != "" {
		return s
	}
	id := sha256.New()
	io.WriteString(id, strings.ToLower(p.Title))
	id.Write([]byte{0})
	io.WriteString(id, p.Text)
	fp := sha256.New()
	io.WriteString(fp, p.Text)
	s.id = hex.EncodeToString(id.Sum(nil)[:6])
	s.fingerprint = hex.EncodeToString(fp.Sum(nil)[:8])
	return s
}

// parseAll reads and parses the dumps on every core, and computes the
// pages' hashes there too (known maps the keys of pages already imported).
// The pages are in the order of names, whatever order the workers finish
// in.
func parseAll(dir fs.FS, names []string, known map[string]string, progress io.Writer) ([]convert.Page, map[place]sums, []convert.Warning, error) {
	pages := make([][]convert.Page, len(names))
	hashes := make([][]sums, len(names))
	warns := make([][]convert.Warning, len(names))
	var mu sync.Mutex
	done := 0
	jobs := make([]func() error, len(names))
	for i, name := range names {
		jobs[i] = func() error {
			data, err := fs.ReadFile(dir, name)
			if errors.Is(err, fs.ErrNotExist) {
				return nil // refused (and warned about), or gone
			}
			if err != nil {
				return err
			}
			pages[i], warns[i] = convert.Parse(name, data)
			for _, p := range pages[i] {
				hashes[i] = append(hashes[i], sumsOf(p, known))
			}
			if progress != nil {
				mu.Lock()
				done++
				if done%200 == 0 || done == len(names) {
					fmt.Fprintf(progress, "\rconvert: %d/%d files", done, len(names))
					if done == len(names) {
						fmt.Fprintln(progress)
					}
				}
				mu.Unlock()
			}
			return nil
		}
	}
	if err := parallel(jobs); err != nil {
		return nil, nil, nil, err
	}
	byPlace := map[place]sums{}
	for i := range pages {
		for j, p := range pages[i] {
			byPlace[at(p)] = hashes[i][j]
		}
	}
	return slices.Concat(pages...), byPlace, slices.Concat(warns...), nil
}

type articleFile struct {
	name        string
	dated       bool
	fingerprint string
}

// existing maps the id of every article file in the folder dir to its
// file, reading only the front matter's id and date lines through fsys,
// and lists every .md file, those fsys refuses too (their names are
// taken all the same).
func existing(fsys fs.FS, dir string) (map[string]articleFile, []string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	var names []string
	for _, e := range entries {
		// A dotfile is no article: .tmp-<name>.md is a write that a
		// stopped run (or editor) left half done, holding another
		// file's id.
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".md") && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	found := make([]content.Summary, len(names))
	jobs := make([]func() error, len(names))
	for i, n := range names {
		jobs[i] = func() error {
			data, err := fs.ReadFile(fsys, n)
			found[i] = content.Skim(data)
			if errors.Is(err, fs.ErrNotExist) {
				return nil // refused (and warned about), or gone
			}
			return err
		}
	}
	if err := parallel(jobs); err != nil {
		return nil, nil, err
	}
	ids := map[string]articleFile{}
	var dups []error
	for i, n := range names {
		id := found[i].ID
		if id == "" {
			continue
		}
		if f, ok := ids[id]; ok {
			first := slices.Index(names, f.name)
			dups = append(dups, fmt.Errorf("%s:%d: id %s is also the id of %s:%d; give one of them a new id (or merge them)",
				filepath.Join(dir, n), found[i].IDLine, id, filepath.Join(dir, f.name), found[first].IDLine))
			continue
		}
		ids[id] = articleFile{name: n, dated: found[i].Date != "", fingerprint: found[i].Fingerprint}
	}
	return ids, names, errors.Join(dups...)
}

// pageKey identifies a page by what it says, so the same page saved in a
// new dump is recognised.
func pageKey(p convert.Page) string {
	h := sha256.New()
	io.WriteString(h, p.Title)
	h.Write([]byte{0})
	io.WriteString(h, p.Text)
	return hex.EncodeToString(h.Sum(nil)[:10])
}

// newID makes the id of a story seen for the first time from the hash of
// its text (sums.id), avoiding ids already in use.
func newID(base string, used map[string]string) string {
	id := base
	for n := 2; ; n++ {
		if _, ok := used[id]; !ok {
			return id
		}
		id = base + "-" + strconv.Itoa(n)
	}
}

func sourcesOf(st convert.Story) []string {
	var s []string
	for _, p := range st.Pages {
		s = append(s, p.Source+":"+strconv.Itoa(p.Line))
	}
	slices.Sort(s)
	return slices.Compact(s)
}

func fileName(p convert.Page, id string, taken map[string]bool) string {
	title := p.Title
	if title == "" {
		title = headlessTitle(p)
	}
	base := slug.Make(title)
	if len(base) > maxSlug {
		base = base[:maxSlug]
		if i := strings.LastIndexByte(base, '-'); i > maxSlug/2 {
			base = base[:i]
		}
	}
	base = strings.Trim(base, "-")
	if base == "" {
		base = "article-" + id
	}
	name := base
	for n := 2; taken[name]; n++ {
		name = base + "-" + strconv.Itoa(n)
	}
	return name + ".md"
}

// headlessTitle makes a stand-in title from a page's first words.
func headlessTitle(p convert.Page) string {
	words := strings.Fields(p.Text)
	if len(words) > 8 {
		words = words[:8]
	}
	t := strings.Join(words, " ")
	if t == "" {
		return "Untitled page"
	}
	return strings.ToUpper(t[:1]) + t[1:] + " …"
}

func newFile(id string, p convert.Page, sources []string, fingerprint string) ([]byte, error) {
	f := content.Front{
		ID:          id,
		Title:       p.Title,
		Caption:     p.Caption,
		Sources:     sources,
		Fingerprint: fingerprint,
	}
	if p.Date != "" {
		f.Date, f.DateSource = p.Date, "caption"
	}
	if p.Headerless() {
		f.Title = headlessTitle(p)
		f.Draft = true
		f.Review = "saved without its header: give it a title and caption, then remove draft and this line"
	}
	return content.Marshal(f, p.Body)
}

// addSources returns a file's bytes with its sources holding every entry
// of sources, keeping any it has that the list lacks, or nil if it has
// them all already. Nothing else in the file changes.
func addSources(root, path string, sources []string) ([]byte, error) {
	data, err := files.ReadInput(root, path)
	if err != nil {
		return nil, err
	}
	f, err := content.Parse(path, data)
	if err != nil {
		return nil, err
	}
	merged := union(f.Front.Sources, sources)
	if slices.Equal(merged, f.Front.Sources) {
		return nil, nil
	}
	return content.SetSources(path, data, merged)
}

// writeFile replaces path with data; a reader never sees half a file.
func writeFile(path string, data []byte) error { return files.Replace(path, data) }

func readManifest(path string) (*manifest, error) {
	m := &manifest{Version: 1, Pages: map[string]string{}, Sources: map[string][]string{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		m.seen = map[string]bool{}
		return m, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if m.Pages == nil {
		m.Pages = map[string]string{}
	}
	if m.Sources == nil {
		m.Sources = map[string][]string{}
	}
	m.seen = map[string]bool{}
	for _, id := range m.Pages {
		m.seen[id] = true
	}
	return m, nil
}

// FirstNames reads, from the manifest in the content folder inside the
// project folder root, the file name (without .md) convert first gave
// each article, by id. Without a manifest there are none.
func FirstNames(root, contentDir string) (map[string]string, error) {
	data, err := files.ReadInput(root, filepath.Join(contentDir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(contentDir, ManifestName), err)
	}
	return m.Names, nil
}

func writeManifest(path string, m *manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(path, append(data, '\n'))
}
