// Package search writes the site's static search index: a folder of small
// files from which the search page (static/js/search.js) answers a query
// in the browser, with no server, downloading only what that query needs.
//
// The index is made from the site model (internal/site), the same one the
// pages are rendered from, so what is an article and what is hidden is
// decided in one place: every published article is indexed, a draft never.
// A full build writes it into the fresh output folder before that folder is
// swapped in, so the pages and the index never disagree.
//
// # Words
//
// A word is a run of Unicode letters, digits and marks, in lower case, with
// the marks that sit on a letter (accents) dropped after canonical
// decomposition, and final sigma written as sigma: "Café" and "cafe" are
// one word, "Iraq’s" is "iraq" and "s". words.go and the browser's
// words.js implement it; testdata/words.json holds both to the same
// answers. A query word of PrefixMin letters or more also finds the words
// it begins ("elect" finds "election" and "elections"); a shorter one
// only itself.
//
// An article's words are those of its title, tags, caption, summary, text
// and editors' notes. Each posting carries a rank: 3 when the word is in
// the title or a tag, else 0, 1 or 2 as it occurs once, two or three
// times, or more often in the rest.
//
// # Documents
//
// Articles are numbered in date order: undated ones first, then the dated
// from oldest to newest, so "oldest first" is ascending numbers, "newest
// first" descending ones, and a year is a range of numbers.
//
// # Files
//
// Every file but the manifest is named by a hash of its bytes (48 bits
// of its SHA-256, in URL-safe base64), so a
// browser holding one manifest never mixes files of two indexes; a file
// an update no longer needs is removed, and the page reads the manifest
// again when a file it asks for is gone.
//
//   - manifest.json: the number of documents and of undated ones, the
//     shortest prefix, the documents per block, each year's first number
//     and count, each tag's name, count and file, the first word of each
//     shard and the hashes of the shards and blocks.
//   - w<i>-<hash>.bin: shard i, the words from its first word up to the
//     next shard's, with their postings. Shards hold about ShardBytes
//     bytes, cut after a word chosen by its hash (cutAfter), so a query
//     fetches the shards of its words only and an edit changes the shards
//     of its words only.
//   - t<i>-<hash>.bin: the postings of tag i (the manifest's order), in the
//     shard format with one word, "".
//   - d<i>-<hash>.json: block i, documents i×Block to (i+1)×Block−1, each
//     [address below the site root, title, "YYYY-MM-DD" or "", [tag
//     numbers]], fetched only for the results shown. Excerpts are cut from
//     the shown articles' own pages, so the index stores no text.
//
// A shard is a header, then the postings of its words, end to end. The
// header is the count of words, then per word (sorted by their UTF-8
// bytes): the count of bytes it shares with the word before, the count of
// its other bytes, those bytes, and its postings' length in bytes times
// two, plus one when they are a bitmap. Numbers are unsigned varints
// (seven bits a byte, low first, high bit set on all but the last).
// Postings are either a list, one varint per document in ascending order,
// (gap−1)×4+rank where gap is the difference from the last document (the
// first's from −1), or, when smaller, a bitmap of every document (bit
// d%8 of byte d/8), whose documents all count as rank 0.
//
// # Watch
//
// Index keeps each article's words and the posting lists between runs,
// so an update after an edit reads only the articles that changed; when
// no article moved in the date order it rebuilds only the lists of their
// words. It rewrites only the files whose bytes changed, the manifest
// last; what it leaves is byte for byte what a full build writes.
// Background runs updates off the edit's path.
package search

import (
	"html/template"
	"slices"
	"time"

	"briefing/internal/site"
)

// Folder is the index's folder in the built site.
const Folder = site.SearchIndex

// Doc is one article as the index sees it.
type Doc struct {
	URL     string // below the site root
	Title   string
	Date    time.Time // zero when undated
	Tags    []string  // names
	Caption string
	Summary string
	Body    site.Text
	Notes   []template.HTML
}

// Docs lists the published articles of s in the index's order (undated
// first, then oldest to newest). It copies what it keeps, so s may change
// afterwards.
func Docs(s *site.Site) []Doc {
	docs := make([]Doc, len(s.Articles))
	n := len(docs)
	for i, a := range s.Articles {
		d := &docs[n-1-i]
		d.URL, d.Title, d.Date = a.URL(), a.Title, a.Date
		d.Caption, d.Summary, d.Body = a.Caption, a.Summary, a.Text()
		if len(a.Tags) > 0 {
			d.Tags = make([]string, len(a.Tags))
			for j, t := range a.Tags {
				d.Tags[j] = t.Name
			}
		}
		if len(a.Notes) > 0 {
			d.Notes = make([]template.HTML, len(a.Notes))
			for j, note := range a.Notes {
				d.Notes[j] = note.Text
			}
		}
	}
	return docs
}

// same reports whether a and b have the same words: the same text, title,
// tags, caption, summary and notes.
func same(a, b *Doc) bool {
	return a.Body == b.Body && a.Title == b.Title && a.Caption == b.Caption && a.Summary == b.Summary &&
		slices.Equal(a.Tags, b.Tags) && slices.Equal(a.Notes, b.Notes)
}
