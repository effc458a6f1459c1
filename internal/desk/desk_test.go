package desk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"briefing/internal/content"
	"briefing/internal/desk"
	"briefing/internal/serve"
	"briefing/internal/testsite"
)

// odd is an article as an editor might have left it: comments, both list
// styles, quoting of every kind, CRLF line endings.
var odd = strings.ReplaceAll(`---
# checked by hand
id: 'abc123'   # never change
title: "Iraq talks" # from the wire
date: 2020-01-23
date_source: caption
caption: A caption (AFP)
sources: # the dumps
- 000.txt:1
review: possible duplicate of other-story
tags: [Iraq]   # mine
exclude_tags:
    - Kuwait
notes:
  - by: Dana
    date: 2026-11-01
    text: |
      Checked against *two* reports.
summary: ""
draft: false
---
Body line one.
`, "\n", "\r\n")

// preview is a running preview with editing on, over real files.
type preview struct {
	root, content, url, token string
	desk                      *desk.Desk
}

func start(t *testing.T, articles map[string]string) *preview {
	t.Helper()
	root := t.TempDir()
	p := &preview{root: root, content: filepath.Join(root, "content")}
	testsite.Write(t, root, "public/index.html", "<!DOCTYPE html><html><body><h1>Home</h1></body></html>")
	testsite.Write(t, root, "taxonomy.yaml", "tags:\n  - name: Mustafa al-Kadhimi\n    kind: person\n    words: [Kadhimi]\n")
	for name, data := range articles {
		testsite.Write(t, root, "content/"+name+".md", data)
	}
	d, err := desk.New(p.content, filepath.Join(root, "taxonomy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p.desk = d
	srv := serve.New(filepath.Join(root, "public"), "/archive/")
	srv.SetEditor(d)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- srv.Serve(ctx, l) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	p.url = "http://" + l.Addr().String()
	page := p.get(t, "/archive/", nil)
	m := regexp.MustCompile(`data-token="([0-9a-f]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the served page holds no token:\n%s", page)
	}
	p.token = m[1]
	return p
}

func (p *preview) get(t *testing.T, path string, header map[string]string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", p.url+path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
	}
	return string(body)
}

// rev is the revision the panel gets when it opens name.
func (p *preview) rev(t *testing.T, name string) string {
	t.Helper()
	var a struct{ Rev string }
	if err := json.Unmarshal([]byte(p.get(t, "/archive/.preview/desk/api/article?name="+name, map[string]string{desk.TokenHeader: p.token})), &a); err != nil {
		t.Fatal(err)
	}
	return a.Rev
}

// request is a save as the panel sends it, which a test may spoil.
type request struct {
	body    io.Reader
	header  map[string]string
	host    string
	method  string
	address string
}

func (p *preview) save(t *testing.T, edit map[string]any, spoil func(*request)) (int, string) {
	t.Helper()
	data, _ := json.Marshal(edit)
	r := &request{
		body:    bytes.NewReader(data),
		header:  map[string]string{desk.TokenHeader: p.token, "Origin": p.url, "Content-Type": "application/json"},
		method:  "POST",
		address: "/archive/.preview/desk/api/save",
	}
	if spoil != nil {
		spoil(r)
	}
	req, _ := http.NewRequest(r.method, p.url+r.address, r.body)
	for k, v := range r.header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	if r.host != "" {
		req.Host = r.host
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func ptr[T any](v T) *T { return &v }

// TestEachFieldAlone saves each field through the preview: the file then
// holds what content.Edit makes of that one change, and nothing else
// moved.
func TestEachFieldAlone(t *testing.T) {
	tests := []struct {
		name string
		edit map[string]any
		want content.Changes
	}{
		{"title", map[string]any{"title": "Iraq talks resume"}, content.Changes{Title: ptr("Iraq talks resume")}},
		{"date", map[string]any{"date": "2020-02-01"}, content.Changes{Date: ptr("2020-02-01"), DateSource: ptr("editor")}},
		{"no date", map[string]any{"date": ""}, content.Changes{Date: ptr(""), DateSource: ptr("")}},
		{"summary", map[string]any{"summary": "Talks go on."}, content.Changes{Summary: ptr("Talks go on.")}},
		{"hide", map[string]any{"draft": true}, content.Changes{Draft: ptr(true)}},
		{"tags", map[string]any{"tags": []string{"Iraq", "Mustafa al-Kadhimi"}}, content.Changes{Tags: ptr([]string{"Iraq", "Mustafa al-Kadhimi"})}},
		{"exclude tags", map[string]any{"exclude_tags": []string{"Kuwait", "Iran"}}, content.Changes{ExcludeTags: ptr([]string{"Kuwait", "Iran"})}},
		{"reviewed", map[string]any{"reviewed": true}, content.Changes{Review: ptr("")}},
		{"note", map[string]any{"note": map[string]string{"by": "Sam", "date": "2026-11-28", "text": "Second *source* found."}},
			content.Changes{AddNotes: []content.Note{{By: "Sam", Date: "2026-11-28", Text: "Second *source* found."}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := start(t, map[string]string{"iraq-talks": odd})
			tc.edit["name"], tc.edit["rev"] = "iraq-talks", p.rev(t, "iraq-talks")
			if status, body := p.save(t, tc.edit, nil); status != http.StatusOK {
				t.Fatalf("save: %d %s", status, body)
			}
			got, _ := os.ReadFile(filepath.Join(p.content, "iraq-talks.md"))
			want, err := content.Edit("content/iraq-talks.md", []byte(odd), tc.want)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("file after the save:\n%q\nwant\n%q", got, want)
			}
			if _, err := content.Parse("iraq-talks.md", got); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestChangedOnDisk: a file changed after the panel opened is not
// overwritten, and the editor is told.
func TestChangedOnDisk(t *testing.T) {
	p := start(t, map[string]string{"iraq-talks": odd})
	rev := p.rev(t, "iraq-talks")
	path := filepath.Join(p.content, "iraq-talks.md")
	changed := strings.Replace(odd, "Body line one.", "Body line one, fixed in a text editor.", 1)
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	status, body := p.save(t, map[string]any{"name": "iraq-talks", "rev": rev, "title": "Mine"}, nil)
	if status != http.StatusConflict || !strings.Contains(body, "changed on disk") || !strings.Contains(body, "nothing was saved") {
		t.Errorf("save over a changed file: %d %s", status, body)
	}
	if got, _ := os.ReadFile(path); string(got) != changed {
		t.Errorf("the file was overwritten:\n%s", got)
	}
}

// TestHostileRequests are refused and write nothing.
func TestHostileRequests(t *testing.T) {
	p := start(t, map[string]string{"iraq-talks": odd, "other": testsite.Article("Other", "", "Text.")})
	before := tree(t, p.root)
	rev := p.rev(t, "iraq-talks")
	ok := func(extra map[string]any) map[string]any {
		e := map[string]any{"name": "iraq-talks", "rev": rev}
		for k, v := range extra {
			e[k] = v
		}
		return e
	}
	note := func(text string) map[string]any {
		return ok(map[string]any{"note": map[string]string{"by": "Sam", "date": "2026-11-28", "text": text}})
	}
	tests := []struct {
		name   string
		edit   map[string]any
		spoil  func(*request)
		status int
	}{
		{"a 10 MB note", note(strings.Repeat("x", 10<<20)), nil, http.StatusRequestEntityTooLarge},
		{"a long note", note(strings.Repeat("x", 100000)), nil, http.StatusBadRequest},
		{"a path for the article", map[string]any{"name": "../../etc/passwd", "rev": rev, "title": "x"}, nil, http.StatusNotFound},
		{"a path to another file", map[string]any{"name": "../content/iraq-talks", "rev": rev, "title": "x"}, nil, http.StatusNotFound},
		{"a folder in the name", map[string]any{"name": "sub/iraq-talks", "rev": rev, "title": "x"}, nil, http.StatusNotFound},
		{"the taxonomy", map[string]any{"name": "../taxonomy", "rev": rev, "title": "x"}, nil, http.StatusNotFound},
		{"an unknown field", ok(map[string]any{"body": "new body"}), nil, http.StatusBadRequest},
		{"an owned field", ok(map[string]any{"sources": []string{"/etc/passwd"}}), nil, http.StatusBadRequest},
		{"a title on two lines", ok(map[string]any{"title": "a\nreview: x"}), nil, http.StatusBadRequest},
		{"a control character", ok(map[string]any{"summary": "a\x1b[31m"}), nil, http.StatusBadRequest},
		{"a date that is not one", ok(map[string]any{"date": "2020-13-01"}), nil, http.StatusBadRequest},
		{"a note without author", ok(map[string]any{"note": map[string]string{"date": "2026-11-28", "text": "x"}}), nil, http.StatusBadRequest},
		{"no token", ok(map[string]any{"title": "x"}), func(r *request) { r.header[desk.TokenHeader] = "" }, http.StatusForbidden},
		{"a forged token", ok(map[string]any{"title": "x"}), func(r *request) { r.header[desk.TokenHeader] = strings.Repeat("0", 64) }, http.StatusForbidden},
		{"a foreign origin", ok(map[string]any{"title": "x"}), func(r *request) { r.header["Origin"] = "http://evil.example" }, http.StatusForbidden},
		{"no origin", ok(map[string]any{"title": "x"}), func(r *request) { r.header["Origin"] = "" }, http.StatusForbidden},
		{"a null origin", ok(map[string]any{"title": "x"}), func(r *request) { r.header["Origin"] = "null" }, http.StatusForbidden},
		{"a foreign host", ok(map[string]any{"title": "x"}), func(r *request) {
			r.host = "evil.example:" + p.url[strings.LastIndex(p.url, ":")+1:]
			r.header["Origin"] = "http://" + r.host
		}, http.StatusMisdirectedRequest},
		{"a form post", ok(map[string]any{"title": "x"}), func(r *request) { r.header["Content-Type"] = "application/x-www-form-urlencoded" }, http.StatusUnsupportedMediaType},
		{"plain text", ok(map[string]any{"title": "x"}), func(r *request) { r.header["Content-Type"] = "text/plain" }, http.StatusUnsupportedMediaType},
		{"a GET", ok(map[string]any{"title": "x"}), func(r *request) { r.method = "GET" }, http.StatusMethodNotAllowed},
		{"a PUT", ok(map[string]any{"title": "x"}), func(r *request) { r.method = "PUT" }, http.StatusMethodNotAllowed},
		{"an unknown address", ok(map[string]any{"title": "x"}), func(r *request) { r.address = "/archive/.preview/desk/api/delete" }, http.StatusNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := p.save(t, tc.edit, tc.spoil)
			if status != tc.status {
				t.Errorf("status %d, want %d: %s", status, tc.status, body)
			}
			if !strings.Contains(body, `"error"`) && status != http.StatusMisdirectedRequest {
				t.Errorf("no message for the editor: %s", body)
			}
			if after := tree(t, p.root); !equalTrees(before, after) {
				t.Errorf("something was written")
			}
		})
	}
	// The token is needed to read too.
	for _, addr := range []string{"api/article?name=iraq-talks", "api/list", "api/tags"} {
		req, _ := http.NewRequest("GET", p.url+"/archive/.preview/desk/"+addr, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s without the token: %d, want 403", addr, res.StatusCode)
		}
	}
}

// TestScriptInANote is kept as the text typed and shown escaped.
func TestScriptInANote(t *testing.T) {
	p := start(t, map[string]string{"iraq-talks": odd})
	script := `<script>alert("x")</script> <img src=x onerror=alert(1)>`
	status, body := p.save(t, map[string]any{"name": "iraq-talks", "rev": p.rev(t, "iraq-talks"),
		"note": map[string]string{"by": "<b>Sam</b>", "date": "2026-11-28", "text": script}}, nil)
	if status != http.StatusOK {
		t.Fatalf("save: %d %s", status, body)
	}
	data, _ := os.ReadFile(filepath.Join(p.content, "iraq-talks.md"))
	f, err := content.Parse("iraq-talks.md", data)
	if err != nil {
		t.Fatal(err)
	}
	if n := f.Front.Notes[len(f.Front.Notes)-1]; n.Text != script || n.By != "<b>Sam</b>" {
		t.Errorf("note stored as %+v", n)
	}
	// The note's preview in the panel goes through the site's renderer.
	req, _ := http.NewRequest("POST", p.url+"/archive/.preview/desk/api/markdown", strings.NewReader(`{"text":`+jsonString(script)+`}`))
	req.Header.Set(desk.TokenHeader, p.token)
	req.Header.Set("Origin", p.url)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct{ HTML string }
	json.NewDecoder(res.Body).Decode(&out)
	if out.HTML == "" || strings.Contains(out.HTML, "<script") || strings.Contains(out.HTML, "<img") {
		t.Errorf("preview of the note: %q", out.HTML)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestDeskLists counts and pages the lists.
func TestDeskLists(t *testing.T) {
	articles := map[string]string{}
	for i := range 120 {
		articles[fmt.Sprintf("undated-%03d", i)] = testsite.Article(fmt.Sprintf("Undated %03d", i), "", "x")
	}
	articles["dated"] = testsite.Article("Dated", "2020-01-01", "x")
	articles["draft"] = strings.Replace(testsite.Article("A draft", "2020-01-01", "x"), "tags: []", "tags: []\ndraft: true\nreview: saved without its header", 1)
	articles["broken"] = "---\nid: [x\n---\n"
	p := start(t, articles)
	var l struct {
		Counts map[string]int
		Page   int
		Pages  int
		Total  int
		Rows   []struct{ Name, Title, Review string }
	}
	get := func(q string) {
		t.Helper()
		l.Rows = nil
		if err := json.Unmarshal([]byte(p.get(t, "/archive/.preview/desk/api/list?"+q, map[string]string{desk.TokenHeader: p.token})), &l); err != nil {
			t.Fatal(err)
		}
	}
	get("show=undated&page=3")
	want := map[string]int{"undated": 120, "review": 1, "drafts": 1, "notes": 0, "errors": 1}
	for k, v := range want {
		if l.Counts[k] != v {
			t.Errorf("count of %s = %d, want %d (%v)", k, l.Counts[k], v, l.Counts)
		}
	}
	if l.Pages != 3 || l.Total != 120 || len(l.Rows) != 20 || l.Rows[0].Name != "undated-100" {
		t.Errorf("page 3 of undated: pages %d, total %d, %d rows from %+v", l.Pages, l.Total, len(l.Rows), l.Rows[:min(1, len(l.Rows))])
	}
	get("show=undated&q=UNDATED%20011")
	if l.Total != 1 || l.Rows[0].Name != "undated-011" {
		t.Errorf("filter: %+v", l.Rows)
	}
	get("show=review")
	if len(l.Rows) != 1 || l.Rows[0].Review != "saved without its header" {
		t.Errorf("review list: %+v", l.Rows)
	}
	// A save is in the lists at once.
	status, body := p.save(t, map[string]any{"name": "undated-011", "rev": p.rev(t, "undated-011"), "date": "2021-05-06"}, nil)
	if status != http.StatusOK {
		t.Fatalf("save: %d %s", status, body)
	}
	get("show=undated")
	if l.Counts["undated"] != 119 {
		t.Errorf("after dating one, undated = %d", l.Counts["undated"])
	}
	// Files changed on disk are read again when the watcher says so.
	testsite.Write(t, p.root, "content/aaa-new.md", testsite.Article("New", "", "x"))
	if err := os.Remove(filepath.Join(p.content, "undated-000.md")); err != nil {
		t.Fatal(err)
	}
	testsite.Write(t, p.root, "content/undated-001.md", testsite.Article("Undated 001", "2020-03-04", "x"))
	p.desk.Changed([]string{"aaa-new.md", "undated-000.md", "undated-001.md", "imported.json"})
	get("show=undated")
	if l.Counts["undated"] != 118 || l.Rows[0].Name != "aaa-new" || l.Rows[1].Name != "undated-002" {
		t.Errorf("after changes on disk: undated = %d, first rows %+v", l.Counts["undated"], l.Rows[:2])
	}
}

// TestEditingOff: without an editor the addresses do not exist and pages
// carry no token.
func TestEditingOff(t *testing.T) {
	root := t.TempDir()
	testsite.Write(t, root, "public/index.html", "<html><body>Home</body></html>")
	srv := serve.New(filepath.Join(root, "public"), "/")
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- srv.Serve(ctx, l) }()
	defer func() { cancel(); <-done }()
	for _, m := range []string{"GET", "POST"} {
		req, _ := http.NewRequest(m, "http://"+l.Addr().String()+"/.preview/desk/api/save", strings.NewReader("{}"))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusOK {
			t.Errorf("%s save with editing off: %d", m, res.StatusCode)
		}
	}
	res, err := http.Get("http://" + l.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if bytes.Contains(page, []byte("desk")) {
		t.Errorf("a page with editing off mentions the desk:\n%s", page)
	}
}

type entry struct {
	data string
	mod  time.Time
}

// tree maps every file below dir to its bytes and time, but for the
// content folder's lock, which every save takes and which holds no
// content.
func tree(t *testing.T, dir string) map[string]entry {
	t.Helper()
	m := map[string]entry{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == ".content.lock" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		st, _ := d.Info()
		m[p] = entry{string(data), st.ModTime()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func equalTrees(a, b map[string]entry) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
