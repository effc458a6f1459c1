package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"briefing/internal/content"
	"briefing/internal/convert"
	"briefing/internal/files"
	"briefing/internal/plural"
)

// IncomingDir is the folder, inside the content folder, where convert
// leaves a new copy of a story whose article body an editor has changed:
// .incoming/<article file name>. The site does not read it.
const IncomingDir = ".incoming"

// merge is a known article whose story has copies convert has not dealt
// with yet, or that a refresh looks at again.
type merge struct {
	id, name string
	dated    bool // whether the file has a date, as it is
	st       convert.Story
	sources  []string // every copy's place
	fresh    bool     // the story has copies convert has not dealt with
	base     owned    // what convert last wrote, if hasBase
	hasBase  bool
}

// outcome is what becomes of a known article.
type outcome struct {
	data    []byte   // the file's new bytes; nil leaves it alone
	changed []string // what data changes
	owned   owned    // what convert owns of the file afterwards; zero if not known
	dated   bool     // whether the file has a date afterwards
	// incoming is the new copy to leave in IncomingDir, nil for none, and
	// why says what it holds for the review list.
	incoming []byte
	why      string
}

// reconcile is the three-way merge of one article: the file as it is
// (data), what convert last wrote into it (the fingerprint for the body,
// m.base for the other fields) and what convert would write now (the
// story's most complete copy). A field the editor has not changed since
// convert wrote it takes the new value; a field the editor changed is
// theirs and stays. When the editor changed the body and the story has
// text convert has not given the article, the file is left alone and the
// new copy goes beside it, for the editor to take what they want from.
func reconcile(path string, data []byte, m *merge) (outcome, error) {
	f, err := content.Parse(path, data)
	if err != nil {
		return outcome{}, err
	}
	best := m.st.Pages[m.st.Best]
	want := newFront(m.id, best, nil)
	fr := f.Front
	o := outcome{dated: fr.Date != ""}
	var edit content.Changes // of what convert owns
	str := func(s string) *string { return &s }
	now := m.base // becomes what convert owns once the edit is made
	if !m.hasBase {
		now = owned{notOurs, notOurs, notOurs}
	}

	body := string(f.Body)
	bodyOurs := bodyPrint(body) == fr.Fingerprint || legacyBody(body, fr.Fingerprint, m.st)
	switch {
	case bodyOurs:
		if body != best.Body {
			edit.Body = &best.Body
			o.changed = append(o.changed, "body")
		}
		if fp := bodyPrint(best.Body); fp != fr.Fingerprint {
			edit.Fingerprint = &fp
		}
	case m.fresh && !wrote(fr.Fingerprint, best):
		// The editor's body, and text convert has not given them: keep
		// the file as it is and the copy beside it.
		front := want
		front.Sources = m.sources
		front.Review = fmt.Sprintf("a new copy of %s, whose body an editor has changed: %s. Take what you want from it into %[1]s (or replace that file's body and fingerprint with this one's), then delete this file", m.name, differs(body, best.Body))
		o.incoming, err = content.Marshal(front, best.Body)
		o.why = fmt.Sprintf("a new copy of %s, whose body an editor changed: %s", m.name, differs(body, best.Body))
		return o, err
	}

	titles, captions, dates := values(m.st)
	// A field that already holds what convert would write counts as
	// convert's: a run stopped between writing the file and the manifest
	// leaves it so.
	if fr.Title == want.Title || owns(fr.Title, m.base.Title, m.hasBase, titles) {
		now.Title = short(want.Title)
		if fr.Title != want.Title {
			edit.Title = str(want.Title)
			o.changed = append(o.changed, "title")
		}
	}
	if fr.Caption == want.Caption || owns(fr.Caption, m.base.Caption, m.hasBase, captions) {
		now.Caption = short(want.Caption)
		if fr.Caption != want.Caption {
			edit.Caption = str(want.Caption)
			o.changed = append(o.changed, "caption")
		}
	}
	if fr.Date == want.Date && fr.DateSource == want.DateSource || dateOurs(fr, m.base.Date, m.hasBase, dates) {
		now.Date = want.Date
		if fr.Date != want.Date {
			edit.Date, edit.DateSource = str(want.Date), str(want.DateSource)
			o.changed = append(o.changed, "date")
			o.dated = want.Date != ""
		}
	}
	if merged := union(fr.Sources, m.sources); !slices.Equal(merged, fr.Sources) {
		edit.Sources = &merged
		o.changed = append(o.changed, "sources")
	}
	o.owned = now
	if len(o.changed) == 0 && edit.Fingerprint == nil {
		return o, nil
	}
	if len(o.changed) == 0 {
		o.changed = append(o.changed, "fingerprint")
	}
	o.data, err = content.Edit(path, data, edit)
	return o, err
}

// newFront is the front matter convert gives a new article made from p.
func newFront(id string, p convert.Page, sources []string) content.Front {
	f := content.Front{
		ID:          id,
		Title:       p.Title,
		Caption:     p.Caption,
		Sources:     sources,
		Fingerprint: bodyPrint(p.Body),
	}
	if p.Date != "" {
		f.Date, f.DateSource = p.Date, "caption"
	}
	if p.Headerless() {
		f.Title = headlessTitle(p)
		f.Draft = true
		f.Review = "saved without its header: give it a title and caption, then remove draft and this line"
	}
	return f
}

