package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// searchQuery is the word searched for when counting a query's bytes: a
// tag word every corpus names often.
const searchQuery = "Baghdad"

var pagefindUse = regexp.MustCompile(`pagefind peak RSS (\d+) MB, CPU ([\d.]+) s`)

// search indexes the corpus's built site with Pagefind and measures the
// time, the index's size, and what a browser downloads for one query.
func (b *bench) search(c *corpus) {
	r := &b.r
	if _, err := os.Stat("node_modules/.bin/pagefind"); err != nil {
		r.searchNote = "n/a: Pagefind is not installed (make index installs it)"
		return
	}
	// Each run indexes the same built site again; the last one's index
	// stays for the query below.
	var samples []sample
	for i := range b.o.runs {
		step("indexing the %d-article site for search (%d of %d)", c.n, i+1, b.o.runs)
		s, err := b.cmd(build, "index", "-out", c.public)
		if err != nil {
			r.searchNote = "n/a: indexing failed"
			warn("%v", err)
			return
		}
		// Pagefind runs apart from the command (its Node driver does not
		// wait for it), so the system's figures for the command's children
		// leave it out; the command reports its peak memory and CPU time.
		if m := pagefindUse.FindStringSubmatch(s.stdout); m != nil {
			mb, _ := strconv.ParseInt(m[1], 10, 64)
			cpu, _ := strconv.ParseFloat(m[2], 64)
			s.maxRSS = max(s.maxRSS, mb<<20)
			s.cpu += time.Duration(cpu * float64(time.Second))
		}
		samples = append(samples, s)
		r.indexParts = s.stdout
	}
	r.index = summarize(samples)
	r.indexFiles, r.indexBytes, _ = tree(filepath.Join(c.public, "pagefind"))
	r.siteFiles, r.siteBytes, _ = tree(c.public)
	if _, err := os.Stat("e2e/node_modules/playwright-core"); err != nil {
		r.queryNote = "n/a: the browser tests' packages are not installed (make test-e2e installs them)"
		return
	}
	step("searching the %d-article site in Chromium", c.n)
	start := time.Now()
	out, err := b.cmd("node", "bench/searchbytes.mjs", c.public, searchQuery)
	if err != nil {
		r.queryNote = "n/a: the browser search failed"
		warn("%v", err)
		return
	}
	var q struct{ Requests, Bytes, IndexBytes, Results int }
	if err := json.Unmarshal([]byte(out.stdout), &q); err != nil {
		r.queryNote = "n/a: " + err.Error()
		return
	}
	r.queryBytes = int64(q.IndexBytes)
	r.query = fmt.Sprintf("%s from the index (%s with the page, %d requests) for %q, %d results shown, in %s",
		size(int64(q.IndexBytes)), size(int64(q.Bytes)), q.Requests, searchQuery, q.Results, dur(time.Since(start)))
}
