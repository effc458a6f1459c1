package desk_test

import (
	"bytes"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"briefing/internal/build"
	"briefing/internal/config"
	"briefing/internal/desk"
	"briefing/internal/serve"
	"briefing/internal/testsite"
)

// TestNoTraceInPublishedSite builds a real site: the preview serves its
// article pages with the panel and this run's token, and not one file the
// build wrote holds the panel, the token, the desk page or its address.
func TestNoTraceInPublishedSite(t *testing.T) {
	dir := testsite.New(t)
	testsite.Write(t, dir, "site.yaml", "title: Test Archive\nbase_url: https://example.org/archive/\n")
	testsite.Write(t, dir, "content/baghdad.md", testsite.Article("Talks in Baghdad", "2020-01-23", "Officials met in Baghdad."))
	testsite.Write(t, dir, "content/beirut.md", testsite.Article("A vote in Beirut", "", "Hezbollah lost seats."))
	cfg, err := config.Load(filepath.Join(dir, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	b := build.New(dir, cfg)
	if _, err := b.Full(); err != nil {
		t.Fatal(err)
	}
	d, err := desk.New(filepath.Join(dir, "content"), filepath.Join(dir, "taxonomy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	srv := serve.New(b.Out(), cfg.BasePath())
	srv.SetEditor(d)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", cfg.BasePath()+"articles/baghdad/", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("article page: %d", rec.Code)
	}
	m := regexp.MustCompile(`<script id="desk-panel"[^>]*data-token="([0-9a-f]{64})"`).FindSubmatch(rec.Body.Bytes())
	if m == nil {
		t.Fatalf("the preview's article page has no panel:\n%s", rec.Body.Bytes())
	}
	token := m[1]
	if rec.Header().Get("X-Frame-Options") != "DENY" {
		t.Error("a page with the panel may be framed by another site")
	}
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", cfg.BasePath()+serve.DeskPath, nil))
	if rec.Code != http.StatusOK || !bytes.Contains(rec.Body.Bytes(), []byte("Editor's desk")) {
		t.Fatalf("the preview has no desk page: %d", rec.Code)
	}
	if rec.Header().Get("X-Frame-Options") != "DENY" {
		t.Error("the desk page may be framed by another site")
	}
	if !bytes.Contains(rec.Body.Bytes(), []byte(`src="/archive/.preview/desk/desk.js"`)) {
		t.Errorf("the desk page's script is not under the base path:\n%s", rec.Body.Bytes())
	}

	files := 0
	err = filepath.WalkDir(b.Out(), func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, trace := range [][]byte{token, []byte("desk-panel"), []byte("desk-bar"), []byte(".preview/"), []byte("Editor's desk"), []byte(desk.TokenHeader)} {
			if bytes.Contains(data, trace) {
				t.Errorf("%s holds %q", p, trace)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Fatalf("only %d files built", files)
	}
}
