//go:build unix

package desk_test

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"briefing/internal/ingest"
)

// The helper process holds a content folder's lock the way a running
// convert does, until its standard input closes.
func TestMain(m *testing.M) {
	if dir := os.Getenv("DESK_TEST_HOLD_CONTENT"); dir != "" {
		unlock, err := ingest.Lock(dir, "build convert")
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

// TestSaveWhileConvertRuns: a save while a convert in another process
// holds the content folder writes nothing and says who holds it; once
// the convert ends, the same save goes through.
func TestSaveWhileConvertRuns(t *testing.T) {
	p := start(t, map[string]string{"iraq-talks": odd})
	edit := map[string]any{"name": "iraq-talks", "rev": p.rev(t, "iraq-talks"), "title": "Iraq talks resume"}

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "DESK_TEST_HOLD_CONTENT="+p.content)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	end := func() {
		stdin.Close()
		cmd.Wait()
	}
	defer end()
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "locked\n" {
		t.Fatalf("the helper said %q", line)
	}
	status, body := p.save(t, edit, nil)
	want := fmt.Sprintf("in use by build convert (pid %d, since ", cmd.Process.Pid)
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
