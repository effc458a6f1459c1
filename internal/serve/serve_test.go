package serve_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefing/internal/build"
	"briefing/internal/config"
	"briefing/internal/serve"
	"briefing/internal/testsite"
	"briefing/internal/watch"
)

const secret = "the secret outside the site"

// site writes a small output folder, with a secret beside it and links
// that lead out of it, and returns the folder.
func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	files := map[string]string{
		"index.html":            "<!DOCTYPE html><html><body><h1>Home</h1></body></html>\n",
		"404.html":              "<!DOCTYPE html><html><body><h1>Page not found</h1></BODY></html>\n",
		"articles/a/index.html": "<!DOCTYPE html><html><body><p>Article A</p></body></html>\n",
		"css/site.css":          "body { color: black; }\n",
		"feed.xml":              "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>\n",
		"sitemap.xml":           "<?xml version=\"1.0\"?><urlset></urlset>\n",
		"img/dot.svg":           "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n",
		"robots.txt":            "User-agent: *\n",
	}
	for name, data := range files {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "private"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "private", "index.html"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"out.txt":      filepath.Join(dir, "secret.txt"),
		"rel.txt":      "../secret.txt",
		"private":      filepath.Join(dir, "private"),
		"css/same.css": "site.css",
	} {
		if err := os.Symlink(target, filepath.Join(out, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestAddresses(t *testing.T) {
	srv := serve.New(site(t), "/archive/")
	for _, c := range []struct {
		method, target string
		status         int
		ctype          string
		location       string
		body           string // the body has this
	}{
		{"GET", "/", http.StatusFound, "", "/archive/", ""},
		{"GET", "/archive", http.StatusFound, "", "/archive/", ""},
		{"GET", "/archive/", 200, "text/html; charset=utf-8", "", "<h1>Home</h1>"},
		{"GET", "/archive/index.html", 200, "text/html; charset=utf-8", "", "<h1>Home</h1>"},
		{"GET", "/archive/articles/a", http.StatusMovedPermanently, "", "/archive/articles/a/", ""},
		{"GET", "/archive/articles/a?x=1", http.StatusMovedPermanently, "", "/archive/articles/a/?x=1", ""},
		{"GET", "/archive/articles/a/", 200, "text/html; charset=utf-8", "", "Article A"},
		{"GET", "/archive/css/site.css", 200, "text/css; charset=utf-8", "", "color: black"},
		{"GET", "/archive/css/site.css?v=123", 200, "text/css; charset=utf-8", "", "color: black"},
		{"GET", "/archive/css/same.css", 200, "text/css; charset=utf-8", "", "color: black"},
		{"GET", "/archive/feed.xml", 200, "application/xml", "", "<feed"},
		{"GET", "/archive/sitemap.xml", 200, "application/xml", "", "<urlset>"},
		{"GET", "/archive/img/dot.svg", 200, "image/svg+xml", "", "<svg"},
		{"GET", "/archive/robots.txt", 200, "text/plain; charset=utf-8", "", "User-agent"},
		{"GET", "/archive/nothing-here/", 404, "text/html; charset=utf-8", "", "Page not found"},
		{"GET", "/archive/css/nothing.css", 404, "text/html; charset=utf-8", "", "Page not found"},
		{"GET", "/elsewhere/", 404, "text/html; charset=utf-8", "", "Page not found"},
		{"GET", "/articles/a/", 404, "text/html; charset=utf-8", "", "Page not found"},
		{"HEAD", "/archive/css/site.css", 200, "text/css; charset=utf-8", "", ""},
		{"POST", "/archive/", http.StatusMethodNotAllowed, "", "", ""},
	} {
		t.Run(c.method+" "+c.target, func(t *testing.T) {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(c.method, c.target, nil))
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d", res.StatusCode, c.status)
			}
			if c.ctype != "" && res.Header.Get("Content-Type") != c.ctype {
				t.Errorf("Content-Type %q, want %q", res.Header.Get("Content-Type"), c.ctype)
			}
			if c.location != "" && res.Header.Get("Location") != c.location {
				t.Errorf("Location %q, want %q", res.Header.Get("Location"), c.location)
			}
			if !bytes.Contains(body, []byte(c.body)) {
				t.Errorf("body %q has no %q", body, c.body)
			}
			if c.method == "HEAD" && len(body) != 0 {
				t.Errorf("HEAD has a body")
			}
		})
	}
}

// escapes are addresses that try to leave the output folder.
var escapes = []string{
	"/archive/../secret.txt",
	"/archive/%2e%2e/secret.txt",
	"/archive/%2E%2E/secret.txt",
	"/archive/.%2e/secret.txt",
	"/archive/..%2fsecret.txt",
	"/archive/css/../../secret.txt",
	"/archive/css/%2e%2e/%2e%2e/secret.txt",
	"/archive/..\\secret.txt",
	"/archive/%5c..%5csecret.txt",
	"/archive/..%5csecret.txt",
	"/archive/out.txt",
	"/archive/rel.txt",
	"/archive/private/",
	"/archive/private/index.html",
	"/archive/./index.html",
	"/archive//secret.txt",
	"/archive/%00",
	"/archive/index.html%00.css",
	"/../secret.txt",
	"/archive/../public/index.html",
}

func TestNoEscape(t *testing.T) {
	srv := serve.New(site(t), "/archive/")
	for _, target := range escapes {
		t.Run(target, func(t *testing.T) {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest("GET", "/", nil)
			req.URL.RawPath = ""
			req.URL.Path = mustPath(t, target)
			srv.ServeHTTP(rec, req)
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			if bytes.Contains(body, []byte(secret)) {
				t.Fatalf("served what is outside the site")
			}
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("status %d, want 404", res.StatusCode)
			}
		})
	}
}

