//go:build unix

package desk_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/internal/testsite"
)

func TestMain(m *testing.M) {
	testsite.MaybeHoldLock()
	os.Exit(m.Run())
}

// TestSaveWhileConvertRuns: a save while a convert in another process
// holds the content folder writes nothing and says who holds it; once
// the convert ends, the same save goes through.
func TestSaveWhileConvertRuns(t *testing.T) {
	p := start(t, map[string]string{"iraq-talks": odd})
	edit := map[string]any{"name": "iraq-talks", "rev": p.rev(t, "iraq-talks"), "title": "Iraq talks resume"}

	pid, end := testsite.HoldLock(t, p.content, "build convert")
	status, body := p.save(t, edit, nil)
	want := fmt.Sprintf("in use by build convert (pid %d, since ", pid)
	if status != http.StatusConflict || !strings.Contains(body, want) || !strings.Contains(body, "nothing was saved") {
		t.Errorf("save while a convert runs: %d %s, want a conflict naming the convert", status, body)
	}
	path := filepath.Join(p.content, "iraq-talks.md")
	if got, _ := os.ReadFile(path); string(got) != odd {
		t.Errorf("the file was written while the convert ran:\n%s", got)
	}
	end()
	if status, body := p.save(t, edit, nil); status != http.StatusOK {
		t.Errorf("save after the convert ended: %d %s", status, body)
	}
}
