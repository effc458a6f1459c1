package render

import (
	"slices"
	"strings"
	"time"

	"briefing/internal/plural"
	"briefing/internal/site"
	"briefing/internal/taxonomy"
)

// cut shortens plain text to at most about n bytes, at a word: search
// engines show some 150 characters of a description.
func cut(s string, n int) string {
	s = strings.TrimSuffix(s, " …")
	if len(s) <= n {
		return s
	}
	i := strings.LastIndexByte(s[:n], ' ')
	if i < n/2 {
		i = n
	}
	return strings.ToValidUTF8(s[:i], "") + " …"
}

// tagLine is a tag's one line: what kind of tag it is, how many articles
// it has and since when.
func tagLine(t *site.Tag, arts []*site.Entry) string {
	line := taxonomy.KindName(t.Kind, false) + " · " + plural.Count(len(arts), "article")
	var first time.Time
	for _, a := range arts {
		if a.Dated() && (first.IsZero() || a.Date.Before(first)) {
			first = a.Date
		}
	}
	if !first.IsZero() {
		line += " since " + first.Format("January 2006")
	}
	return line
}

// TagGroup is the tags of one kind.
type TagGroup struct {
	Kind, Name string
	Tags       []TagCount
}

// tagGroups are tags by kind, in the taxonomy's order of kinds and then
// editors' tags and any other kind; within a kind, by name.
func tagGroups(tags []TagCount) []TagGroup {
	byKind := map[string][]TagCount{}
	for _, t := range tags {
		byKind[t.Kind] = append(byKind[t.Kind], t)
	}
	order := append(slices.Clone(taxonomy.Kinds), "editor")
	for k := range byKind {
		if !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	slices.Sort(order[len(taxonomy.Kinds)+1:])
	var out []TagGroup
	for _, k := range order {
		ts := byKind[k]
		if len(ts) == 0 {
			continue
		}
		slices.SortStableFunc(ts, func(x, y TagCount) int { return strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)) })
		out = append(out, TagGroup{Kind: k, Name: taxonomy.KindName(k, true), Tags: ts})
	}
	return out
}

// tagMonths counts articles per month, newest month first, as Chart
// wants them; arts are newest first.
func tagMonths(arts []*site.Entry) []MonthCount {
	var out []MonthCount
	for _, a := range arts {
		if !a.Dated() {
			continue
		}
		y, m := a.Date.Year(), a.Date.Month()
		if n := len(out); n > 0 && out[n-1].Year == y && out[n-1].Month == m {
			out[n-1].Count++
			continue
		}
		out = append(out, MonthCount{Year: y, Month: m, Count: 1})
	}
	return out
}

// thing is a schema.org thing with a type, a name and an address.
type thing struct {
	Type string `json:"@type"`
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
}

// newsArticle holds what the page's other tags do not already say: its
// address is the canonical link's and its language the page's, so
// neither is repeated here.
type newsArticle struct {
	Context       string   `json:"@context"`
	Type          string   `json:"@type"`
	Headline      string   `json:"headline"`
	DatePublished string   `json:"datePublished,omitempty"`
	DateModified  string   `json:"dateModified,omitempty"`
	Keywords      []string `json:"keywords,omitempty"`
	Free          bool     `json:"isAccessibleForFree"`
	Publisher     thing    `json:"publisher"`
}

type searchAction struct {
	Type   string `json:"@type"`
	Target string `json:"target"`
	Query  string `json:"query-input"`
}

type webSite struct {
	Context     string       `json:"@context"`
	Type        string       `json:"@type"`
	Name        string       `json:"name"`
	Description string       `json:"description,omitempty"`
	URL         string       `json:"url"`
	InLanguage  string       `json:"inLanguage"`
	Action      searchAction `json:"potentialAction"`
}

// linkedData is the page's schema.org description (JSON-LD), or nil: a
// NewsArticle for an article (headline, dates, tags as keywords, free to
// read, the archive as publisher; the date modified only when a note is
// later than the article), a WebSite with its search for the home page.
// The template writes it into a script element, where html/template
// encodes it as JSON that cannot end the element.
func (r *Renderer) linkedData(data any) (any, error) {
	switch d := data.(type) {
	case *ArticlePage:
		a := d.Article
		// The page's description is in its meta tags already: a page
		// carries it once more, not twice.
		ld := newsArticle{
			Context: "https://schema.org", Type: "NewsArticle",
			Headline: a.Title, Free: true,
			Publisher: thing{Type: "Organization", Name: r.cfg.Title, URL: r.abs("")},
		}
		if a.Dated() {
			ld.DatePublished = a.Date.Format(time.DateOnly)
			modified := a.Date
			for _, n := range a.Notes {
				if n.Date.After(modified) {
					modified = n.Date
				}
			}
			if modified.After(a.Date) { // else it is datePublished
				ld.DateModified = modified.Format(time.DateOnly)
			}
		}
		for _, t := range a.Tags {
			ld.Keywords = append(ld.Keywords, t.Name)
		}
		return ld, nil
	case *HomePage:
		return webSite{
			Context: "https://schema.org", Type: "WebSite",
			Name: r.cfg.Title, Description: r.cfg.Description, URL: r.abs(""), InLanguage: r.cfg.Language,
			Action: searchAction{Type: "SearchAction", Target: r.abs("search/") + "?q={search_term_string}", Query: "required name=search_term_string"},
		}, nil
	}
	return nil, nil
}