// mustPath decodes an address as the server's request parser does.
func mustPath(t *testing.T, target string) string {
	t.Helper()
	req, err := http.ReadRequest(bufio.NewReader(strings.NewReader("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	return req.URL.Path
}

// TestNoEscapeOverTheWire sends the same addresses byte for byte to a
// real listener, so no client cleans them first.
func TestNoEscapeOverTheWire(t *testing.T) {
	srv := serve.New(site(t), "/archive/")
	addr := listen(t, srv)
	for _, target := range escapes {
		t.Run(target, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr)
			reply, err := io.ReadAll(conn)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(reply, []byte(secret)) {
				t.Fatalf("served what is outside the site")
			}
			if !bytes.HasPrefix(reply, []byte("HTTP/1.1 404 ")) && !bytes.HasPrefix(reply, []byte("HTTP/1.1 400 ")) {
				t.Errorf("reply %q, want 404 (or 400 from the parser)", firstLine(reply))
			}
		})
	}
}

func firstLine(b []byte) string {
	line, _, _ := bytes.Cut(b, []byte("\r\n"))
	return string(line)
}

// listen serves srv on a real listener until the test ends.
func listen(t *testing.T, srv *serve.Server) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- srv.Serve(ctx, l) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(wait):
			t.Error("server did not shut down")
		}
	})
	return l.Addr().String()
}

