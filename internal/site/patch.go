package site

import (
	"slices"

	"briefing/internal/taxonomy"
)

// maxPatched is how many changed files a build may patch into the last
// site; past it, building it again is as quick.
const maxPatched = 16

// patch returns the last build's site brought up to date with sources, or
// nil if it cannot be. It can when the same files come in with the same
// taxonomy and each changed file keeps its date, draft flag and tags (the
// automatic ones and the editor's tags and exclude_tags, as written): then
// the site's order, tag lists, timeline and related lists all stay as they
// are, and only the changed articles' words, the notes list and the
// signatures of the changed articles and of those that show them need
// doing again. An editor's typical save, a note added or a
// sentence fixed, is one of these.
func (m *Memo) patch(sources []*Source, tax *taxonomy.Taxonomy) *Site {
	if m == nil || m.site == nil || tax != m.tax || len(sources) != len(m.built) {
		return nil
	}
	var changed []int
	for i, src := range sources {
		old := m.built[i]
		if src == old {
			continue
		}
		if src.Name != old.Name || !sameShape(src, old) || src.File.Front.Draft {
			return nil // a draft is rare enough to build the site again
		}
		if changed = append(changed, i); len(changed) > maxPatched {
			return nil
		}
	}
	notes, warnings := false, false
	redo := make([]*Article, 0, len(changed))
	var moved []*Entry // entries that show something new
	for _, i := range changed {
		src := sources[i]
		a := m.articles[src.Name]
		notes = notes || len(a.Notes) > 0 || len(src.File.Front.Notes) > 0
		warnings = warnings || !slices.Equal(src.Warnings, m.built[i].Warnings)
		entry := a.Entry.sig
		a.fill(src)
		if m.site.links.link(a) != nil {
			// A full build reports the broken link; this one stops here.
			m.site = nil
			return nil
		}
		redo = append(redo, a)
		if a.Entry.sig != entry {
			moved = append(moved, &a.Entry)
		}
	}
	if notes {
		m.site.collectNotes()
	}
	if warnings {
		m.site.collectWarnings(sources)
	}
	// An article's signature covers its own file and the entries it shows
	// (neighbours, related articles); links are by address, and addresses
	// stay. So only the changed articles and those that show a changed
	// entry are signed again.
	if len(moved) > 0 {
		for _, a := range m.site.Articles {
			if shows(a, moved) && !slices.Contains(redo, a) {
				redo = append(redo, a)
			}
		}
	}
	reviseEach(redo)
	// The tags' lists show the entries: those that hold a changed one are
	// signed again.
	var tags []*Tag
	for _, e := range moved {
		for _, t := range e.article.Tags {
			if !slices.Contains(tags, t) {
				tags = append(tags, t)
				t.sign()
			}
		}
	}
	if len(moved) > 0 {
		m.site.signEntries()
	}
	m.built = slices.Clone(sources)
	return m.site
}

// shows reports whether the article shows any of the entries as a
// neighbour or related article.
func shows(a *Article, entries []*Entry) bool {
	if slices.Contains(entries, a.Prev) || slices.Contains(entries, a.Next) {
		return true
	}
	for _, e := range a.Related {
		if slices.Contains(entries, e) {
			return true
		}
	}
	return false
}

// sameShape reports whether two versions of a file place their article the
// same way: same date, draft flag and tags.
func sameShape(a, b *Source) bool {
	fa, fb := &a.File.Front, &b.File.Front
	return fa.Draft == fb.Draft && fa.ID == fb.ID && fa.Date == fb.Date && a.Date.Equal(b.Date) &&
		slices.Equal(a.Auto, b.Auto) && slices.Equal(fa.Tags, fb.Tags) && slices.Equal(fa.ExcludeTags, fb.ExcludeTags)
}

// keepSite remembers a whole build's result for patch.
func (m *Memo) keepSite(s *Site, sources []*Source, tax *taxonomy.Taxonomy, err error) {
	if m == nil {
		return
	}
	if err != nil {
		m.site, m.built, m.tax, m.articles = nil, nil, nil, nil
		return
	}
	m.site, m.built, m.tax = s, slices.Clone(sources), tax
	m.articles = make(map[string]*Article, len(s.Articles))
	for _, a := range s.Articles {
		m.articles[a.Name] = a
	}
}
