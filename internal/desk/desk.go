// Package desk is the editors' desk of the live preview: an Edit panel on
// every article page, and a page of what needs an editor. It exists only
// in the preview; nothing of it is ever written to the output folder.
//
// # Addresses
//
// Below <base>.preview/desk/ (see serve.DeskPath):
//
//	(the folder)   the desk page: undated articles, articles to review,
//	               drafts, the latest notes and files with a front matter
//	               error, with counts, a filter and pages of 50
//	kit.js, panel.js …   the panel's and the desk page's scripts and style
//	api/article    GET ?name=: one article's editable fields and revision
//	api/list       GET ?show=undated|review|drafts|notes|errors&q=&page=
//	api/tags       GET: the taxonomy's tags and their words, for completion
//	api/markdown   POST: a note's text rendered, for its preview
//	api/save       POST: the edit of one article
//	api/resolve    POST: a quick action of the review list (see resolution)
//
// # Who may edit
//
// Editing is for the person at the preview's own machine. Every api
// request carries the token made for this run of the preview, which only
// the preview's own pages hold (the snippet in each page, never a file);
// a POST must also come from the preview's own origin (Origin header) with
// a JSON body. The Host was checked by the server before.
//
// # What a save may change
//
// Only an existing article file of the content folder, found by its name
// in the desk's own list of them (a path never comes from the request),
// and only its title, date (which then is the editor's: date_source:
// editor), summary, draft flag, tags, excluded tags and review flag
// (cleared only), plus a new note. The file is changed through
// content.Edit, so every other byte stays, and replaced atomically. A
// save names the revision the panel was opened on; if the file changed
// on disk since, nothing is written and the editor is told.
// A save, and a quick action below, holds the content folder's lock
// (ingest.Lock) from reading the file to writing it, so it never
// interleaves with a convert: while a convert in another process runs,
// nothing is written and the editor is told to try again.
//
// # Quick actions of the review list
//
// Beside "mark reviewed", the review list resolves what convert flags
// (see package ingest), with the same checks as a save:
//
//   - accept the longer text: the new copy convert left in
//     content/.incoming/<name>.md becomes the article's body, with the
//     fingerprint convert gives a body it wrote (content.Fingerprint) and
//     the copy's sources; the review line goes and the copy is deleted;
//   - keep one of two possible copies (the article, or the other file its
//     review line names): the other is hidden (draft: true);
//   - not a duplicate: nothing is hidden.
//
// Either decision on a possible copy takes each file off the other's
// review line (ingest.WithoutCopy); convert flags only new articles, so
// it never puts the line back.
package desk

import (
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"

	"briefing/internal/markdown"
	"briefing/internal/serve"
)

//go:embed assets
var assets embed.FS

// holder names a save in the content folder's lock (ingest.Lock): the
// desk runs inside the preview.
const holder = "build watch"

// TokenHeader is the request header that carries the run's token.
const TokenHeader = "X-Desk-Token"

// Desk serves the panel and the desk page for one content folder. It is
// safe for concurrent use; make one with New.
type Desk struct {
	token string
	md    *markdown.Renderer

	saving sync.Mutex // one save at a time, so two cannot interleave

	mu       sync.Mutex
	idx      *index
	taxonomy string // the taxonomy file
	base     string // the site's base path, for the desk page's links
}

// New returns a Desk for the articles in the folder content, with tag
// completion from the taxonomy file. Its token is new.
func New(content, taxonomy string) (*Desk, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	return &Desk{
		token:    hex.EncodeToString(b),
		md:       markdown.New(),
		idx:      newIndex(content),
		taxonomy: taxonomy,
	}, nil
}

// SetFolders points the desk at another content folder and taxonomy file,
// after the settings changed.
func (d *Desk) SetFolders(content, taxonomy string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if content != d.idx.dir {
		d.idx = newIndex(content)
	}
	d.taxonomy = taxonomy
}

// current is the index of the content folder in use.
func (d *Desk) current() *index {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.idx
}

