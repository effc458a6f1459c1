package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// server is a process that rebuilds on change: our watch, or hugo server.
type server struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has exited

	mu    sync.Mutex
	last  time.Time // when it last printed a line
	lines []string  // its last lines of output
}

// startServer starts name with args in the repository root.
func startServer(name string, args ...string) (*server, error) {
	s := &server{cmd: exec.Command(name, args...), exited: make(chan struct{}), last: time.Now()}
	pr, pw := io.Pipe()
	s.cmd.Stdout, s.cmd.Stderr = pw, pw
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			s.mu.Lock()
			s.last = time.Now()
			s.lines = append(s.lines, sc.Text())
			if len(s.lines) > 40 {
				s.lines = s.lines[len(s.lines)-40:]
			}
			s.mu.Unlock()
		}
		io.Copy(io.Discard, pr)
	}()
	go func() {
		s.cmd.Wait()
		pw.Close()
		close(s.exited)
	}()
	return s, nil
}

func (s *server) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.lines, "\n")
}

func (s *server) quietFor() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return time.Since(s.last)
}

// stop interrupts the process and waits for it; it kills it after 10 s.
func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
	}
}

// settle waits until file exists and the process has printed nothing for
// quiet, or fails after timeout or if the process exits.
func (s *server) settle(file string, quiet, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		select {
		case <-s.exited:
			return fmt.Errorf("it exited: %s", tail(s.output(), 8))
		default:
		}
		if _, err := os.Stat(file); err == nil && s.quietFor() >= quiet {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not settled after %s: %s", timeout, tail(s.output(), 8))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// editLatency edits the first paragraph of the content file src edits
// times and measures each time from the write until page, the article's
// output file, holds the new text. It puts src back as it was.
func editLatency(s *server, src, page string, edits int) ([]time.Duration, error) {
	orig, err := os.ReadFile(src)
	if err != nil {
		return nil, err
	}
	before, para, after, err := firstParagraph(orig)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	defer func() {
		os.WriteFile(src, orig, 0o644)
		s.settle(page, 300*time.Millisecond, 30*time.Second)
	}()
	run := time.Now().UnixNano() % 1e9
	var out []time.Duration
	for i := range edits {
		marker := fmt.Sprintf("benchedit%dn%d", run, i)
		var b bytes.Buffer
		b.Write(before)
		b.Write(para)
		b.WriteString(" The desk revised this paragraph, " + marker + ".")
		b.Write(after)
		start := time.Now()
		if err := os.WriteFile(src, b.Bytes(), 0o644); err != nil {
			return out, err
		}
		for {
			data, _ := os.ReadFile(page)
			if bytes.Contains(data, []byte(marker)) {
				out = append(out, time.Since(start))
				break
			}
			if time.Since(start) > 20*time.Second {
				return out, fmt.Errorf("edit %d: %s did not show it within 20 s: %s", i+1, page, tail(s.output(), 8))
			}
			select {
			case <-s.exited:
				return out, fmt.Errorf("edit %d: it exited: %s", i+1, tail(s.output(), 8))
			default:
			}
			time.Sleep(time.Millisecond)
		}
		// Let the rebuild finish before the next edit.
		if err := s.settle(page, 300*time.Millisecond, 30*time.Second); err != nil {
			return out, err
		}
	}
	return out, nil
}

// firstParagraph splits a content file around the first line of its body.
func firstParagraph(data []byte) (before, para, after []byte, err error) {
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, nil, nil, errors.New("no front matter")
	}
	end := bytes.Index(data[4:], []byte("\n---\n"))
	if end < 0 {
		return nil, nil, nil, errors.New("front matter not closed")
	}
	i := 4 + end + len("\n---\n")
	for i < len(data) && data[i] == '\n' {
		i++
	}
	j := bytes.IndexByte(data[i:], '\n')
	if j < 0 {
		j = len(data) - i
	}
	if j == 0 {
		return nil, nil, nil, errors.New("empty body")
	}
	return data[:i], data[i : i+j], data[i+j:], nil
}

// freePort is a TCP port on 127.0.0.1 that nothing listens on now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
