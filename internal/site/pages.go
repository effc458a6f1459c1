package site

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"

	"briefing/internal/content"
	"briefing/internal/markdown"
	"briefing/internal/sitemap"
)

// Page is one of the archive's own pages (about, methodology): a Markdown
// file in the content folder's pages folder, at the site's root under its
// file name. Pages are not articles: no list, feed or search filter holds
// them.
type Page struct {
	// Name is the file name without .md: the page is at <name>/.
	Name        string
	Title       string
	Description string
	// Body is the page's text, rendered; its links into the site are
	// Links, as an article's.
	Body  template.HTML
	Links []string

	path    string
	refs    []markdown.Ref
	aliases []alias
}

// URL is the page's path below the site root.
func (p *Page) URL() string { return p.Name + "/" }

// Redirect is an old address that sends readers to a page's new one.
type Redirect struct {
	// From is the old address and To the new, below the site root.
	From, To string
	// Title is the title of the page it leads to.
	Title string
}

// alias is an old address as an editor wrote it, with its place.
type alias struct {
	path string
	line int
}

// LoadPages reads the archive's own pages, every *.md file at the top of
// fsys (the pages folder, named dir in messages); a missing folder has
// none. Each bad file gives one error.
func LoadPages(fsys fs.FS, dir string, md *markdown.Renderer) ([]*Page, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil || len(names) == 0 {
		return nil, err
	}
	slices.Sort(names)
	var pages []*Page
	var errs []error
	for _, n := range names {
		if strings.HasPrefix(n, ".") {
			continue
		}
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		f, err := content.ParsePage(path.Join(dir, n), data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		body, refs := md.Render(f.Body)
		p := &Page{Name: strings.TrimSuffix(n, ".md"), Title: f.Front.Title, Description: f.Front.Description,
			Body: body, path: f.Path, refs: placeRefs(refs, f.BodyLine)}
		for i, a := range f.Front.Aliases {
			p.aliases = append(p.aliases, alias{a, f.AliasLines[i]})
		}
		pages = append(pages, p)
	}
	return pages, errors.Join(errs...)
}

// SearchIndex is the folder of the site's search index (internal/search).
const SearchIndex = "search-index"

// reserved are the first parts of the addresses the site's own kinds of
// page and its search index use; a page of the archive may not take one,
// nor the name of a sitemap file (isReserved).
var reserved = []string{strings.TrimSuffix(articlesDir, "/"), strings.TrimSuffix(tagsDir, "/"), "timeline", "search", SearchIndex, "404.html", "feed.xml", "robots.txt", "CNAME", ".nojekyll"}

// isReserved reports whether name, the first part of an address, is the
// site's own: one of reserved, or one of the sitemap's files, the parts
// included, which a large enough site writes.
func isReserved(name string) bool { return slices.Contains(reserved, name) || sitemap.Taken(name) }

// Attach adds the archive's own pages and every redirect to the site:
// each alias an article or page lists, and the first address of each
// article whose file was renamed since convert wrote it (firstNames, by
// id: the file names convert gave, without .md). It checks that no two
// things claim one address; the error names each claim's file and line.
// It is called after every Build, also on a patched site.
func (s *Site) Attach(pages []*Page, firstNames map[string]string) error {
	// claimed holds the addresses taken here; articles' and tags' own are
	// looked up in the link index, so an edit in watch mode does not map
	// every article again.
	claimed := map[string]string{} // address → what has it, for messages
	owner := func(addr string) string {
		if o := claimed[addr]; o != "" {
			return o
		}
		return s.ownerOf(addr)
	}
	var errs []error
	s.Pages = s.Pages[:0]
	for _, p := range pages {
		if isReserved(p.Name) {
			errs = append(errs, fmt.Errorf("%s: the address /%s/ belongs to the site itself; rename the file", p.path, p.Name))
			continue
		}
		claimed[p.URL()] = p.path
		links, err := s.links.resolveAll(p.path, p.refs)
		if err != nil {
			errs = append(errs, err)
		}
		p.Links = links
		s.Pages = append(s.Pages, p)
	}
	s.Redirects = s.Redirects[:0]
	claim := func(file string, al alias, to, title string) {
		from, err := address(al.path)
		if o := owner(from); err == nil && o != "" {
			err = fmt.Errorf("/%s is the address of %s", from, o)
		}
		if first, _, _ := strings.Cut(from, "/"); err == nil && sitemap.Taken(first) {
			// A redirect there would be a folder where the sitemap has,
			// or will have once the site grows, a file.
			err = fmt.Errorf("/%s belongs to the site's sitemap", from)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: aliases: %w", file, al.line, err))
			return
		}
		claimed[from] = fmt.Sprintf("%s:%d (an alias)", file, al.line)
		s.Redirects = append(s.Redirects, &Redirect{From: from, To: to, Title: title})
	}
	for _, a := range s.Articles {
		for _, al := range a.aliases {
			claim(a.Path, al, a.URL(), a.Title)
		}
	}
	for _, p := range s.Pages {
		for _, al := range p.aliases {
			claim(p.path, al, p.URL(), p.Title)
		}
	}
	// A renamed file keeps its first address, unless something else has
	// taken it since.
	for _, r := range s.renamedArticles(firstNames) {
		from := articleURL(r.first)
		if owner(from) == "" {
			claimed[from] = r.a.Path
			s.Redirects = append(s.Redirects, &Redirect{From: from, To: r.a.URL(), Title: r.a.Title})
		}
	}
	slices.SortFunc(s.Redirects, func(x, y *Redirect) int { return strings.Compare(x.From, y.From) })
	return errors.Join(errs...)
}

// renamed is an article whose file convert first gave another name.
type renamed struct {
	a     *Article
	first string
}

// renamedArticles lists the articles whose first name in firstNames is
// not their name now, in site order. The list is kept for the next call
// with the same map: a patched site keeps its articles' names and ids, so
// an edit does not look up every article again.
func (s *Site) renamedArticles(firstNames map[string]string) []renamed {
	id := reflect.ValueOf(firstNames).UnsafePointer()
	if s.renamed.of == id && s.renamed.of != nil {
		return s.renamed.list
	}
	var list []renamed
	for _, a := range s.Articles {
		if first := firstNames[a.ID]; first != "" && first != a.Name {
			list = append(list, renamed{a, first})
		}
	}
	s.renamed.of, s.renamed.list = id, list
	return list
}

// ownerOf names the article or tag whose page is at addr, or "".
func (s *Site) ownerOf(addr string) string {
	if s.links == nil {
		return ""
	}
	if name, ok := strings.CutPrefix(addr, articlesDir); ok {
		if name, ok = strings.CutSuffix(name, "/"); ok && s.links.names[name] {
			for _, a := range s.Articles {
				if a.Name == name {
					return a.Path
				}
			}
		}
	}
	if slug, ok := strings.CutPrefix(addr, tagsDir); ok {
		if slug, ok = strings.CutSuffix(slug, "/"); ok && s.links.tags[slug] {
			for _, t := range s.Tags {
				if t.Slug == slug {
					return "the tag " + t.Name
				}
			}
		}
	}
	return ""
}

// address turns an alias as written ("/articles/old/", "articles/old",
// "/old-page.html") into a path below the site root: a folder ending in
// "/", or a file ending in ".html".
func address(a string) (string, error) {
	p := strings.TrimPrefix(strings.TrimSpace(a), "/")
	if p == "" || strings.ContainsAny(p, "?#\\") || strings.Contains(p, "//") || strings.HasPrefix(a, "//") || strings.Contains(p, "://") {
		return "", fmt.Errorf("%q is not an address on this site (write it like /articles/old-name/)", a)
	}
	for _, part := range strings.Split(strings.TrimSuffix(p, "/"), "/") {
		if part == "." || part == ".." || strings.HasPrefix(part, ".") {
			return "", fmt.Errorf("%q is not an address on this site (write it like /articles/old-name/)", a)
		}
	}
	if !strings.HasSuffix(p, "/") && !strings.HasSuffix(p, ".html") {
		p += "/"
	}
	return p, nil
}
