package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"briefing/internal/site"
)

// searchQueries are the searches whose downloads are measured: a word
// every corpus names often, a tag word it names rarely, and two words,
// each alone and within one year.
var searchQueries = []struct{ what, query string }{
	{"common word", "q=Baghdad"},
	{"rare word", "q=Gazan"},
	{"two words", "q=Baghdad+talks"},
	{"common word, one year", "q=Baghdad&year=2021"},
	{"rare word, one year", "q=Gazan&year=2021"},
	{"two words, one year", "q=Baghdad+talks&year=2021"},
}

// indexLine is the build's line about the search index it wrote.
var indexLine = regexp.MustCompile(`(?m)^search: .* in (\d+) ms \(CPU (\d+) ms\)$`)

// indexRuns picks the search index's share out of the build runs: the
// index is written by the build, in the same process, so its wall and CPU
// time are the build's line about it and its memory is within the
// build's.
func indexRuns(runs []sample) (stats, string) {
	var ss []sample
	line := ""
	for _, s := range runs {
		m := indexLine.FindStringSubmatch(s.stdout)
		if m == nil {
			continue
		}
		ms, _ := strconv.Atoi(m[1])
		cpu, _ := strconv.Atoi(m[2])
		ss = append(ss, sample{wall: time.Duration(ms) * time.Millisecond, cpu: time.Duration(cpu) * time.Millisecond, maxRSS: s.maxRSS})
		line = m[0]
	}
	return summarize(ss), line
}

// query is what searchbytes.mjs says of one search.
type query struct {
	what                                         string
	Query                                        string
	Requests, Bytes, Index, IndexRequests, Pages int
	Scripts, Page, Results                       int
	Status                                       string
}

// search measures the built site's search index: its size, and what a
// browser downloads for each of searchQueries.
func (b *bench) search(c *corpus) {
	r := &b.r
	r.indexFiles, r.indexBytes, _ = tree(filepath.Join(c.public, site.SearchIndex))
	if r.indexFiles == 0 {
		r.searchNote = "n/a: the build wrote no search index"
		return
	}
	r.siteFiles, r.siteBytes, _ = tree(c.public)
	if _, err := os.Stat("e2e/node_modules/playwright-core"); err != nil {
		r.queryNote = "n/a: the browser tests' packages are not installed (make test-e2e installs them)"
		return
	}
	step("searching the %d-article site in Chromium", c.n)
	args := []string{"bench/searchbytes.mjs", c.public}
	for _, q := range searchQueries {
		args = append(args, q.query)
	}
	out, err := b.cmd("node", args...)
	if err != nil {
		r.queryNote = "n/a: the browser search failed"
		warn("%v", err)
		return
	}
	sc := bufio.NewScanner(strings.NewReader(out.stdout))
	for i := 0; sc.Scan() && i < len(searchQueries); i++ {
		var q query
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			r.queryNote = "n/a: " + err.Error()
			return
		}
		q.what = searchQueries[i].what
		r.queries = append(r.queries, q)
	}
}

// String is a query's row: what came over the wire, by kind.
func (q query) String() string {
	return fmt.Sprintf("%s: index %s in %d requests, articles' pages %s, scripts %s, search page %s; %d requests; %s",
		size(int64(q.Bytes)), size(int64(q.Index)), q.IndexRequests, size(int64(q.Pages)), size(int64(q.Scripts)), size(int64(q.Page)), q.Requests, q.Status)
}
