package search

import (
	"bytes"
	"hash/fnv"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// PartPages is the most pages a part is planned to hold. Pagefind's memory
// (two parts are indexed at once) and the time to index one part again
// after an edit grow with it; every part adds a few small downloads to
// each query.
const PartPages = 3000

// page is one indexed page of the built site, as the index last saw it.
type page struct {
	url   string // the page's address under the site's root, e.g. /articles/x/
	month string // "YYYY-MM" of its date, or "" when undated
	year  string
	tags  []string
	key   string // the part it is in
	size  int64
	mod   time.Time
}

// Marks in a page that the index reads: the page is indexed only when it
// has data-pagefind-body; its date sort key places it in a part; its tag
// and year filters are counted for the search page's menus.
var (
	bodyMark = []byte("data-pagefind-body")
	dateMark = regexp.MustCompile(`data-pagefind-sort="date:(\d{4}-\d{2})`)
	yearMark = regexp.MustCompile(`data-pagefind-filter="year:(\d{4})"`)
	tagMark  = regexp.MustCompile(`data-pagefind-filter="tag">([^<]*)<`)
)

// readPage reads the page at rel in dir; ok is false for a page the index
// leaves out.
func readPage(dir, rel string, info fs.FileInfo) (p *page, ok bool, err error) {
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, false, err
	}
	if !bytes.Contains(data, bodyMark) {
		return nil, false, nil
	}
	p = &page{url: pageURL(rel), size: info.Size(), mod: info.ModTime()}
	// Undated articles sort as 0000-00-00, before every date.
	if m := dateMark.FindSubmatch(data); m != nil && string(m[1]) != "0000-00" {
		p.month = string(m[1])
	}
	if m := yearMark.FindSubmatch(data); m != nil {
		p.year = string(m[1])
	}
	for _, m := range tagMark.FindAllSubmatch(data, -1) {
		p.tags = append(p.tags, html.UnescapeString(string(m[1])))
	}
	return p, true, nil
}

// pageURL is the address Pagefind gives the page at rel: a folder's
// index.html is the folder.
func pageURL(rel string) string {
	if rel == "index.html" {
		return "/"
	}
	if d, ok := strings.CutSuffix(rel, "/index.html"); ok {
		return "/" + d + "/"
	}
	return "/" + rel
}

// htmlFiles calls fn for every HTML file under dir but the index's own
// folder and hidden ones, with its path relative to dir, in slashes.
func htmlFiles(dir string, fn func(rel string, info fs.FileInfo) error) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (rel == "pagefind" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".html") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return fn(rel, info)
	})
}

// rule is how pages are split into parts. Dated pages go by date: part i
// holds the months from starts[i] up to the next start, so a part is a
// stretch of the archive's time and an edit changes the part of its own
// date only. Undated pages are spread over buckets parts by a hash of
// their address. A rule is planned from the pages at a full index and kept
// while watch re-indexes parts, so pages do not move between parts.
type rule struct {
	starts  []string // "YYYY-MM", ascending
	buckets int
}

// planRule packs consecutive months into parts of at most max pages (a
// single bigger month is a part of its own) and undated pages into as many
// buckets as they need.
func planRule(pages map[string]*page, max int) rule {
	months := map[string]int{}
	undated := 0
	for _, p := range pages {
		if p.month == "" {
			undated++
		} else {
			months[p.month]++
		}
	}
	order := make([]string, 0, len(months))
	for m := range months {
		order = append(order, m)
	}
	sort.Strings(order)
	var r rule
	n := 0
	for _, m := range order {
		if len(r.starts) == 0 || n+months[m] > max {
			r.starts = append(r.starts, m)
			n = 0
		}
		n += months[m]
	}
	r.buckets = (undated + max - 1) / max
	return r
}

// key is the part the page goes in under the rule: "d" and the first
// month of a dated part, "u" and the number of an undated bucket.
func (r rule) key(p *page) string {
	if p.month == "" || len(r.starts) == 0 {
		h := fnv.New32a()
		h.Write([]byte(p.url))
		return "u" + strconv.Itoa(int(h.Sum32()%uint32(max(r.buckets, 1))))
	}
	i := sort.SearchStrings(r.starts, p.month)
	if i == len(r.starts) || r.starts[i] != p.month {
		i--
	}
	return "d" + r.starts[max(i, 0)]
}

// partInfo is one part as the search page sees it in parts.json.
type partInfo struct {
	Key   string `json:"key"`
	From  string `json:"from,omitempty"` // first and last month of a dated part
	To    string `json:"to,omitempty"`
	Pages int    `json:"pages"`
}

// manifest is parts.json: the parts to load, in date order with the
// undated last, and the counts of the filters' values for the menus.
type manifest struct {
	Parts   []partInfo                `json:"parts"`
	Filters map[string]map[string]int `json:"filters"`
}

// members groups pages by part, each part's pages sorted by address.
func members(pages map[string]*page) map[string][]string {
	m := map[string][]string{}
	for rel, p := range pages {
		m[p.key] = append(m[p.key], rel)
	}
	for _, rels := range m {
		sort.Strings(rels)
	}
	return m
}

// makeManifest describes the parts and filters of pages.
func makeManifest(pages map[string]*page) manifest {
	byKey := map[string]*partInfo{}
	man := manifest{Filters: map[string]map[string]int{"tag": {}, "year": {}}}
	for _, p := range pages {
		pi := byKey[p.key]
		if pi == nil {
			pi = &partInfo{Key: p.key}
			byKey[p.key] = pi
		}
		pi.Pages++
		if p.month != "" {
			if pi.From == "" || p.month < pi.From {
				pi.From = p.month
			}
			if p.month > pi.To {
				pi.To = p.month
			}
		}
		for _, t := range p.tags {
			man.Filters["tag"][t]++
		}
		if p.year != "" {
			man.Filters["year"][p.year]++
		}
	}
	for _, pi := range byKey {
		man.Parts = append(man.Parts, *pi)
	}
	// "d…" sorts before "u…", and dated parts by their first month.
	sort.Slice(man.Parts, func(i, j int) bool { return man.Parts[i].Key < man.Parts[j].Key })
	return man
}
