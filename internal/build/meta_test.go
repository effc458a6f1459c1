package build

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"briefing/internal/testsite"
)

// head reads a page's head: its meta tags by name or property, its
// canonical link and the text of each JSON-LD script.
func head(t *testing.T, path string) (meta map[string][]string, canonical string, ld []string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	meta = map[string][]string{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			switch {
			case n.Data == "meta" && attr["name"] != "":
				meta[attr["name"]] = append(meta[attr["name"]], attr["content"])
			case n.Data == "meta" && attr["property"] != "":
				meta[attr["property"]] = append(meta[attr["property"]], attr["content"])
			case n.Data == "link" && attr["rel"] == "canonical":
				canonical = attr["href"]
			case n.Data == "script" && attr["type"] == "application/ld+json" && n.FirstChild != nil:
				ld = append(ld, n.FirstChild.Data)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return meta, canonical, ld
}

const hostile = `Talks </script><script>alert(1)</script> & "quotes"`

func metaSite(t *testing.T) string {
	t.Helper()
	dir := testsite.New(t)
	testsite.Write(t, dir, "site.yaml", "title: Desk Archive\nbase_url: https://o.github.io/repo/\n")
	testsite.Write(t, dir, "content/talks.md", testsite.Article(hostile, "2021-03-04",
		"Baghdad and Washington *resumed* talks on Iraq, [said](https://example.org) an Iraqi official.\n\nMore on Iraq."))
	testsite.Write(t, dir, "content/summed.md", "---\nid: s1\ntitle: Summed\nsummary: \"One line, no markup.\"\nsources: [t.txt:1]\n---\nText.\n")
	testsite.Write(t, dir, "content/noted.md", "---\nid: n1\ntitle: Noted\ndate: \"2021-03-04\"\nsources: [t.txt:2]\nnotes:\n  - by: Desk\n    date: \"2022-01-02\"\n    text: Later.\n---\nText.\n")
	return dir
}

// Each article's head describes it for sharing and indexing, and its
// JSON-LD is one NewsArticle whatever its title holds.
func TestArticleMetadata(t *testing.T) {
	out, _ := buildSite(t, metaSite(t), nil)
	meta, canonical, ld := head(t, filepath.Join(out, "articles/talks/index.html"))
	if want := "https://o.github.io/repo/articles/talks/"; canonical != want {
		t.Errorf("canonical = %q, want %q", canonical, want)
	}
	desc := meta["description"]
	if len(desc) != 1 || !strings.HasPrefix(desc[0], "Baghdad and Washington resumed talks on Iraq, said an Iraqi official. More on Iraq.") {
		t.Errorf("description = %q, want the lead as plain text", desc)
	}
	for _, k := range []string{"og:title", "og:description", "og:url", "og:type", "og:site_name", "twitter:card", "article:published_time"} {
		if len(meta[k]) != 1 || meta[k][0] == "" {
			t.Errorf("meta %s = %q, want one value", k, meta[k])
		}
	}
	if meta["og:title"][0] != hostile || meta["og:type"][0] != "article" {
		t.Errorf("og:title %q, og:type %q", meta["og:title"], meta["og:type"])
	}
	if len(ld) != 1 {
		t.Fatalf("%d JSON-LD scripts, want 1: the title broke out of it? %q", len(ld), ld)
	}
	if strings.Contains(ld[0], "</") {
		t.Errorf("JSON-LD holds a closing tag: %s", ld[0])
	}
	var a struct {
		Context       string   `json:"@context"`
		Type          string   `json:"@type"`
		Headline      string   `json:"headline"`
		Description   string   `json:"description"`
		DatePublished string   `json:"datePublished"`
		Keywords      []string `json:"keywords"`
		Free          *bool    `json:"isAccessibleForFree"`
		Publisher     struct {
			Type string `json:"@type"`
			Name string `json:"name"`
		} `json:"publisher"`
	}
	if err := json.Unmarshal([]byte(ld[0]), &a); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, ld[0])
	}
	if a.Context != "https://schema.org" || a.Type != "NewsArticle" || a.Headline != hostile || a.DatePublished != "2021-03-04" ||
		a.Free == nil || !*a.Free || a.Publisher.Type != "Organization" || a.Publisher.Name != "Desk Archive" {
		t.Errorf("JSON-LD = %+v", a)
	}
	if strings.Join(a.Keywords, ",") != "Iraq" {
		t.Errorf("keywords = %q, want the article's tags", a.Keywords)
	}
	if strings.ContainsAny(desc[0], "<>") || len(desc[0]) > 170 {
		t.Errorf("description %q: want plain text, as long as search engines show", desc[0])
	}
	// No text field carries markup: the body's emphasis and link are
	// words, not tags.
	var all map[string]any
	if err := json.Unmarshal([]byte(ld[0]), &all); err != nil {
		t.Fatal(err)
	}
	var texts func(v any)
	texts = func(v any) {
		switch v := v.(type) {
		case string:
			if v != hostile && strings.ContainsAny(v, "<>") {
				t.Errorf("JSON-LD text %q holds markup", v)
			}
		case []any:
			for _, x := range v {
				texts(x)
			}
		case map[string]any:
			for _, x := range v {
				texts(x)
			}
		}
	}
	texts(all)

	if strings.Contains(ld[0], "dateModified") {
		t.Errorf("an article no note has changed since has a dateModified: %s", ld[0])
	}
	if _, _, ld := head(t, filepath.Join(out, "articles/noted/index.html")); len(ld) != 1 || !strings.Contains(ld[0], `"dateModified":"2022-01-02"`) {
		t.Errorf("an article with a later note does not say it was modified then: %q", ld)
	}

	meta, _, _ = head(t, filepath.Join(out, "articles/summed/index.html"))
	if got := meta["description"]; len(got) != 1 || got[0] != "One line, no markup." {
		t.Errorf("a summary's article has description %q, want its summary", got)
	}
}

// The home page says what the site is, and how to search it.
func TestHomeMetadata(t *testing.T) {
	out, _ := buildSite(t, metaSite(t), nil)
	_, canonical, ld := head(t, filepath.Join(out, "index.html"))
	if len(ld) != 1 {
		t.Fatalf("%d JSON-LD scripts on the home page, want 1", len(ld))
	}
	var w struct {
		Type, Name, URL string
		Action          struct {
			Type   string `json:"@type"`
			Target string `json:"target"`
			Query  string `json:"query-input"`
		} `json:"potentialAction"`
	}
	if err := json.Unmarshal([]byte(strings.Replace(ld[0], `"@type"`, `"type"`, 1)), &w); err != nil {
		t.Fatal(err)
	}
	if w.Type != "WebSite" || w.Name != "Desk Archive" || w.URL != canonical ||
		w.Action.Type != "SearchAction" || w.Action.Target != "https://o.github.io/repo/search/?q={search_term_string}" || w.Action.Query != "required name=search_term_string" {
		t.Errorf("home JSON-LD = %+v", w)
	}
}
