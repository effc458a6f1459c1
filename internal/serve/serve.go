// Package serve is the live preview: an HTTP server for the built site
// that reloads the browser after every rebuild.
//
// # Addresses
//
// The site is served under its base path, the path of base_url (/ or,
// say, /archive/), as it will be once published. / and the base path
// without its last slash redirect to the base path; any other address
// outside it is a miss. A folder's address serves its index.html, and a
// folder asked for without its last slash redirects to it. A miss gets the
// site's 404.html with status 404.
//
// Only files inside the output folder are served: an address with a "."
// or ".." segment (%2e%2e is decoded first), a backslash or a NUL byte is
// a miss, and files are opened through os.Root, so a symbolic link that
// leads out of the folder is a miss too. Only GET and HEAD are allowed.
//
// A full build puts its new tree in place of the old in one step (see
// package build), so every request finds a whole site: the old one or the
// new one. A request whose tree was replaced while it read is answered
// again from the new tree rather than with a miss.
//
// Content types come from a fixed table (HTML, CSS, JavaScript, XML,
// SVG, images, fonts…), then from the system's, so the preview does not
// depend on the machine. Nothing is cached: every answer says no-store.
//
// # Reloading
//
// Every HTML page the server sends gets a small script before </body>;
// the files on disk never hold it, so what is published is what the build
// wrote. The script listens to <base>.preview/events, a Server-Sent
// Events stream. Server-Sent Events suit this one-way signal: the browser's
// EventSource reconnects by itself after a restart of the server, it is
// plain HTTP through any proxy, and neither side needs a library, as a
// WebSocket would. No file the build writes can collide with the address:
// the build leaves out every file whose name starts with a dot.
//
// The stream sends these events:
//
//	hello   on connecting: the current build's number. A page served
//	        by an older build reloads, so no rebuild is missed across a
//	        reconnection.
//	reload  after a build that changed the output, or that fixed a
//	        failed one: the page reloads.
//	fail    a build failed: the page shows the error (as text) in an
//	        overlay and keeps the last good site; the next good build
//	        reloads the page and so clears it. Sent on connecting too
//	        while the last build is failed.
//
// # Hosts
//
// A page on another site can make the browser ask a name it controls that
// then resolves to 127.0.0.1 (DNS rebinding). So, when serving through
// Serve, every request's Host must be the listener's port on localhost or
// on an IP address written out; any other name gets 421 and nothing else.
//
// # Editing
//
// With an Editor set (SetEditor), the addresses below <base>.preview/desk/
// are the editor's, whatever the method, and its snippet follows the
// reload script on every page. Without one those addresses are misses like any other.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// EventsPath is the event stream's address below the base path.
const EventsPath = ".preview/events"

// DeskPath is where an Editor's addresses start, below the base path.
const DeskPath = ".preview/desk/"

// An Editor adds editing to the preview.
type Editor interface {
	// ServeHTTP answers the addresses below <base>.preview/desk/, for any
	// method; the Host has been checked.
	http.Handler
	// Snippet is HTML put at the end of every page, after the reload
	// script, for a site under the base path base.
	Snippet(base string) string
}

// Server serves one built site and tells the browsers about rebuilds.
// It is safe for concurrent use.
type Server struct {
	mu      sync.Mutex
	dir     string // the output folder
	base    string // the base path, "/" or "/archive/"
	build   int    // counts the builds that changed the output
	failed  string // the last build's error; "" when it was good
	clients map[chan event]bool
	closed  bool
	done    chan struct{} // closed by Close: event streams end
	id      string        // tells this server's builds from a previous one's
	editor  Editor
	port    string // the listener's port, once Serve has it: Host is checked
}

type event struct{ name, data string }

// New returns a Server for the site in the folder dir, published under
// the base path base.
func New(dir, base string) *Server {
	return &Server{
		dir:     dir,
		base:    cleanBase(base),
		clients: map[chan event]bool{},
		done:    make(chan struct{}),
		id:      strconv.FormatInt(time.Now().UnixNano(), 36),
	}
}

func cleanBase(base string) string {
	if !strings.HasPrefix(base, "/") {
		base = "/" + base
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base
}

// SetSite points the server at another output folder or base path, after
// the settings changed.
func (s *Server) SetSite(dir, base string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dir, s.base = dir, cleanBase(base)
}

// SetEditor turns editing on with e, or off with nil.
func (s *Server) SetEditor(e Editor) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.editor = e
}

// Notify tells the browsers how a build went: err is its error, and
// changed says whether it changed the output. A good build reloads the
// pages when it changed something or when the build before it failed.
func (s *Server) Notify(err error, changed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.failed = err.Error()
		s.send(event{"fail", s.failed})
		return
	}
	if !changed && s.failed == "" {
		return
	}
	s.failed = ""
	s.build++
	s.send(event{"reload", s.version()})
}

