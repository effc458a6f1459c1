package render

import (
	"bytes"
	"path"
	"strings"
)

// relative rewrites a page's links to the site's own files, as url makes
// them (the base path and a path below the root: /archive/tags/iraq/), to
// be relative to the page's own folder (../../tags/iraq/ from an
// article), wherever that is shorter. A project site's base path is
// otherwise written into every one of a page's 20 to 40 links. Only the
// values of href, src and action attributes are rewritten: html/template
// writes every attribute in double quotes and escapes a quote everywhere
// else, so `href="/` starts nothing but an attribute. page is the page's
// file below the output folder.
//
// The 404 page is not rewritten: the host serves it at every missing
// address, where a relative link would lead elsewhere.
func (r *Renderer) relative(page string, b []byte) []byte {
	if page == "404.html" {
		return b
	}
	dir := path.Dir(page) + "/"
	if dir == "./" {
		dir = ""
	}
	// Each link is rewritten only when shorter, so b is rewritten in
	// place: b[:w] is done, and reading is always at w or after.
	w, read := 0, 0
	mark := []byte(`="` + r.base)
	var scratch [256]byte
	for i := 0; ; {
		j := bytes.Index(b[i:], mark)
		if j < 0 {
			break
		}
		at := i + j + 2 // the value's start
		i = at + len(r.base)
		if !linkAttr(b[:at-2]) || bytes.HasPrefix(b[at:], []byte("//")) {
			continue
		}
		end := bytes.IndexByte(b[at:], '"')
		if end < 0 {
			break
		}
		root := b[at : at+end]
		rel := appendRelative(scratch[:0], dir, root[len(r.base):])
		if len(rel) >= len(root) {
			continue
		}
		w += copy(b[w:], b[read:at])
		w += copy(b[w:], rel)
		read = at + end
		i = read
	}
	if read == 0 {
		return b
	}
	w += copy(b[w:], b[read:])
	return b[:w]
}

// linkAttr says whether b ends with the name of an attribute that holds a
// link: href, src or action, after a space.
func linkAttr(b []byte) bool {
	for _, name := range []string{" href", " src", " action"} {
		if bytes.HasSuffix(b, []byte(name)) {
			return true
		}
	}
	return false
}

// relativeTo is the address of target, a file or folder below the site
// root ("tags/iraq/", "css/site.css?v=1", "articles/a/#notes"), from a page
// in the folder dir ("articles/b/", or "" for the root): "../../tags/iraq/".
func relativeTo(dir, target string) string {
	return string(appendRelative(nil, dir, []byte(target)))
}

// appendRelative adds relativeTo(dir, target) to dst.
func appendRelative(dst []byte, dir string, target []byte) []byte {
	end := bytes.IndexAny(target, "?#")
	if end < 0 {
		end = len(target)
	}
	// The folders dir and target share, whole.
	same := 0
	for {
		k := strings.IndexByte(dir[same:], '/')
		if k < 0 || same+k+1 > end || string(target[:same+k+1]) != dir[:same+k+1] {
			break
		}
		same += k + 1
	}
	start := len(dst)
	for range strings.Count(dir[same:], "/") {
		dst = append(dst, "../"...)
	}
	dst = append(dst, target[same:]...)
	rel := dst[start:]
	first, _, _ := bytes.Cut(rel, []byte("/"))
	switch {
	case len(rel) == 0:
		return append(dst, "./"...)
	case rel[0] == '?', bytes.IndexByte(first, ':') >= 0:
		// "?v=1" alone would keep the page's file name, which a folder's
		// address does not have; "a:b/" would read as a scheme.
		return append(append(dst[:start], "./"...), target[same:]...)
	}
	return dst
}
