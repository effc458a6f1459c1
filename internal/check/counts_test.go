package check

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

// A count of one reads in the singular.
func TestReportCountsOfOne(t *testing.T) {
	r := Report{Pages: 1, Articles: 1, Links: 1, Size: 1000, Limit: 1 << 30,
		Problems: []Problem{{File: "a.html", Msg: "broken"}, {File: "b.html", Msg: "odd", Warning: true}}}
	var b bytes.Buffer
	if err := r.Write(&b, "public"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"check: 1 page, 1 link, 1 problem, 1 warning, ", "check: 1 article, "} {
		if !bytes.Contains(b.Bytes(), []byte(want)) {
			t.Errorf("no %q in\n%s", want, b.String())
		}
	}
}

// A site built for another address (a watch preview, say) is one problem
// that says so, not one per link and feed.
func TestBuiltForAnotherAddress(t *testing.T) {
	const built = "http://127.0.0.1:44529/"
	fsys := fstest.MapFS{
		"index.html": {Data: []byte(`<!DOCTYPE html><html><head><link rel="canonical" href="` + built + `"></head><body><a href="` + built + `feed.xml">feed</a></body></html>`)},
		"feed.xml":   {Data: []byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>` + built + `</id><link href="` + built + `feed.xml"/></feed>`)},
		"robots.txt": {Data: []byte("User-agent: *\nAllow: /\nSitemap: " + built + "sitemap.xml\n")},
		"sitemap.xml": {Data: []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>` + built + `</loc></url></urlset>`)},
	}
	rep, err := Site(fsys, "http://127.0.0.1:1313/", Limit)
	if err != nil {
		t.Fatal(err)
	}
	want := Problem{File: "robots.txt", Line: 3, Msg: "the site was built for " + built + " (a watch preview, or a build for another address), not for http://127.0.0.1:1313/; build it for the address you check, then check again"}
	if len(rep.Problems) != 1 || rep.Problems[0] != want {
		t.Errorf("problems:\n%v\nwant only\n%v", rep.Problems, want)
	}
	// Built for the address checked, the same site has no such problem.
	rep, err = Site(fsys, built, Limit)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		if strings.HasPrefix(p.Msg, "the site was built for") {
			t.Errorf("the site built for %s, checked for it: %v", built, p)
		}
	}
}