// Warm reads the content folder's articles now, rather than at the first
// request; it returns when they are read.
func (d *Desk) Warm() { d.current().load() }

// Changed tells the desk that these files of the content folder (names
// relative to it) changed on disk.
func (d *Desk) Changed(names []string) {
	d.current().refresh(names)
}

// Snippet is the panel's script and style for a page of the site under
// base; the script finds out whether the page is an article's.
func (d *Desk) Snippet(base string) string {
	at := html.EscapeString(base + serve.DeskPath)
	return fmt.Sprintf(`<link rel="stylesheet" href="%[1]spanel.css">
<script src="%[1]skit.js" defer></script>
<script id="desk-panel" src="%[1]spanel.js" data-base="%[2]s" data-token="%[3]s" defer></script>
`, at, html.EscapeString(base), d.token)
}

func (d *Desk) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	base, rest, ok := strings.Cut(r.URL.Path, serve.DeskPath)
	if !ok {
		// The folder without its last slash.
		http.Redirect(w, r, r.URL.Path+"/", http.StatusFound)
		return
	}
	if api, ok := strings.CutPrefix(rest, "api/"); ok {
		d.api(w, r, api)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := rest
	if name == "" {
		name = "desk.html"
	}
	if strings.Contains(name, "/") || !fs.ValidPath(name) {
		http.NotFound(w, r)
		return
	}
	data, err := assets.ReadFile("assets/" + name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Type", assetTypes[path.Ext(name)])
	h.Set("X-Frame-Options", "DENY") // no click on the desk from another site's frame
	h.Set("Content-Security-Policy", "frame-ancestors 'none'")
	if name == "desk.html" {
		page := strings.NewReplacer("{{base}}", html.EscapeString(base), "{{desk}}", html.EscapeString(base+serve.DeskPath),
			"{{token}}", d.token).Replace(string(data))
		data = []byte(page)
	}
	if r.Method == http.MethodGet {
		w.Write(data)
	}
}

// assetTypes are the content types of the assets.
var assetTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
}

// maxRequest is the largest request body an api address reads.
const maxRequest = 256 << 10

// api answers the api addresses, after checking who asks.
func (d *Desk) api(w http.ResponseWriter, r *http.Request, name string) {
	post := name == "save" || name == "markdown" || name == "resolve"
	want := http.MethodGet
	if post {
		want = http.MethodPost
	}
	switch {
	case !post && name != "article" && name != "list" && name != "tags":
		fail(w, http.StatusNotFound, "no such address")
		return
	case r.Method != want:
		w.Header().Set("Allow", want)
		fail(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	case subtle.ConstantTimeCompare([]byte(r.Header.Get(TokenHeader)), []byte(d.token)) != 1:
		fail(w, http.StatusForbidden, "this request does not come from the preview's own pages (its token is missing or wrong)")
		return
	}
	if post {
		if o := r.Header.Get("Origin"); o != "http://"+r.Host {
			fail(w, http.StatusForbidden, fmt.Sprintf("edits are only taken from the preview's own pages, not from %q", o))
			return
		}
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
			fail(w, http.StatusUnsupportedMediaType, "edits are sent as JSON")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxRequest)
	}
	switch name {
	case "article":
		d.article(w, r)
	case "list":
		d.list(w, r)
	case "tags":
		d.tags(w)
	case "markdown":
		var in struct{ Text string }
		if !decode(w, r, &in) {
			return
		}
		reply(w, http.StatusOK, map[string]string{"html": string(d.md.HTML([]byte(in.Text)))})
	case "save":
		d.save(w, r)
	case "resolve":
		d.resolve(w, r)
	}
}

// decode reads a JSON request body into v, refusing unknown fields; it
// answers the request itself when that fails.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the edit is larger than %d kB; nothing was saved", maxRequest>>10))
			return false
		}
		fail(w, http.StatusBadRequest, "the edit could not be read: "+err.Error())
		return false
	}
	return true
}

func reply(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, msg string) {
	reply(w, status, map[string]string{"error": msg})
}