// TestScriptOnlyInPreview builds a real site: no file it writes has the
// reload script; every HTML page served has it once, before </body>;
// nothing else served has it.
func TestScriptOnlyInPreview(t *testing.T) {
	dir := project(t)
	cfg, err := config.Load(filepath.Join(dir, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	b := build.New(dir, cfg)
	if _, err := b.Full(); err != nil {
		t.Fatal(err)
	}
	srv := serve.New(b.Out(), cfg.BasePath())
	pages := 0
	err = filepath.WalkDir(b.Out(), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(b.Out(), p)
		rel = filepath.ToSlash(rel)
		if bytes.Contains(data, []byte("preview-reload")) || bytes.Contains(data, []byte(serve.EventsPath)) {
			t.Errorf("%s: the built file has the reload script", rel)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", cfg.BasePath()+rel, nil))
		got := rec.Body.Bytes()
		n := bytes.Count(got, []byte(`<script id="preview-reload">`))
		if strings.HasSuffix(rel, ".html") {
			pages++
			if n != 1 {
				t.Errorf("%s: served with the script %d times, want once", rel, n)
			}
			if i, j := bytes.Index(got, []byte(`<script id="preview-reload">`)), bytes.LastIndex(got, []byte("</body>")); i < 0 || j < i {
				t.Errorf("%s: the script is not before </body>", rel)
			}
			if !bytes.Equal(bytes.Replace(got, script(got), nil, 1), data) {
				t.Errorf("%s: served page is not the file plus the script", rel)
			}
		} else if n != 0 {
			t.Errorf("%s: not a page, served with the script", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 5 {
		t.Fatalf("only %d pages built", pages)
	}
}

// script cuts the injected script out of a served page.
func script(page []byte) []byte {
	i := bytes.Index(page, []byte(`<script id="preview-reload">`))
	j := bytes.Index(page[i:], []byte("</script>\n"))
	return page[i : i+j+len("</script>\n")]
}

// wait is how long a test waits for the server before it fails: long
// enough for the busiest machine, and never spent by a passing test.
const wait = 2 * time.Minute

type event struct{ name, data string }

// stream opens the event stream and sends its events on the channel.
func stream(t *testing.T, url string) <-chan event {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	ch := make(chan event, 100)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(res.Body)
		var e event
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if e.name != "" {
					e.data = strings.Join(data, "\n")
					ch <- e
				}
				e, data = event{}, nil
			case strings.HasPrefix(line, "event: "):
				e.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = append(data, strings.TrimPrefix(line, "data: "))
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		res.Body.Close()
	})
	return ch
}

func next(t *testing.T, ch <-chan event) event {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return e
	case <-time.After(wait):
		t.Fatal("no event")
	}
	return event{}
}

func TestEvents(t *testing.T) {
	srv := serve.New(site(t), "/archive/")
	url := "http://" + listen(t, srv) + "/archive/" + serve.EventsPath
	ch := stream(t, url)
	hello := next(t, ch)
	if hello.name != "hello" || hello.data == "" {
		t.Fatalf("first event %+v, want hello", hello)
	}

	srv.Notify(nil, false) // nothing changed: no event
	srv.Notify(nil, true)
	if e := next(t, ch); e.name != "reload" || e.data == hello.data {
		t.Fatalf("event %+v, want reload with a new version", e)
	}

	msg := "content/a.md:3: front matter: date \"2020-13-01\" is not a date\n<b>second</b> line"
	srv.Notify(errors.New(msg), false)
	if e := next(t, ch); e.name != "fail" || e.data != msg {
		t.Fatalf("event %+v, want fail with %q", e, msg)
	}
	// A page opened now learns of the failure as it connects.
	late := stream(t, url)
	if e := next(t, late); e.name != "hello" {
		t.Fatalf("event %+v, want hello", e)
	}
	if e := next(t, late); e.name != "fail" || e.data != msg {
		t.Fatalf("event %+v, want fail", e)
	}
	// The fix reloads, even if it changed no file.
	srv.Notify(nil, false)
	for _, c := range []<-chan event{ch, late} {
		if e := next(t, c); e.name != "reload" {
			t.Fatalf("event %+v, want reload", e)
		}
	}
}

// TestHelloVersion checks that a page is served with the version its
// stream's hello will match, so only a missed rebuild reloads it.
func TestHelloVersion(t *testing.T) {
	srv := serve.New(site(t), "/archive/")
	addr := listen(t, srv)
	page := func() string {
		res, err := http.Get("http://" + addr + "/archive/")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return string(body)
	}
	if hello := next(t, stream(t, "http://"+addr+"/archive/"+serve.EventsPath)); !strings.Contains(page(), fmt.Sprintf("%q", hello.data)) {
		t.Errorf("the page does not carry version %q", hello.data)
	}
	srv.Notify(nil, true)
	if hello := next(t, stream(t, "http://"+addr+"/archive/"+serve.EventsPath)); !strings.Contains(page(), fmt.Sprintf("%q", hello.data)) {
		t.Errorf("after a rebuild the page does not carry version %q", hello.data)
	}
}

// TestShutdown ends Serve while a stream is open: it returns at once.
func TestShutdown(t *testing.T) {
	srv := serve.New(site(t), "/archive/")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- srv.Serve(ctx, l) }()
	ch := stream(t, "http://"+l.Addr().String()+"/archive/"+serve.EventsPath)
	next(t, ch)
	cancel()
	// Serve gives open connections a few seconds to end; a stream left
	// open makes it return that time's error.
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve waited on the event stream: %v", err)
		}
	case <-time.After(wait):
		t.Fatal("Serve did not return")
	}
	if _, ok := <-ch; ok {
		t.Error("the stream did not end")
	}
}

func TestSetSite(t *testing.T) {
	out := site(t)
	srv := serve.New(out, "/archive/")
	srv.SetSite(out, "/desk/")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "/desk/css/site.css", nil))
	if rec.Code != 200 {
		t.Errorf("status %d under the new base path", rec.Code)
	}
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "/archive/css/site.css", nil))
	if rec.Code != 404 {
		t.Errorf("status %d under the old base path", rec.Code)
	}
}

