// Package ingest runs the converter over a folder of seed dumps and brings
// the content folder up to date.
//
// # Rules
//
//   - Each story becomes one file, content/<slug>.md, named after its title
//     (slug bounded to 60 characters; a name already taken gets -2, -3 …,
//     in a fixed order, so the same inputs always give the same names).
//   - A story's id is fixed when its file is first written and never
//     changes; the file can be renamed and its title corrected freely. It
//     is made from the story's title (case and quotes folded) and the
//     opening of its text, which every copy shares, so it does not depend
//     on which copy arrived first.
//   - Copies of one story, exact, cut short or near (a few words changed,
//     other quotes or case; convert.Group decides) are one article. A new
//     story that may be a copy of another (Group's Near, or a match against
//     an article whose dumps have left seeds/) is imported with a review
//     line naming the other file.
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
//   - One writer at a time: a run holds the content folder's lock (Lock,
//     the file .content.lock beside it) from its first read to its last
//     write, as the preview's desk does for each save, so two converts, or
//     a convert and a save, never interleave. The second to come, in
//     another process, stops at once naming the first.
//
// # Who owns what: the three-way merge
//
// Convert owns title, caption, date (with date_source: caption), body,
// sources, fingerprint and review; the editors own everything else, and
// any of convert's fields they change becomes theirs. When a story gains
// copies (or with Refresh), each field is merged like a three-way merge:
// the base is what convert last wrote (the body's hash is the file's
// fingerprint; the manifest keeps short hashes of the title and caption
// and the date), the two sides are the file as it is and what convert
// would write now from the story's most complete copy.
//
//   - A field the editor has not changed takes the new value; a field the
//     editor changed stays as they left it. A date is the editor's once
//     date_source is not caption.
//   - A body the editor has not changed becomes the most complete copy's,
//     and the fingerprint follows. A body the editor changed is left
//     alone, and so is the rest of the file; if the story has text convert
//     has not given the article, that copy is written to
//     content/.incoming/<file name> (an article file whose review line says
//     what differs) and listed for review. Once the editor has dealt with it
//     and deleted it, it is not written again for the same copies.
//   - So no scraped word is lost, and with the editors' edits aside the
//     content does not depend on the order the dumps arrived in.
//   - Refresh re-derives convert's fields in every article, not only those
//     with new copies, so a better rule (a date read from more captions)
//     reaches the whole archive; it never writes an incoming copy.
//   - Files written before the fingerprint covered the body (it was the
//     hash of the page's normalised text) are recognised by that too.
package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gosimple/slug"

	"briefing/internal/content"
	"briefing/internal/convert"
	"briefing/internal/files"
	"briefing/internal/parallel"
	"briefing/internal/plural"
)

const maxSlug = 60

// idChars is how much of a story's text its id is made from: no more than
// the least a copy cut short holds and still joins its story.
const idChars = 80

// Summary says what a run did, or with DryRun what it would do.
type Summary struct {
	Files      int // seed files read
	Pages      int // article pages found
	Duplicates int // pages merged into another copy of their story
	// New and Updated are the files written for the first time, and the
	// known articles convert changed (text, fields or sources).
	New, Updated []string
	Unchanged    int // articles already up to date
	Deleted      int // stories whose file an editor deleted, left out
	// Changes says, for each updated file, what changed.
	Changes []Change
	// Undated lists the files of articles with no date.
	Undated []string
	// Review lists what this run flagged for an editor.
	Review   []Flag
	Warnings []convert.Warning
	// DryRun is set when nothing was written.
	DryRun bool
}

// Change is what convert changed in one file.
type Change struct {
	File   string
	Fields []string // "title", "caption", "date", "body", "sources"
}

func (c Change) String() string { return c.File + ": " + strings.Join(c.Fields, ", ") }

// Flag is a file that needs an editor, and why.
type Flag struct {
	File, Why string
}

func (f Flag) String() string { return f.File + ": " + f.Why }

// Flagged are the files of the Review list.
func (s Summary) Flagged() []string {
	var out []string
	for _, f := range s.Review {
		out = append(out, f.File)
	}
	return out
}

// Handful is how many files a summary names before it gives a count.
const Handful = 5

