package serve_test

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"briefing/internal/build"
	"briefing/internal/config"
	"briefing/internal/serve"
)

// TestNoMissDuringFullBuilds asks for existing pages without pause while
// full builds replace the output folder again and again: every answer is
// the page, never a 404.
func TestNoMissDuringFullBuilds(t *testing.T) {
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
	base := "http://" + listen(t, srv) + cfg.BasePath()
	pages := []string{"", "timeline/", "tags/"}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var asked atomic.Int64
	var mu sync.Mutex
	var misses []string
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	for w := range 4 {
		wg.Go(func() {
			for i := w; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				url := base + pages[i%3]
				resp, err := client.Get(url)
				if err != nil {
					mu.Lock()
					misses = append(misses, fmt.Sprintf("%s: %v", url, err))
					mu.Unlock()
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				asked.Add(1)
				if resp.StatusCode != http.StatusOK {
					mu.Lock()
					misses = append(misses, fmt.Sprintf("%s: %s", url, resp.Status))
					mu.Unlock()
				}
			}
		})
	}
	const builds = 40
	for range builds {
		if _, err := b.Full(); err != nil {
			t.Error(err)
			break
		}
	}
	close(stop)
	wg.Wait()
	if asked.Load() == 0 {
		t.Fatal("no request was answered")
	}
	for _, m := range misses {
		t.Error(m)
	}
	t.Logf("%d requests during %d full builds", asked.Load(), builds)
}
