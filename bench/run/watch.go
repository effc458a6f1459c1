package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// server is a process that rebuilds on change: our watch, or hugo server.
type server struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has exited
	ready  string        // a line holding this says the first build is done

	mu      sync.Mutex
	last    time.Time // when it last printed a line
	lines   []string  // its last lines of output
	isReady bool
	// indexed counts its lines about a search index update, the last
	// printed at indexedAt.
	indexed   int
	indexedAt time.Time
}

// startServer starts name with args in the repository root. ready is
// what it prints when its first build is done.
func startServer(ready, name string, args ...string) (*server, error) {
	s := &server{cmd: exec.Command(name, args...), exited: make(chan struct{}), last: time.Now(), ready: ready}
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
			s.isReady = s.isReady || strings.Contains(sc.Text(), s.ready)
			if strings.HasPrefix(sc.Text(), "search: ") {
				s.indexed++
				s.indexedAt = s.last
			}
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

// indexUpdates is how many search index updates it has reported, and when
// it reported the last.
func (s *server) indexUpdates() (int, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.indexed, s.indexedAt
}

func (s *server) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.lines, "\n")
}

// quietFor is how long it has printed nothing, and whether it said it
// is ready.
func (s *server) quietFor() (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return time.Since(s.last), s.isReady
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

// settle waits until the process is done working: file exists, it has
// said it is ready, it has printed nothing for quiet and has used almost
// no CPU time in the last quarter second (where the system says). If it
// never says it is ready, ten seconds of quiet will do. It fails after
// timeout or if the process exits.
func (s *server) settle(file string, quiet, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	const window = 250 * time.Millisecond
	cpu, _ := cpuTime(s.cmd.Process.Pid)
	for {
		select {
		case <-s.exited:
			return fmt.Errorf("it exited: %s", tail(s.output(), 8))
		default:
		}
		time.Sleep(window)
		now, ok := cpuTime(s.cmd.Process.Pid)
		idle := !ok || now-cpu < window/10
		cpu = now
		q, ready := s.quietFor()
		if _, err := os.Stat(file); err == nil && idle && (ready && q >= quiet || q >= 10*time.Second) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not settled after %s: %s", timeout, tail(s.output(), 8))
		}
	}
}

// cpuTime is the user and system time a process has used so far, from
// /proc on Linux; ok is false elsewhere.
func cpuTime(pid int) (d time.Duration, ok bool) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// The command name, in parentheses, may hold spaces; fields follow it.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	// Clock ticks are 1/100 s on every Linux the benchmark runs on.
	return time.Duration(utime+stime) * 10 * time.Millisecond, true
}

// editLatency edits the first paragraph of the content file src edits
// times and measures each time from the write until page, the article's
// output file, holds the new text. It puts src back as it was. When visit
// is set, it first requests that URL, as a browser showing the article
// would: Hugo's server re-renders only pages that were visited. When
// indexed is not nil, it also measures from the write until the server
// says it updated the search index (a line "search: …"), into indexed.
func editLatency(s *server, src, page, visit string, edits int, indexed *[]time.Duration) ([]time.Duration, error) {
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
		s.settle(page, 500*time.Millisecond, 5*time.Minute)
	}()
	if visit != "" {
		if resp, err := http.Get(visit); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	run := time.Now().UnixNano() % 1e9
	var out []time.Duration
	for i := range edits {
		marker := fmt.Sprintf("benchedit%dn%d", run, i)
		var b bytes.Buffer
		b.Write(before)
		b.Write(para)
		b.WriteString(" The desk revised this paragraph, " + marker + ".")
		b.Write(after)
		updates, _ := s.indexUpdates()
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
			if time.Since(start) > time.Minute {
				return out, fmt.Errorf("edit %d: %s did not show it within a minute: %s", i+1, page, tail(s.output(), 8))
			}
			select {
			case <-s.exited:
				return out, fmt.Errorf("edit %d: it exited: %s", i+1, tail(s.output(), 8))
			default:
			}
			time.Sleep(time.Millisecond)
		}
		for indexed != nil {
			if n, at := s.indexUpdates(); n > updates {
				*indexed = append(*indexed, at.Sub(start))
				break
			}
			if time.Since(start) > 2*time.Minute {
				return out, fmt.Errorf("edit %d: no search index update within two minutes: %s", i+1, tail(s.output(), 8))
			}
			time.Sleep(time.Millisecond)
		}
		// Let the rebuild finish before the next edit.
		if err := s.settle(page, 500*time.Millisecond, 5*time.Minute); err != nil {
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