// String is the run's summary line. It names a handful of the files
// written and flagged, and counts the rest; the undated and review lists
// are counts, which `convert -list` prints in full.
func (s Summary) String() string {
	var b strings.Builder
	b.WriteString("convert: ")
	if s.DryRun {
		b.WriteString("(dry run: nothing written) ")
	}
	fmt.Fprintf(&b, "%s, %s → %d new%s, %d updated%s, %s; %s merged, %d left out (deleted by an editor), %d undated",
		plural.Count(s.Files, "file"), plural.Count(s.Pages, "page"), len(s.New), names(s.New), len(s.Updated), names(s.Updated),
		plural.Count(s.Unchanged, "unchanged article"), plural.Count(s.Duplicates, "duplicate"), s.Deleted, len(s.Undated))
	if len(s.Undated) > 0 {
		b.WriteString(" (convert -list undated)")
	}
	fmt.Fprintf(&b, ", %d for review%s", len(s.Review), names(s.Flagged()))
	if len(s.Review) > 0 {
		b.WriteString(" (convert -list review)")
	}
	b.WriteString(", " + plural.Count(len(s.Warnings), "warning"))
	return b.String()
}

// Names lists up to a handful of files and counts the rest, "a.md, b.md
// and 3 more", the way every summary names files.
func Names(files []string) string {
	if len(files) <= Handful {
		return strings.Join(files, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(files[:Handful], ", "), len(files)-Handful)
}

// names is " (Names)", or "" for no files.
func names(files []string) string {
	if len(files) == 0 {
		return ""
	}
	return " (" + Names(files) + ")"
}

// Options says where things are and what to do.
type Options struct {
	Seeds   string // folder of dumps (*.txt)
	Content string // folder of article files
	// Root is the project folder: a link in seeds or content that leads
	// out of it is not followed. By default it is the content folder's
	// parent.
	Root string
	// Progress, when set, receives a progress line as files are read.
	Progress io.Writer
	// Refresh re-derives what convert owns (title, caption, the caption's
	// date, body) in every article whose editor left it as convert wrote
	// it, not only in those with new copies.
	Refresh bool
	// DryRun works out everything and writes nothing.
	DryRun bool
	// Holder names the run in the content folder's lock, for a second
	// writer that finds it taken (see Lock); "build convert" by default.
	Holder string
}

// Run converts every dump in opts.Seeds and updates opts.Content. It
// holds the content folder's lock (see Lock) unless it is a dry run.
func Run(opts Options) (Summary, error) {
	// Before the lock, so a convert run in the wrong folder leaves nothing.
	if st, err := os.Stat(opts.Seeds); errors.Is(err, fs.ErrNotExist) || err == nil && !st.IsDir() {
		return Summary{}, fmt.Errorf("%s: no such folder; convert reads the scraped dumps (*.txt) from it (-seeds DIR names another)", opts.Seeds)
	}
	if !opts.DryRun {
		holder := opts.Holder
		if holder == "" {
			holder = "build convert"
		}
		unlock, err := Lock(opts.Content, holder)
		if err != nil {
			return Summary{}, err
		}
		defer unlock()
	}
	p, err := makePlan(opts)
	if err != nil || opts.DryRun {
		return p.sum, err
	}
	return p.sum, p.apply(opts.Content)
}

// plan is everything a run will write, worked out before the first write.
type plan struct {
	sum              Summary
	man              *manifest
	manChanged       bool
	creates, updates []write
	incoming         []write // copies offered beside an article an editor changed
}

// write is one file a run writes: make works out its bytes (nil: nothing
// to write) before anything is written.
type write struct {
	path string
	make func() ([]byte, error)
	data []byte
}

// makePlan reads the seeds, the manifest and the articles a run needs,
// and decides every file the run writes. It writes nothing. Stories are
// decided in story order, so names and ids come out the same whatever the
// machine, and nothing is written until every file the run writes has
// been worked out, so an error in any of them (a typo in an article that
// gains a source) leaves content/ as it was.
func makePlan(opts Options) (*plan, error) {
	if opts.Root == "" {
		opts.Root = filepath.Dir(opts.Content)
	}
	pl := &planner{opts: opts, plan: &plan{sum: Summary{DryRun: opts.DryRun}}}
	if err := pl.read(); err != nil {
		return pl.plan, err
	}
	pl.identify()
	// A new story may be a copy of an article whose dumps are no longer
	// in seeds/, which Group cannot see: it is matched against those
	// articles' text.
	var err error
	pl.near, err = matchGone(opts.Root, opts.Content, pl.stories, pl.storyIDs, pl.have, pl.referenced)
	if err != nil {
		return pl.plan, err
	}
	pl.storyFile = make([]string, len(pl.stories))
	for n := range pl.stories {
		pl.decide(n)
	}
	if err := pl.unreadable(); err != nil {
		return pl.plan, err
	}
	pl.flag()
	p := pl.plan
	if err := p.reconcileAll(opts.Root, opts.Content, pl.merges); err != nil {
		return p, err
	}
	if err := prepare(p.creates); err != nil {
		return p, err
	}
	p.sum.Unchanged = pl.known - len(p.sum.Updated)
	slices.Sort(p.sum.Undated)
	return p, nil
}

// planner is the state of makePlan's steps.
type planner struct {
	opts Options
	*plan
	// What read finds.
	pages []convert.Page
	sums  map[place]sums
	have  map[string]articleFile // article files by id
	taken map[string]bool        // file names (without .md) in use
	named map[string]bool        // the files of have
	ids   map[string]string      // ids in use, to their files
	// orphans are files whose id the manifest lacks, by fingerprint.
	orphans map[string][]string

	// What identify finds.
	stories    []convert.Story
	storyIDs   []string        // each story's article, "" for a new one
	referenced map[string]bool // known articles some story goes to
	near       map[int]goneMatch

	// What decide finds.
	storyFile []string // each story's file
	created   []created
	merges    []*merge
	known     int // stories that already have a file
	// unread are the files (name, id) with a new copy of their story
	// from which convert could read no id.
	unread [][2]string
}

// created is a new article's front matter and its story.
type created struct {
	front *content.Front
	story int
}

// read reads the seeds, the manifest and the article files' ids.
func (pl *planner) read() error {
	opts, sum := pl.opts, &pl.sum
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
		return err
	}
	sum.Files = len(names)
	if pl.man, err = readManifest(filepath.Join(opts.Content, ManifestName)); err != nil {
		return err
	}
	pages, sums, warns, err := parseAll(seeds, names, pl.man.Pages, opts.Progress)
	if err != nil {
		return err
	}
	pl.pages, pl.sums = pages, sums
	sum.Warnings = append(sum.Warnings, warns...)
	sum.Pages = len(pages)

	have, mdFiles, broken, err := existing(files.InputFS(opts.Root, opts.Content, refuse), opts.Content)
	if err != nil {
		return err
	}
	sum.Warnings = append(sum.Warnings, broken...)
	pl.have = have
	// Every .md name is taken, an article's or not, so a new article
	// never lands on a file an editor made.
	pl.taken = map[string]bool{}
	for _, n := range mdFiles {
		pl.taken[strings.TrimSuffix(n, ".md")] = true
	}
	pl.ids, pl.named = map[string]string{}, map[string]bool{}
	for id, f := range have {
		pl.ids[id] = f.name
		pl.named[f.name] = true
	}
	// Files whose id the manifest lacks were written by a run that stopped
	// before its manifest (or by an editor): by fingerprint, so a story can
	// find the file an interrupted run wrote for it.
	pl.orphans = map[string][]string{}
	for id, f := range have {
		if !pl.man.seen[id] && f.fingerprint != "" {
			pl.orphans[f.fingerprint] = append(pl.orphans[f.fingerprint], id)
		}
	}
	return nil
}