func TestURL(t *testing.T) {
	for _, c := range []struct {
		base string
		addr net.Addr
		want string
	}{
		{"https://org.github.io/archive/", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1313}, "http://127.0.0.1:1313/archive/"},
		{"http://127.0.0.1:1313/", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 4000}, "http://127.0.0.1:4000/"},
		{"https://example.org/a/b/", &net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "http://localhost:8080/a/b/"},
		{"https://example.org/x/", &net.TCPAddr{IP: net.IPv6loopback, Port: 1}, "http://[::1]:1/x/"},
	} {
		if got := serve.URL(c.base, c.addr); got != c.want {
			t.Errorf("URL(%q, %s) = %q, want %q", c.base, c.addr, got, c.want)
		}
	}
}

// TestReloadAfterRebuild wires a real watcher to the server as the watch
// command does: saving an article sends reload; breaking it sends its
// error; fixing it reloads again.
func TestReloadAfterRebuild(t *testing.T) {
	dir := project(t)
	load := func() (config.Config, error) { return config.Load(filepath.Join(dir, "site.yaml")) }
	var srv *serve.Server
	var w *watch.Watcher
	built := make(chan watch.Report, 100)
	w, err := watch.New(watch.Options{
		Root: dir, ConfigFile: filepath.Join(dir, "site.yaml"), Load: load, Quiet: 30 * time.Millisecond,
		OnBuild: func(r watch.Report) {
			srv.Notify(r.Err, r.Wrote())
			built <- r
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	out, cfg := w.Site()
	srv = serve.New(out, cfg.BasePath())
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error)
	go func() { stopped <- w.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-stopped })
	<-built

	ch := stream(t, "http://"+listen(t, srv)+cfg.BasePath()+serve.EventsPath)
	if e := next(t, ch); e.name != "hello" {
		t.Fatalf("event %+v, want hello", e)
	}
	writeFile(t, filepath.Join(dir, "content", "baghdad.md"), article("Talks in Baghdad", "2020-01-23", "Officials met again."))
	if e := next(t, ch); e.name != "reload" {
		t.Fatalf("event %+v, want reload", e)
	}
	writeFile(t, filepath.Join(dir, "content", "baghdad.md"), "---\nid: x\ntitle: [\n---\nBody\n")
	if e := next(t, ch); e.name != "fail" || !strings.HasPrefix(e.data, "content/baghdad.md:") {
		t.Fatalf("event %+v, want fail at content/baghdad.md", e)
	}
	writeFile(t, filepath.Join(dir, "content", "baghdad.md"), article("Talks in Baghdad", "2020-01-23", "Officials met again."))
	if e := next(t, ch); e.name != "reload" {
		t.Fatalf("event %+v, want reload", e)
	}
}

// project makes a temporary project with the real templates, static files
// and taxonomy, and two articles.
func project(t *testing.T) string {
	t.Helper()
	dir := testsite.New(t)
	testsite.Write(t, dir, "site.yaml", "title: Test Archive\nbase_url: https://example.org/archive/\n")
	testsite.Write(t, dir, "content/baghdad.md", article("Talks in Baghdad", "2020-01-23", "Officials met in Baghdad."))
	testsite.Write(t, dir, "content/beirut.md", article("A vote in Beirut", "", "Hezbollah lost seats."))
	return dir
}

var article = testsite.Article

// writeFile writes data at the path p as an editor saving through a
// temporary file does: the watcher hears one change, of the whole file,
// however slowly the machine runs.
func writeFile(t *testing.T, p, data string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(p), ".tmp-"+filepath.Base(p))
	testsite.Write(t, "", tmp, data)
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

// A connection opened and never asked anything, as a browser opens spare
// ones, does not hold the server when it stops: Serve ends without error,
// not after Shutdown's five-second grace for new connections.
func TestStopWithUnaskedConnection(t *testing.T) {
	srv := serve.New(t.TempDir(), "/")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, l) }()
	spare, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer spare.Close()
	// Connections are taken in the order they came: once a later one is
	// answered, the spare one has been taken too.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get("http://" + l.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve ended with %v", err)
		}
	case <-time.After(wait):
		t.Fatal("server did not stop")
	}
}
