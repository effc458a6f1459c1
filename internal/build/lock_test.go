//go:build unix

package build

import (
	"fmt"
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

func TestLockedOutputIsRefused(t *testing.T) {
	dir := project(t, "testdata/site.txtar")
	out, _ := buildSite(t, dir, nil)
	before := readTree(t, out)
	pid, end := testsite.HoldLock(t, out, "build watch")
	write(t, filepath.Join(dir, "content/late.md"), "---\nid: late1\ntitle: Late\n---\nA late article.\n")
	_, err := builder(t, dir, nil).Full()
	want := fmt.Sprintf("build watch (pid %d, since ", pid)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v, want one naming %q", err, want)
	}
	after := readTree(t, out)
	if len(after) != len(before) {
		t.Errorf("%d files before, %d after the refused build", len(before), len(after))
	}
	end()
	if _, err := builder(t, dir, nil).Full(); err != nil {
		t.Errorf("after the holder ended: %v", err)
	}
}
