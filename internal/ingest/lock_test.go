//go:build unix

package ingest

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"briefing/internal/testsite"
)

func TestMain(m *testing.M) {
	testsite.MaybeHoldLock()
	os.Exit(m.Run())
}

// A convert while another convert holds the content folder stops before
// it reads or writes anything, naming the holder; once that one ends, it
// runs.
func TestConvertRefusedWhileContentHeld(t *testing.T) {
	opts := project(t)
	pid, end := testsite.HoldLock(t, opts.Content, "build convert")
	_, err := Run(opts)
	want := fmt.Sprintf("content folder %s is in use by build convert (pid %d, since ", opts.Content, pid)
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("convert while another holds the content folder: %v, want an error starting %q", err, want)
	}
	if entries, _ := os.ReadDir(opts.Content); len(entries) != 0 {
		t.Errorf("%d files written while the folder was held", len(entries))
	}
	end()
	if sum := run(t, opts); len(sum.New) == 0 {
		t.Errorf("after the holder ended: %s", sum)
	}
}

// Within one process a second taker of the lock waits for the first
// instead of failing: the preview's save and its convert of a new dump.
func TestLockWithinProcessWaits(t *testing.T) {
	opts := project(t)
	unlock, err := Lock(opts.Content, "build watch")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		_, err := Run(opts)
		done <- err
	}()
	unlock()
	if err := <-done; err != nil {
		t.Errorf("convert after the lock was let go: %v", err)
	}
}