// unreadable is the error for the articles with a new copy whose id
// convert could not read: the copy waits until the file is fixed.
func (pl *planner) unreadable() error {
	var errs []error
	for _, u := range pl.unread {
		path := filepath.Join(pl.opts.Content, u[0])
		data, err := os.ReadFile(path)
		if err == nil {
			_, err = content.Parse(path, data)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%w; a new copy of its story arrived, which convert adds once the file is fixed", err))
		} else {
			errs = append(errs, fmt.Errorf("%s: a new copy of its story arrived, but the file has no id; put back id: %s, then convert again", path, u[1]))
		}
	}
	return errors.Join(errs...)
}

// identify groups the pages into stories and finds the article each known
// one went to.
func (pl *planner) identify() {
	// When every page was imported before, the stories are the articles
	// the pages went to: grouping them again (the near-duplicate
	// comparison is most of a re-run's work) would decide nothing new.
	stories, ok := storiesOf(pl.pages, pl.sums, pl.man.Pages)
	if !ok || pl.opts.Refresh {
		stories = convert.Group(pl.pages)
	}
	pl.stories = stories
	pl.storyIDs = make([]string, len(stories))
	pl.referenced = map[string]bool{}
	for n, st := range stories {
		pl.sum.Duplicates += len(st.Pages) - 1
		for _, pg := range st.Pages {
			if known, ok := pl.man.Pages[pl.sums[at(pg)].key]; ok {
				pl.storyIDs[n] = known
				break
			}
		}
		if pl.storyIDs[n] == "" {
			pl.storyIDs[n] = adopt(st, pl.sums, pl.orphans)
		}
		pl.referenced[pl.storyIDs[n]] = true
	}
}

