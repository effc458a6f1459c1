//go:build unix

package build

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The helper process holds an output folder's lock the way a running
// watch does, until its standard input closes.
func TestMain(m *testing.M) {
	if lock := os.Getenv("BUILD_TEST_HOLD_LOCK"); lock != "" {
		f, err := os.OpenFile(lock, os.O_RDWR|os.O_CREATE, 0o644)
		if err == nil {
			err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		}
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		f.Truncate(0)
		fmt.Fprintf(f, "build watch (pid %d)\n", os.Getpid())
		fmt.Println("locked")
		bufio.NewReader(os.Stdin).ReadString('\n')
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestLockedOutputIsRefused(t *testing.T) {
	dir := project(t, "testdata/site.txtar")
	out, _ := buildSite(t, dir, nil)
	before := readTree(t, out)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "BUILD_TEST_HOLD_LOCK="+filepath.Join(dir, ".public.lock"))
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "locked\n" {
		t.Fatalf("helper said %q", line)
	}
	write(t, filepath.Join(dir, "content/late.md"), "---\nid: late1\ntitle: Late\n---\nA late article.\n")
	_, err := builder(t, dir, nil).Full()
	want := fmt.Sprintf("build watch (pid %d)", cmd.Process.Pid)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v, want one naming %q", err, want)
	}
	after := readTree(t, out)
	if len(after) != len(before) {
		t.Errorf("%d files before, %d after the refused build", len(before), len(after))
	}
	stdin.Close()
	cmd.Wait()
	if _, err := builder(t, dir, nil).Full(); err != nil {
		t.Errorf("after the holder ended: %v", err)
	}
}
