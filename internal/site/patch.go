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
// revisions need doing again. An editor's typical save, a note added or a
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
	notes := false
	for _, i := range changed {
		src := sources[i]
		a := m.articles[src.Name]
		notes = notes || len(a.Notes) > 0 || len(src.File.Front.Notes) > 0
		a.fill(src)
		if m.site.links.link(a) != nil {
			// A full build reports the broken link; this one stops here.
			m.site = nil
			return nil
		}
	}
	if notes {
		m.site.collectNotes()
	}
	m.site.collectWarnings(sources)
	revise(m.site)
	m.built = slices.Clone(sources)
	return m.site
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
