package testsite

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"testing"

	"briefing/internal/files"
)

// The environment that makes a test binary the lock-holding process of
// HoldLock: the folder, and who it holds it as.
const (
	holdDir    = "TESTSITE_HOLD_LOCK_DIR"
	holdHolder = "TESTSITE_HOLD_LOCK_AS"
)

// MaybeHoldLock is for a test binary's TestMain, before m.Run: in the
// process HoldLock starts, it takes the folder's lock (files.Lock), says
// "locked" and holds it until its standard input closes, then exits.
// Elsewhere it does nothing.
func MaybeHoldLock() {
	dir := os.Getenv(holdDir)
	if dir == "" {
		return
	}
	f, err := files.Lock(dir, os.Getenv(holdHolder))
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	io.Copy(io.Discard, os.Stdin)
	f.Close()
	os.Exit(0)
}

// HoldLock starts this test binary again as another process that holds
// the lock of the folder dir as holder would (its TestMain must call
// MaybeHoldLock), and returns once it does, with the process's id and a
// function that ends it, called at the end of the test if not before.
func HoldLock(t testing.TB, dir, holder string) (pid int, end func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdDir+"="+dir, holdHolder+"="+holder)
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
		t.Fatalf("the process holding %s said %q", dir, line)
	}
	return cmd.Process.Pid, end
}
