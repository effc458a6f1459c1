package serve_test

import (
	"io"
	"net"
	"net/http"
	"testing"

	"briefing/internal/serve"
)

// TestHostChecked: a page on another site cannot reach the preview under
// a name of its own (DNS rebinding); localhost and IP addresses can.
func TestHostChecked(t *testing.T) {
	addr := listen(t, serve.New(site(t), "/archive/"))
	_, port, _ := net.SplitHostPort(addr)
	for host, want := range map[string]int{
		addr:                             http.StatusOK,
		"localhost:" + port:              http.StatusOK,
		"[::1]:" + port:                  http.StatusOK,
		"evil.example:" + port:           http.StatusMisdirectedRequest,
		"localhost.evil.example:" + port: http.StatusMisdirectedRequest,
		"127.0.0.1:1":                    http.StatusMisdirectedRequest,
		"127.0.0.1":                      http.StatusMisdirectedRequest,
	} {
		req, _ := http.NewRequest("GET", "http://"+addr+"/archive/", nil)
		req.Host = host
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("Host %q: status %d, want %d (%s)", host, res.StatusCode, want, body)
		}
	}
}
