// Package sitemap holds what the sitemaps protocol (sitemaps.org) and the
// site agree on about the sitemap files: how much one file may hold, and
// what the files are called. The render package writes them, the check
// reads them, and the site keeps their names free of the archive's own
// pages.
//
// A site whose addresses fit one file has a single sitemap.xml, a
// <urlset>. Above MaxURLs addresses or MaxBytes bytes, sitemap.xml is a
// sitemap index (<sitemapindex>) that lists the parts, sitemap-1.xml,
// sitemap-2.xml and on, each a <urlset> within both limits; robots.txt
// names sitemap.xml either way.
package sitemap

import (
	"strconv"
	"strings"
)

const (
	// MaxURLs is the most addresses one sitemap file may list.
	MaxURLs = 50_000
	// MaxBytes is the largest a sitemap file may be, uncompressed: 50 MiB,
	// as the protocol states it (52,428,800 bytes).
	MaxBytes = 50 << 20
	// Name is the sitemap's file name, at the site root: the one sitemap,
	// or the index of its parts.
	Name = "sitemap.xml"
	// Namespace is the XML namespace of sitemaps and sitemap indexes.
	Namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
)

// Part is the file name of the sitemap's part n, counted from 1.
func Part(n int) string { return partPrefix + strconv.Itoa(n) + partSuffix }

const partPrefix, partSuffix = "sitemap-", ".xml"

// IsPart reports whether name is the file name of a part: sitemap-N.xml,
// N a number from 1 written without leading zeros, as Part writes it.
func IsPart(name string) bool {
	n, ok := strings.CutPrefix(name, partPrefix)
	if !ok {
		return false
	}
	if n, ok = strings.CutSuffix(n, partSuffix); !ok || n == "" || n[0] == '0' {
		return false
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Taken reports whether name, a first segment of an address, is one of
// the sitemap's files, whichever the site has now: a page of the
// archive named so would collide with it when the site grows.
func Taken(name string) bool { return name == Name || IsPart(name) }