// decide works out what story n needs: nothing, a merge into its known
// article, or a new file.
func (pl *planner) decide(n int) {
	st, man, sum := pl.stories[n], pl.man, &pl.sum
	id := pl.storyIDs[n]
	if m, ok := pl.near[n]; ok && m.verdict == convert.Same {
		id = m.id
	}
	best := st.Pages[st.Best]
	if id == "" {
		id = newID(pl.sums[at(best)].full(best).id, pl.ids)
	}
	for _, pg := range st.Pages {
		k := pl.sums[at(pg)].key
		if man.Pages[k] == "" {
			man.Pages[k] = id
			pl.manChanged = true
		}
	}
	sources := sourcesOf(st)
	if f, ok := pl.have[id]; ok {
		pl.known++
		pl.storyFile[n] = f.name
		if !man.seen[id] && man.Names[id] == "" {
			// Written by a run that stopped before its manifest: the name
			// it was given is recorded now.
			man.Names[id] = strings.TrimSuffix(f.name, ".md")
			pl.manChanged = true
		}
		fresh := !isSubset(sources, man.Sources[id])
		if !fresh && !pl.opts.Refresh {
			if !f.dated {
				sum.Undated = append(sum.Undated, f.name)
			}
			return
		}
		base, hasBase := man.Owned[id]
		pl.merges = append(pl.merges, &merge{id: id, name: f.name, dated: f.dated, st: st, sources: sources, fresh: fresh, base: base, hasBase: hasBase})
		return
	}
	if man.seen[id] {
		if name := man.Names[id]; name != "" && pl.taken[name] && !pl.named[name+".md"] {
			// Its file is there, but convert could not read its id (a
			// front matter error, already a warning): not deleted.
			if !isSubset(sources, man.Sources[id]) {
				pl.unread = append(pl.unread, [2]string{name + ".md", id})
			}
			return
		}
		sum.Deleted++
		return
	}
	name := fileName(best, id, pl.taken)
	pl.storyFile[n] = name
	pl.taken[strings.TrimSuffix(name, ".md")] = true
	pl.ids[id] = name
	man.Sources[id] = sources
	man.Names[id] = strings.TrimSuffix(name, ".md")
	pl.manChanged = true
	sum.New = append(sum.New, name)
	front := newFront(id, best, sources)
	man.Owned[id] = ownedOf(front)
	pl.created = append(pl.created, created{&front, n})
	if best.Date == "" {
		sum.Undated = append(sum.Undated, name)
	}
	pl.creates = append(pl.creates, write{path: filepath.Join(pl.opts.Content, name), make: func() ([]byte, error) {
		return content.Marshal(front, best.Body)
	}})
}

// flag gives a new article that may be a copy of another a review line
// naming the other's file, now that every story has one, and lists it and
// the pages saved without their header for review.
func (pl *planner) flag() {
	for _, c := range pl.created {
		var others []string
		for _, o := range pl.stories[c.story].Near {
			if f := pl.storyFile[o.Story]; f != "" {
				others = append(others, fmt.Sprintf("%s (similarity %.2f)", f, o.Score))
			}
		}
		if m, ok := pl.near[c.story]; ok && m.verdict == convert.Possible {
			others = append(others, fmt.Sprintf("%s (similarity %.2f)", m.name, m.score))
		}
		why := ""
		switch {
		case len(others) > 0:
			why = copyOf + strings.Join(others, ", ") + copyAdvice
			if c.front.Review != "" {
				c.front.Review += "; also " + why
			} else {
				c.front.Review = why
			}
		case c.front.Draft:
			why = "saved without its header; it is a draft until an editor gives it a title"
		default:
			continue
		}
		pl.sum.Review = append(pl.sum.Review, Flag{pl.storyFile[c.story], why})
	}
}

