package site

import (
	"errors"
	"fmt"
	"strings"

	"briefing/internal/markdown"
)

// linkIndex is what a link into the site can name: published articles by
// file name and by id, drafts (to say why a link to one fails) and tags.
type linkIndex struct {
	names  map[string]bool
	ids    map[string]string // id → file name
	drafts map[string]bool   // file names and ids of drafts
	tags   map[string]bool
}

func newLinkIndex(sources []*Source, tags []*Tag) *linkIndex {
	x := &linkIndex{names: map[string]bool{}, ids: map[string]string{}, drafts: map[string]bool{}, tags: map[string]bool{}}
	for _, src := range sources {
		if src.File.Front.Draft {
			x.drafts[src.Name], x.drafts[src.File.Front.ID] = true, true
			continue
		}
		x.names[src.Name] = true
		x.ids[src.File.Front.ID] = src.Name
	}
	for _, t := range tags {
		x.tags[t.Slug] = true
	}
	return x
}

// resolve turns a link's address into a path below the site root:
//
//	@/name, @/name.md, @/id   the article with that file name, or else id
//	/articles/name/           the article with that file name
//	/tags/slug/…              a page of that tag
//	/anything-else            the same path below the base path
//
// A "#part" is kept. A link to an article or tag the site does not have is
// an error.
func (x *linkIndex) resolve(target string) (string, error) {
	p, frag, hasFrag := strings.Cut(target, "#")
	if hasFrag {
		frag = "#" + frag
	}
	if key, ok := strings.CutPrefix(p, "@/"); ok {
		key = strings.TrimSuffix(strings.TrimSuffix(key, "/"), ".md")
		switch {
		case x.names[key]:
			return articleURL(key) + frag, nil
		case x.ids[key] != "":
			return articleURL(x.ids[key]) + frag, nil
		case x.drafts[key]:
			return "", fmt.Errorf("%q is a draft, which the site leaves out", key)
		}
		return "", fmt.Errorf("no article has the file name or id %q", key)
	}
	p = strings.TrimPrefix(p, "/")
	page, _, _ := strings.Cut(p, "?")
	if rest, ok := strings.CutPrefix(page, articlesDir); ok {
		name, _, _ := strings.Cut(rest, "/")
		if !x.names[name] {
			if x.drafts[name] {
				return "", fmt.Errorf("%q is a draft, which the site leaves out", name)
			}
			return "", fmt.Errorf("no article has the file name %q (write @/name or @/id to link an article)", name)
		}
	}
	if rest, ok := strings.CutPrefix(page, tagsDir); ok {
		if slug, _, _ := strings.Cut(rest, "/"); slug != "" && !x.tags[slug] {
			return "", fmt.Errorf("no tag has the address /%s", tagURL(slug))
		}
	}
	return p + frag, nil
}

// link resolves the article's links and its notes', with an error for each
// broken one, placed in the article's file.
func (x *linkIndex) link(a *Article) error {
	var errs []error
	var err error
	a.Links, err = x.resolveAll(a.Path, a.refs)
	errs = append(errs, err)
	for i := range a.Notes {
		var refs []markdown.Ref
		if i < len(a.noteRefs) {
			refs = a.noteRefs[i]
		}
		a.Notes[i].Links, err = x.resolveAll(a.Path, refs)
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// resolveAll resolves refs found in the file path.
func (x *linkIndex) resolveAll(path string, refs []markdown.Ref) ([]string, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	var errs []error
	out := make([]string, len(refs))
	for i, r := range refs {
		href, err := x.resolve(r.Target)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: link to %s: %w", path, r.Line, r.Target, err))
		}
		out[i] = href
	}
	return out, errors.Join(errs...)
}
