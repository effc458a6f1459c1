//go:build unix

package ingest

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The helper process holds a content folder's lock the way a running
// convert does, until its standard input closes.
func TestMain(m *testing.M) {
	if dir := os.Getenv("INGEST_TEST_HOLD_CONTENT"); dir != "" {
		unlock, err := Lock(dir, "build convert")
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("locked")
		io.Copy(io.Discard, os.Stdin)
		unlock()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// holdContent starts a process that holds the content folder dir's lock
// and returns once it does, with the function that ends it.
func holdContent(t *testing.T, dir string) (pid int, end func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "INGEST_TEST_HOLD_CONTENT="+dir)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	end = func() {
		stdin.Close()
		cmd.Wait()
	}
	t.Cleanup(end)
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "locked\n" {
		end()
		t.Fatalf("the helper said %q", line)
	}
	return cmd.Process.Pid, end
}

// A convert while another convert holds the content folder stops before
// it reads or writes anything, naming the holder; once that one ends, it
// runs.
func TestConvertRefusedWhileContentHeld(t *testing.T) {
	opts := project(t)
	pid, end := holdContent(t, opts.Content)
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