// How a review line names the files an article may be a copy of:
// copyOf, then "name.md (similarity 0.62)" for each, then copyAdvice.
const (
	copyOf     = "possibly a copy of "
	copyAdvice = ": if it is the same story, keep one file, take into it what the other adds and delete the other; if not, remove this line"
)

// copyName is one file of a review line's list of possible copies.
var copyName = regexp.MustCompile(`(?:^|, )([^,]+?\.md) \(similarity [0-9.]+\)`)

// copyList splits a review line convert wrote for possible copies into
// what stands before the list, the list and what follows its advice; ok
// is false for any other line.
func copyList(review string) (head, list, tail string, ok bool) {
	head, rest, ok := strings.Cut(review, copyOf)
	if !ok {
		return "", "", "", false
	}
	list, tail, ok = strings.Cut(rest, copyAdvice)
	return head, list, tail, ok
}

// PossibleCopies returns the files (names in the content folder, with
// .md) that a review line convert wrote says the article may be a copy
// of; none for any other line. The desk reads them from here, so the
// line's form is known in one place. Once an editor has cleared the line
// convert never writes it again: only a new article is flagged.
func PossibleCopies(review string) []string {
	_, list, _, ok := copyList(review)
	if !ok {
		return nil
	}
	var out []string
	for _, m := range copyName.FindAllStringSubmatch(list, -1) {
		out = append(out, m[1])
	}
	return out
}

// WithoutCopy returns a review line without the file name (with .md)
// among its possible copies; with no copy left, the line without that
// part at all (so "" when it said nothing else). Any other line is
// returned as it is.
func WithoutCopy(review, name string) string {
	head, list, tail, ok := copyList(review)
	if !ok {
		return review
	}
	var keep []string
	for _, m := range copyName.FindAllStringSubmatch(list, -1) {
		if m[1] != name {
			keep = append(keep, strings.TrimPrefix(m[0], ", "))
		}
	}
	if len(keep) > 0 {
		return head + copyOf + strings.Join(keep, ", ") + copyAdvice + tail
	}
	return strings.TrimSpace(strings.TrimSuffix(head, "; also ") + tail)
}

// storiesOf returns the stories of pages that were all imported before,
// one per article they went to, in the order of each one's first page,
// and whether every page was.
func storiesOf(pages []convert.Page, sums map[place]sums, known map[string]string) ([]convert.Story, bool) {
	byID := map[string]int{}
	var stories []convert.Story
	for _, pg := range pages {
		id, ok := known[sums[at(pg)].key]
		if !ok {
			return nil, false
		}
		n, ok := byID[id]
		if !ok {
			n = len(stories)
			byID[id] = n
			stories = append(stories, convert.Story{})
		}
		st := &stories[n]
		st.Pages = append(st.Pages, pg)
		if best := st.Pages[st.Best]; len(pg.Text) > len(best.Text) || len(pg.Text) == len(best.Text) && best.Headerless() && !pg.Headerless() {
			st.Best = len(st.Pages) - 1
		}
	}
	return stories, true
}

// reconcileAll decides, on every core, what becomes of each known article
// whose story has new copies (or every one, with Refresh), and adds the
// writes and the summary's lines to p in story order.
func (p *plan) reconcileAll(root, dir string, merges []*merge) error {
	out := make([]outcome, len(merges))
	jobs := make([]func() error, len(merges))
	for i, m := range merges {
		jobs[i] = func() error {
			path := filepath.Join(dir, m.name)
			data, err := files.ReadInput(root, path)
			if err != nil {
				return err
			}
			out[i], err = reconcile(path, data, m)
			return err
		}
	}
	if err := runAll(jobs); err != nil {
		return err
	}
	for i, m := range merges {
		o := out[i]
		if !o.dated {
			p.sum.Undated = append(p.sum.Undated, m.name)
		}
		if m.fresh {
			p.man.Sources[m.id] = union(p.man.Sources[m.id], m.sources)
			p.manChanged = true
		}
		if o.data != nil {
			p.sum.Updated = append(p.sum.Updated, m.name)
			p.sum.Changes = append(p.sum.Changes, Change{m.name, o.changed})
			p.updates = append(p.updates, write{path: filepath.Join(dir, m.name), data: o.data})
		}
		// What convert owns is recorded even for a file it need not
		// write: one an interrupted run wrote before its manifest.
		if o.owned != (owned{}) && (!m.hasBase || o.owned != m.base) {
			p.man.Owned[m.id] = o.owned
			p.manChanged = true
		}
		if o.incoming != nil {
			name := path.Join(IncomingDir, m.name)
			p.sum.Review = append(p.sum.Review, Flag{name, o.why})
			p.incoming = append(p.incoming, write{path: filepath.Join(dir, name), data: o.incoming})
		}
	}
	return nil
}

