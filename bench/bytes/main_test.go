package main

import (
	"testing"
	"testing/fstest"
)

const page = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>T · Site</title>
<meta name="description" content="D">
<meta property="og:title" content="T">
<link rel="canonical" href="https://example.org/articles/t/">
<link rel="stylesheet" href="../../css/site.css?v=1">
<script type="application/ld+json">{"@type":"NewsArticle"}</script>
</head>
<body class="kind-article">
<a class="skip" href="#main">Skip to content</a>
<header class="site-header"><a href="../../">Site</a></header>
<main id="main">
<article class="article">
<header>
<h1>T</h1>
<p class="meta"><time datetime="2021-03-04">4 March 2021</time></p>
<p class="meta">Tags: <span class="tags"><a href="../../tags/iraq/">Iraq</a></span></p>
</header>
<div class="body">
<p>Words.</p>
</div>
</article>
<section class="related"><h2>Related articles</h2><ol class="articles entries"><li><a href="../b/">B</a></li></ol></section>
</main>
<footer class="site-footer"><p>F</p></footer>
</body>
</html>
`

// The parts of a page add up to its bytes, each element where the rules
// put it.
func TestPageParts(t *testing.T) {
	parts := pageParts([]byte(page), false)
	var sum int64
	for _, n := range parts {
		sum += n
	}
	if sum != int64(len(page)) {
		t.Errorf("parts add up to %d bytes, the page is %d: %v", sum, len(page), parts)
	}
	for part, want := range map[string]int64{
		"body text":    int64(len("<div class=\"body\">\n<p>Words.</p>\n</div>")),
		"date line":    int64(len(`<p class="meta"><time datetime="2021-03-04">4 March 2021</time></p>`)),
		"related list": int64(len(`<section class="related"><h2>Related articles</h2><ol class="articles entries"><li><a href="../b/">B</a></li></ol></section>`)),
	} {
		if parts[part] != want {
			t.Errorf("%s: %d bytes, want %d", part, parts[part], want)
		}
	}
	if parts["tags"] == 0 || parts["head: JSON-LD"] == 0 || parts["site header and navigation"] == 0 {
		t.Errorf("a part is missing: %v", parts)
	}
}

// Kinds of file add up to the site, and only article pages count as
// articles.
func TestMeasure(t *testing.T) {
	fsys := fstest.MapFS{
		"articles/t/index.html":   {Data: []byte(page)},
		"articles/old/index.html": {Data: []byte(`<meta http-equiv="refresh" content="0; url=../t/">`)},
		"tags/iraq/index.html":    {Data: []byte(`<ol class="entries"><li>x</li></ol>`)},
		"sitemap.xml":             {Data: []byte("<urlset/>")},
	}
	m, err := measure(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if m.articles != 1 || m.files["redirects"].files != 1 || m.files["tag list pages"].bytes != 35 || m.tagParts["list entries"].bytes != 35 {
		t.Errorf("articles %d, files %v, tag parts %v", m.articles, m.files, m.tagParts)
	}
	var sum int64
	for _, k := range m.files {
		sum += k.bytes
	}
	if sum != m.total {
		t.Errorf("kinds add up to %d, the site is %d", sum, m.total)
	}
}