// version names the current build, for the hello event.
func (s *Server) version() string { return s.id + "-" + strconv.Itoa(s.build) }

// send passes e to every stream; s.mu is held. A stream too slow to take
// it loses it, and catches up through hello when it reconnects.
func (s *Server) send(e event) {
	for c := range s.clients {
		select {
		case c <- e:
		default:
		}
	}
}

// Close ends the event streams, which would otherwise keep a graceful
// shutdown waiting.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
}

// Serve answers on l until ctx is done, then ends the event streams and
// shuts down, letting requests under way finish.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	if _, port, err := net.SplitHostPort(l.Addr().String()); err == nil {
		s.mu.Lock()
		s.port = port
		s.mu.Unlock()
	}
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	// A connection opened but not yet asked anything (browsers open spare
	// ones) is not idle to Shutdown for its first five seconds, and would
	// hold it that long; at the end such connections are closed instead,
	// having no request to finish.
	var unasked sync.Mutex
	fresh := map[net.Conn]bool{}
	closing := false
	hs.ConnState = func(c net.Conn, st http.ConnState) {
		unasked.Lock()
		defer unasked.Unlock()
		switch {
		case st == http.StateNew && closing:
			c.Close()
		case st == http.StateNew:
			fresh[c] = true
		default:
			delete(fresh, c)
		}
	}
	stopped := make(chan error, 1)
	go func() {
		<-ctx.Done()
		s.Close()
		unasked.Lock()
		closing = true
		for c := range fresh {
			c.Close()
		}
		unasked.Unlock()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		stopped <- hs.Shutdown(sctx)
	}()
	if err := hs.Serve(l); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-stopped
}

// URL is the preview's address for a site published at baseURL when the
// server listens on addr: the base path is kept, the host replaced.
func URL(baseURL string, addr net.Addr) string {
	u, err := url.Parse(baseURL)
	if err != nil || u.Path == "" {
		u = &url.URL{Path: "/"}
	}
	host := addr.String()
	if ta, ok := addr.(*net.TCPAddr); ok && ta.IP.IsUnspecified() {
		host = net.JoinHostPort("localhost", strconv.Itoa(ta.Port))
	}
	return (&url.URL{Scheme: "http", Host: host, Path: u.Path}).String()
}

// hostOK reports whether host, a request's Host, names this server: its
// port on localhost or on an IP address. Before Serve every host is.
func hostOK(host, port string) bool {
	if port == "" {
		return true
	}
	name, p, err := net.SplitHostPort(host)
	if err != nil || p != port {
		return false
	}
	return name == "localhost" || net.ParseIP(name) != nil
}

// intercept answers the requests that never reach the site, and reports
// whether r was one: any with a foreign Host, and the Editor's.
func (s *Server) intercept(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	base, editor, port := s.base, s.editor, s.port
	s.mu.Unlock()
	if !hostOK(r.Host, port) {
		http.Error(w, "this preview answers only on localhost or an IP address, not "+strconv.Quote(r.Host), http.StatusMisdirectedRequest)
		return true
	}
	if editor != nil && strings.HasPrefix(r.URL.Path+"/", base+DeskPath) {
		editor.ServeHTTP(w, r)
		return true
	}
	return false
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.intercept(w, r) {
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.mu.Lock()
	dir, base, version := s.dir, s.base, s.version()
	s.mu.Unlock()
	p := r.URL.Path
	if p == base+EventsPath {
		s.events(w, r)
		return
	}
	rest, ok := strings.CutPrefix(p, base)
	if !ok {
		if p == "/" || p+"/" == base {
			http.Redirect(w, r, base, http.StatusFound)
			return
		}
		s.notFound(w, r, dir, base, version)
		return
	}
	name, ok := fileName(rest)
	if !ok {
		s.notFound(w, r, dir, base, version)
		return
	}
	// A full build replaces the folder in one step; a request that opened
	// the tree just before may find it gone by the time it reads, so a
	// miss counts only if the folder is still the tree it looked in.
	for try := 0; ; try++ {
		data, isDir, replaced, err := read(dir, name)
		if isDir {
			// Only a folder asked for without its last slash gets here.
			u := *r.URL
			u.Path += "/"
			http.Redirect(w, r, u.RequestURI(), http.StatusMovedPermanently)
			return
		}
		if err == nil {
			s.file(w, r, name, data, base, version, http.StatusOK)
			return
		}
		if !replaced || try == 2 {
			s.notFound(w, r, dir, base, version)
			return
		}
	}
}

// read reads the file name in the folder dir. isDir says name is a
// folder; replaced says the read failed and dir is no longer the tree it
// was read from.
func read(dir, name string) (data []byte, isDir, replaced bool, err error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, false, false, err
	}
	defer root.Close()
	st, err := root.Stat(name)
	if err == nil && st.IsDir() {
		return nil, true, false, nil
	}
	data, err = root.ReadFile(name)
	if err != nil {
		here, err1 := root.Stat(".")
		now, err2 := os.Stat(dir)
		replaced = err1 == nil && err2 == nil && !os.SameFile(here, now)
	}
	return data, false, replaced, err
}

