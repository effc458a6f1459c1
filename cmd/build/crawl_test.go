package main

import (
	"bytes"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"briefing/internal/check"

	"golang.org/x/net/html"
)

// TestCrawlSeedSite builds the seed site with the command, serves it with
// a plain static file server, at a subpath as GitHub Pages serves a
// project site and at the root as it serves a user site or a custom
// domain, and follows every link from the home page like a visitor would.
// Every page must be reached, no link may be broken or leave the subpath,
// and `check` must agree that nothing is wrong.
func TestCrawlSeedSite(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	// The command reads templates/, static/ and taxonomy.yaml from the
	// project folder it runs in; everything it writes goes to tmp.
	t.Chdir(root)
	tmp := t.TempDir()

	// Convert the seeds over a copy of the committed content, so the test
	// builds what a deploy would publish and leaves the work tree alone.
	content := filepath.Join(tmp, "content")
	if err := os.CopyFS(content, os.DirFS(filepath.Join(root, "content"))); err != nil {
		t.Fatal(err)
	}
	command(t, "convert", "-content", content)

	for _, tc := range []struct {
		name, prefix string
		settings     string // appended to site.yaml
	}{
		// Two articles a page and a timeline split by year, so pagers
		// and year pages are crawled too.
		{"subpath", "/briefing-archive/", "per_page: 2\ntimeline_split: 3\n"},
		{"root", "/", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(tmp, "out-"+tc.name)
			files := http.FileServer(http.Dir(out))
			mux := http.NewServeMux()
			mux.Handle(tc.prefix, http.StripPrefix(strings.TrimSuffix(tc.prefix, "/"), files))
			srv := httptest.NewServer(mux)
			defer srv.Close()
			base := srv.URL + tc.prefix

			cfg := filepath.Join(tmp, "site-"+tc.name+".yaml")
			writeConfig(t, filepath.Join(root, "site.yaml"), cfg, tc.settings)
			command(t, "-config", cfg, "-content", content, "-out", out, "-base-url", base)

			c := crawl(t, srv.Client(), base)
			t.Logf("%s: %d pages and %d other files fetched, %d links followed, %d external links not followed",
				base, len(c.pages), c.fetched-len(c.pages), c.links, c.external)
			for _, e := range c.errs {
				t.Error(e)
			}
			err := fs.WalkDir(os.DirFS(out), ".", func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || p == "404.html" {
					return err
				}
				if _, ok := c.pages[p]; !ok {
					t.Errorf("%s: no link leads to this page", p)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(c.pages) < 10 {
				t.Errorf("only %d pages crawled", len(c.pages))
			}

			rep, err := check.Site(os.DirFS(out), base, check.Limit)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range rep.Problems {
				t.Errorf("check: %s", p)
			}
			if rep.Pages != len(c.pages)+1 {
				t.Errorf("check read %d pages, the crawl reached %d and 404.html", rep.Pages, len(c.pages))
			}

			// The command passes, and fails for a site built for another address.
			var stdout, stderr bytes.Buffer
			err = run([]string{"check", "-out", out, "-base-url", base}, &stdout, &stderr)
			if err != nil || !strings.HasPrefix(stdout.String(), "check: ") || !strings.Contains(stdout.String(), " 0 problems,") {
				t.Errorf("build check: %v\n%s%s", err, stdout.String(), stderr.String())
			}
			stdout.Reset()
			if err := run([]string{"check", "-out", out, "-base-url", srv.URL + "/elsewhere/"}, &stdout, &stderr); err == nil {
				t.Errorf("build check passed a site built for %s as one for %s/elsewhere/:\n%s", base, srv.URL, stdout.String())
			}
		})
	}
}

// command runs the command with args, as the shell would, and fails the
// test with its output if it fails.
func command(t *testing.T, args ...string) {
	t.Helper()
	var out bytes.Buffer
	if err := run(args, &out, &out); err != nil {
		t.Fatalf("build %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
}

// writeConfig writes the site file from with settings in place of its own.
func writeConfig(t *testing.T, from, to, settings string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(string(data), "\n") {
		key, _, _ := strings.Cut(line, ":")
		if !strings.Contains(settings, key+":") {
			b.WriteString(line)
		}
	}
	b.WriteString("\n" + settings)
	if err := os.WriteFile(to, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

type crawler struct {
	client *http.Client
	base   *url.URL
	pages  map[string]map[string]bool // HTML file below the site root → its ids
	seen   map[string]bool            // URLs queued, without fragment
	queue  []*url.URL
	frags  []wantID
	errs   []string

	fetched, links, external int
}

type wantID struct{ from, ref, page, id string }

// crawl follows every link of the site at base, starting at its home page.
// Its HTML parser and link rules are its own, not package check's, so the
// two can catch each other's mistakes.
func crawl(t *testing.T, client *http.Client, base string) *crawler {
	b, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	c := &crawler{base: b, pages: map[string]map[string]bool{}, seen: map[string]bool{base: true}, queue: []*url.URL{b}}
	cl := *client
	cl.Timeout = 10 * time.Second
	cl.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !strings.HasPrefix(req.URL.Path, b.Path) {
			c.errs = append(c.errs, via[0].URL.String()+": redirected out of "+b.Path+" to "+req.URL.String())
		}
		return nil
	}
	c.client = &cl
	for len(c.queue) > 0 {
		if c.fetched >= 10000 {
			t.Fatal("over 10000 requests: is the crawl going round in circles?")
		}
		u := c.queue[0]
		c.queue = c.queue[1:]
		c.fetch(u)
	}
	for _, f := range c.frags {
		if ids, ok := c.pages[f.page]; ok && !ids[f.id] && f.id != "top" {
			c.errs = append(c.errs, f.from+": link "+f.ref+": no id "+f.id+" on "+f.page)
		}
	}
	slices.Sort(c.errs)
	return c
}

// file maps a URL of the site to its file below the site root.
func (c *crawler) file(u *url.URL) string {
	p := strings.TrimPrefix(u.Path, c.base.Path)
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

func (c *crawler) fetch(u *url.URL) {
	c.fetched++
	resp, err := c.client.Get(u.String())
	if err != nil {
		c.errs = append(c.errs, err.Error())
		return
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		c.errs = append(c.errs, u.String()+": "+err.Error())
		return
	}
	if resp.StatusCode != http.StatusOK {
		c.errs = append(c.errs, u.String()+": "+resp.Status)
		return
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		return
	}
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		c.errs = append(c.errs, u.String()+": "+err.Error())
		return
	}
	at := resp.Request.URL // after redirects
	ids := map[string]bool{}
	c.pages[c.file(at)] = ids
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			switch {
			case a.Key == "id" || (a.Key == "name" && n.Data == "a"):
				ids[a.Val] = true
			case a.Key == "href" && (n.Data == "a" || n.Data == "link"),
				a.Key == "src" && slices.Contains([]string{"img", "script", "iframe", "source"}, n.Data):
				c.follow(at, a.Val)
			case a.Key == "srcset":
				for cand := range strings.SplitSeq(a.Val, ",") {
					if f := strings.Fields(cand); len(f) > 0 {
						c.follow(at, f[0])
					}
				}
			}
		}
	}
}

func (c *crawler) follow(page *url.URL, ref string) {
	r, err := url.Parse(ref)
	if err != nil {
		c.errs = append(c.errs, page.String()+": bad link "+ref)
		return
	}
	u := page.ResolveReference(r)
	if u.Host != c.base.Host {
		c.external++
		return
	}
	c.links++
	if !strings.HasPrefix(u.Path, c.base.Path) {
		c.errs = append(c.errs, page.String()+": link "+ref+" leaves "+c.base.Path)
		return
	}
	if u.Fragment != "" && path.Ext(c.file(u)) == ".html" {
		c.frags = append(c.frags, wantID{from: page.String(), ref: ref, page: c.file(u), id: u.Fragment})
	}
	u.Fragment = ""
	if !c.seen[u.String()] {
		c.seen[u.String()] = true
		c.queue = append(c.queue, u)
	}
}
