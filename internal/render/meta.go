package render

import (
	"slices"
	"strings"
	"time"

	"briefing/internal/site"
	"briefing/internal/taxonomy"
)

// Description is the page's one-line description for search engines and
// link previews: an article's summary, or else the start of its text; a
// tag's description; the site's otherwise. It is plain text.
func (p *Page) Description() (string, error) {
	switch {
	case p.Article != nil && p.Article.Summary != "":
		return p.Article.Summary, nil
	case p.Article != nil:
		return p.Article.Lead()
	case p.Tag != nil && p.Tag.Description != "":
		return p.Tag.Description, nil
	case p.Tag != nil:
		return p.TagLine(), nil
	}
	return p.Config.Description, nil
}

// TagLine is the tag page's one line about the tag: what kind of tag it
// is, how many articles it has and since when.
func (p *Page) TagLine() string {
	t := p.Tag
	line := taxonomy.KindName(t.Kind, false) + " · " + plural(len(t.Articles), "article")
	if first := oldest(t.Articles); !first.IsZero() {
		line += " since " + first.Format("January 2006")
	}
	return line
}

func oldest(as []*site.Article) time.Time {
	var t time.Time
	for _, a := range as {
		if a.Dated() && (t.IsZero() || a.Date.Before(t)) {
			t = a.Date
		}
	}
	return t
}

// TagGroup is the tags of one kind.
type TagGroup struct {
	Kind, Name string
	Tags       []*site.Tag
}

// TagGroups are the site's tags by kind, in the taxonomy's order of kinds
// and then editors' tags; within a kind, by name.
func (p *Page) TagGroups() []TagGroup {
	byKind := map[string][]*site.Tag{}
	for _, t := range p.Site.Tags {
		byKind[t.Kind] = append(byKind[t.Kind], t)
	}
	var out []TagGroup
	for _, k := range append(slices.Clone(taxonomy.Kinds), "editor") {
		if ts := byKind[k]; len(ts) > 0 {
			slices.SortStableFunc(ts, func(x, y *site.Tag) int { return strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)) })
			out = append(out, TagGroup{Kind: k, Name: taxonomy.KindName(k, true), Tags: ts})
			delete(byKind, k)
		}
	}
	var rest []*site.Tag
	for _, t := range p.Site.Tags {
		if _, ok := byKind[t.Kind]; ok {
			rest = append(rest, t)
		}
	}
	if len(rest) > 0 {
		out = append(out, TagGroup{Kind: "other", Name: "Other tags", Tags: rest})
	}
	return out
}

// thing is a schema.org thing with a type, a name and an address.
type thing struct {
	Type string `json:"@type"`
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
}

type newsArticle struct {
	Context       string   `json:"@context"`
	Type          string   `json:"@type"`
	Headline      string   `json:"headline"`
	Description   string   `json:"description,omitempty"`
	URL           string   `json:"url"`
	MainEntity    string   `json:"mainEntityOfPage"`
	DatePublished string   `json:"datePublished,omitempty"`
	DateModified  string   `json:"dateModified,omitempty"`
	Keywords      []string `json:"keywords,omitempty"`
	Free          bool     `json:"isAccessibleForFree"`
	InLanguage    string   `json:"inLanguage"`
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
// NewsArticle for an article, a WebSite with its search for the home page.
// The template writes it into a script element, where html/template
// encodes it as JSON that cannot end the element.
func (r *Renderer) linkedData(p *Page) (any, error) {
	switch {
	case p.Article != nil:
		a := p.Article
		desc, err := p.Description()
		if err != nil {
			return nil, err
		}
		ld := newsArticle{
			Context: "https://schema.org", Type: "NewsArticle",
			Headline: a.Title, Description: desc,
			URL: r.abs(a.URL()), MainEntity: r.abs(a.URL()),
			Free: true, InLanguage: r.cfg.Language,
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
			ld.DateModified = modified.Format(time.DateOnly)
		}
		for _, t := range a.Tags {
			ld.Keywords = append(ld.Keywords, t.Name)
		}
		return ld, nil
	case p.Kind == "home":
		return webSite{
			Context: "https://schema.org", Type: "WebSite",
			Name: r.cfg.Title, Description: r.cfg.Description, URL: r.abs(""), InLanguage: r.cfg.Language,
			Action: searchAction{Type: "SearchAction", Target: r.abs("search/") + "?q={search_term_string}", Query: "required name=search_term_string"},
		}, nil
	}
	return nil, nil
}