// ownedOf is what convert owns of a file it writes with front f.
func ownedOf(f content.Front) owned {
	return owned{Title: short(f.Title), Caption: short(f.Caption), Date: f.Date}
}

// bodyPrint is the fingerprint of a body convert writes.
func bodyPrint(body string) string { return content.Fingerprint([]byte(body)) }

// textPrint is the fingerprint files written before it covered the body
// carry: a hash of the page's Text.
func textPrint(text string) string {
	h := sha256.Sum256([]byte(text))
	return hex.EncodeToString(h[:8])
}

// legacyBody reports whether body is a page's body as convert wrote it
// when the fingerprint was the hash of the page's Text.
func legacyBody(body, fingerprint string, st convert.Story) bool {
	for _, p := range st.Pages {
		if body == p.Body && textPrint(p.Text) == fingerprint {
			return true
		}
	}
	return false
}

// wrote reports whether fingerprint is that of p, as convert wrote it:
// p brings nothing convert has not given the article already.
func wrote(fingerprint string, p convert.Page) bool {
	return fingerprint == bodyPrint(p.Body) || fingerprint == textPrint(p.Text)
}

// short is the hash owned keeps of a title or caption.
func short(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:4])
}

// owns reports whether a title or caption is still as convert wrote it:
// its hash is the one recorded, or, for an article written before convert
// recorded them, it is the value of one of the story's copies.
func owns(v, base string, hasBase bool, copies []string) bool {
	if hasBase {
		return short(v) == base
	}
	return slices.Contains(copies, v)
}

// dateOurs reports whether an article's date is still as convert wrote
// it: the caption's date (or none), not one an editor set or removed.
func dateOurs(f content.Front, base string, hasBase bool, copies []string) bool {
	switch {
	case f.Date == "" && f.DateSource != "", f.Date != "" && f.DateSource != "caption":
		return false
	case hasBase:
		return f.Date == base
	}
	return f.Date == "" || slices.Contains(copies, f.Date)
}

// values are the titles, captions and dates of a story's copies.
func values(st convert.Story) (titles, captions, dates []string) {
	for _, p := range st.Pages {
		t := p.Title
		if p.Headerless() {
			t = headlessTitle(p)
		}
		titles = append(titles, t)
		captions = append(captions, p.Caption)
		dates = append(dates, p.Date)
	}
	return titles, captions, dates
}

// differs says, in paragraphs, how a new copy's body differs from an
// article's.
func differs(mine, theirs string) string {
	a, b := paragraphs(mine), paragraphs(theirs)
	onlyTheirs, onlyMine := 0, 0
	for p := range b {
		if !a[p] {
			onlyTheirs++
		}
	}
	for p := range a {
		if !b[p] {
			onlyMine++
		}
	}
	return fmt.Sprintf("it has %s the article lacks, and lacks %s of the article's", plural.Count(onlyTheirs, "paragraph"), plural.Count(onlyMine, "paragraph"))
}

func paragraphs(body string) map[string]bool {
	out := map[string]bool{}
	for _, p := range strings.Split(body, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out[p] = true
		}
	}
	return out
}

// goneMatch is a known article that a new story may be a copy of.
type goneMatch struct {
	id, name string
	verdict  convert.Verdict
	score    float64
}

// matchGone matches each new story (no id yet in storyIDs) against the
// articles no story goes to, those whose dumps have left seeds/, by their
// title and body as the files hold them. It returns, by story, the
// article each may be a copy of: Same takes the story to that article,
// Possible imports it flagged. An article is the Same as one story at
// most; a second is only Possible. Files are read only when there is
// something to compare.
func matchGone(root, dir string, stories []convert.Story, storyIDs []string, have map[string]articleFile, referenced map[string]bool) (map[int]goneMatch, error) {
	var fresh []int
	for n, id := range storyIDs {
		if id == "" {
			fresh = append(fresh, n)
		}
	}
	var gone []string
	for id := range have {
		if !referenced[id] {
			gone = append(gone, id)
		}
	}
	if len(fresh) == 0 || len(gone) == 0 {
		return nil, nil
	}
	slices.Sort(gone)
	sigs := make([]convert.Signature, len(gone))
	jobs := make([]func() error, len(gone))
	for i, id := range gone {
		jobs[i] = func() error {
			path := filepath.Join(dir, have[id].name)
			data, err := files.ReadInput(root, path)
			if err != nil {
				return err
			}
			// A file that does not parse is matched by nothing; the
			// build reports it.
			if f, err := content.Parse(path, data); err == nil {
				sigs[i] = convert.Sign(f.Front.Title, string(f.Body))
			}
			return nil
		}
	}
	if err := runAll(jobs); err != nil {
		return nil, err
	}
	x := convert.NewIndex(sigs)
	out := map[int]goneMatch{}
	taken := map[int]bool{}
	for _, n := range fresh {
		best := stories[n].Pages[stories[n].Best]
		i, m := x.Best(convert.Sign(best.Title, best.Text))
		if i < 0 || m.Verdict == convert.Different {
			continue
		}
		if m.Verdict == convert.Same && taken[i] {
			m.Verdict = convert.Possible
		}
		taken[i] = taken[i] || m.Verdict == convert.Same
		out[n] = goneMatch{gone[i], have[gone[i]].name, m.Verdict, m.Score}
	}
	return out, nil
}