// fileName turns the part of an address below the base path into a file
// name inside the output folder; it fails for any address that could
// lead out of it.
func fileName(rest string) (string, bool) {
	if strings.ContainsAny(rest, "\\\x00") {
		return "", false
	}
	if rest == "" || strings.HasSuffix(rest, "/") {
		rest += "index.html"
	}
	return rest, fs.ValidPath(rest)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, dir, base, version string) {
	data, err := readIn(dir, "404.html")
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	s.file(w, r, "404.html", data, base, version, http.StatusNotFound)
}

func readIn(dir, name string) ([]byte, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.ReadFile(name)
}

// types are the content types the preview gives, whatever the machine's
// own table says.
var types = map[string]string{
	".html":  "text/html; charset=utf-8",
	".htm":   "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".json":  "application/json",
	".map":   "application/json",
	".xml":   "application/xml",
	".svg":   "image/svg+xml",
	".txt":   "text/plain; charset=utf-8",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".ico":   "image/vnd.microsoft.icon",
	".woff":  "font/woff",
	".woff2": "font/woff2",
	".pdf":   "application/pdf",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	return mime.TypeByExtension(ext)
}

// file sends one file's bytes, with the reload script and the editor's
// snippet in an HTML page.
func (s *Server) file(w http.ResponseWriter, r *http.Request, name string, data []byte, base, version string, status int) {
	h := w.Header()
	ct := contentType(name)
	if ct == "" {
		ct = http.DetectContentType(data)
	}
	h.Set("Content-Type", ct)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if strings.HasPrefix(ct, "text/html") {
		add := script(base, version)
		s.mu.Lock()
		editor := s.editor
		s.mu.Unlock()
		if editor != nil {
			add += editor.Snippet(base)
			// A page that can edit is never shown inside another site's
			// frame, where a click could be stolen.
			h.Set("X-Frame-Options", "DENY")
			h.Set("Content-Security-Policy", "frame-ancestors 'none'")
		}
		data = inject(data, add)
	}
	if status == http.StatusOK {
		// ServeContent answers Range and HEAD requests.
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// inject puts the script before the page's last </body>, or at its end.
func inject(page []byte, script string) []byte {
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(script))
	out = append(out, page[:i]...)
	out = append(out, script...)
	return append(out, page[i:]...)
}

// script is the reload script for a page served by build version.
func script(base, version string) string {
	return fmt.Sprintf(reloadScript, strconv.Quote(base+EventsPath), strconv.Quote(version))
}

// reloadScript reloads the page when a build changed the site, and shows
// a failed build's error over the page; the message goes in as text, never
// as HTML.
const reloadScript = `<script id="preview-reload">
(() => {
  const es = new EventSource(%s);
  const version = %s;
  let box = null;
  es.addEventListener("hello", (e) => { if (e.data !== version) location.reload(); });
  es.addEventListener("reload", () => location.reload());
  es.addEventListener("fail", (e) => {
    if (!box) {
      box = document.createElement("div");
      box.id = "preview-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:2147483647;" +
        "max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;border:2px solid #b00020;" +
        "border-radius:6px;background:#fff4f4;color:#5c0010;font:14px/1.45 ui-monospace,monospace;" +
        "white-space:pre-wrap;box-shadow:0 4px 24px rgba(0,0,0,.3)";
      document.body.appendChild(box);
    }
    box.textContent = "Build failed; this is the last good build.\n\n" + e.data;
  });
})();
</script>
`

// events is the event stream of one browser page.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	c := make(chan event, 16)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	s.clients[c] = true
	c <- event{"hello", s.version()}
	if s.failed != "" {
		c <- event{"fail", s.failed}
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, "retry: 1000\n\n")
	rc.Flush()
	ping := time.NewTicker(30 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-ping.C:
			// A comment line finds out a closed connection.
			if _, err := io.WriteString(w, ": ping\n\n"); err != nil {
				return
			}
		case e := <-c:
			if _, err := io.WriteString(w, format(e)); err != nil {
				return
			}
		}
		if rc.Flush() != nil {
			return
		}
	}
}

// format writes an event in the stream's syntax: every line of the data
// on a data: line of its own.
func format(e event) string {
	var b strings.Builder
	b.WriteString("event: " + e.name + "\n")
	for line := range strings.SplitSeq(strings.ReplaceAll(e.data, "\r", ""), "\n") {
		b.WriteString("data: " + line + "\n")
	}
	b.WriteString("\n")
	return b.String()
}
