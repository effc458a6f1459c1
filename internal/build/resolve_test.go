package build

import (
	"net/url"
	"path"
	"regexp"
	"strings"
)

var linkValue = regexp.MustCompile(` (href|src|action)="([^"]*)"`)

// resolved is the page data, the file name below the output folder, with
// every href, src and action value replaced by the address a browser
// resolves it to on a site at basePath ("/archive/"), as a path from the
// host's root: what a reader reaches by the link, however it is written.
// Fragments alone and full URLs are left as they are.
func resolved(basePath, name, data string) string {
	dir := path.Dir(name) + "/"
	if dir == "./" {
		dir = ""
	}
	page := &url.URL{Scheme: "https", Host: "example.org", Path: basePath + dir}
	return linkValue.ReplaceAllStringFunc(data, func(m string) string {
		sub := linkValue.FindStringSubmatch(m)
		v := sub[2]
		u, err := url.Parse(strings.ReplaceAll(v, "&amp;", "&"))
		if err != nil || v == "" || strings.HasPrefix(v, "#") || u.Scheme != "" || u.Host != "" {
			return m
		}
		t := page.ResolveReference(u)
		t.Scheme, t.Host = "", ""
		return ` ` + sub[1] + `="` + strings.ReplaceAll(t.String(), "&", "&amp;") + `"`
	})
}

// resolvedTree is readTree with every HTML file resolved.
func resolvedTree(tree map[string]string, basePath string) map[string]string {
	out := make(map[string]string, len(tree))
	for name, data := range tree {
		if strings.HasSuffix(name, ".html") {
			data = resolved(basePath, name, data)
		}
		out[name] = data
	}
	return out
}