// apply writes what p planned: new files first, then the known ones
// convert changed and the copies offered beside edited ones, then the
// manifest. A run stopped anywhere in between leaves whole files (each
// write is atomic) that the next run recognises: new files by their
// fingerprint (adopt), changed ones because working them out again gives
// the same bytes.
func (p *plan) apply(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := runAll(jobs(p.creates, files.Create)); err != nil {
		return err
	}
	if len(p.incoming) > 0 {
		if err := os.MkdirAll(filepath.Join(dir, IncomingDir), 0o755); err != nil {
			return err
		}
	}
	if err := runAll(jobs(slices.Concat(p.updates, p.incoming), writeFile)); err != nil {
		return err
	}
	if p.manChanged {
		return writeManifest(filepath.Join(dir, ManifestName), p.man)
	}
	return nil
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
	return runAll(jobs)
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

// runAll runs the jobs on every core and returns their errors joined, in job
// order.
func runAll(jobs []func() error) error {
	errs := make([]error, len(jobs))
	parallel.For(len(jobs), func(i int) { errs[i] = jobs[i]() })
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

// full returns s with every hash of p. The id starts from the title and
// the opening of the text, which every copy of the story, cut short or
// not, shares: whichever copy arrives first, the story gets the same id.
func (s sums) full(p convert.Page) sums {
	if s.id != "" {
		return s
	}
	id := sha256.New()
	io.WriteString(id, convert.TitleKey(p.Title))
	id.Write([]byte{0})
	io.WriteString(id, opening(p.Text))
	s.id = hex.EncodeToString(id.Sum(nil)[:6])
	s.fingerprint = bodyPrint(p.Body)
	return s
}

// opening is the start of a page's Text that every copy of its story
// holds: the first idChars characters.
func opening(text string) string {
	n := 0
	for i := range text {
		if n == idChars {
			return text[:i]
		}
		n++
	}
	return text
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
	if err := runAll(jobs); err != nil {
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
// and lists every .md file but dotfiles (.tmp-<name>.md is a write that a
// stopped run left half done), those fsys refuses too: their names are
// taken all the same. A file content.Suspect finds fault with is parsed,
// and one that does not parse is a warning at its place, so a run does
// not look clean while a file it did not need stops the build.
func existing(fsys fs.FS, dir string) (map[string]articleFile, []string, []convert.Warning, error) {
	names, err := mdFiles(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil, nil // a first run makes the folder
	}
	if err != nil {
		return nil, nil, nil, err
	}
	found := make([]content.Summary, len(names))
	broken := make([]error, len(names))
	jobs := make([]func() error, len(names))
	for i, n := range names {
		jobs[i] = func() error {
			data, err := fs.ReadFile(fsys, n)
			if errors.Is(err, fs.ErrNotExist) {
				return nil // refused (and warned about), or gone
			}
			if err != nil {
				return err
			}
			found[i] = content.Skim(data)
			if content.Suspect(data) {
				_, broken[i] = content.Parse(filepath.Join(dir, n), data)
			}
			return nil
		}
	}
	if err := runAll(jobs); err != nil {
		return nil, nil, nil, err
	}
	var warns []convert.Warning
	for _, err := range broken {
		var ce *content.Error
		if errors.As(err, &ce) {
			warns = append(warns, convert.Warning{File: ce.Path, Line: ce.Line,
				Msg: ce.Err.Error() + " (convert left the file as it was; the site will not build until it is fixed)"})
		}
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
	return ids, names, warns, errors.Join(dups...)
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

// writeFile replaces path with data; a reader never sees half a file.
func writeFile(path string, data []byte) error { return files.Replace(path, data) }
