package search

import (
	"fmt"
	"io"
	"sync"
)

// Background updates an index in another goroutine, so a build's edit
// path only hands it the articles (Kick) and goes on. One update runs at a
// time; kicks during a run leave one more run after it, with the newest
// articles.
type Background struct {
	ix  *Index
	log io.Writer

	mu      sync.Mutex
	idle    *sync.Cond
	running bool
	next    *job
}

type job struct {
	dir  string
	docs []Doc
}

// Background returns a Background that updates ix and logs one line per
// update to log (nil: none).
func (ix *Index) Background(log io.Writer) *Background {
	b := &Background{ix: ix, log: log}
	b.idle = sync.NewCond(&b.mu)
	return b
}

// Kick asks for the index in dir to be brought up to date with docs.
func (b *Background) Kick(dir string, docs []Doc) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next = &job{dir, docs}
	if !b.running {
		b.running = true
		go b.loop()
	}
}

func (b *Background) loop() {
	b.mu.Lock()
	for b.next != nil {
		j := b.next
		b.next = nil
		b.mu.Unlock()
		res, err := b.ix.Update(j.dir, j.docs)
		if b.log != nil {
			if err != nil {
				fmt.Fprintln(b.log, err)
			} else if res.Written+res.Removed > 0 {
				fmt.Fprintln(b.log, res)
			}
		}
		b.mu.Lock()
	}
	b.running = false
	b.idle.Broadcast()
	b.mu.Unlock()
}

// Wait returns once no update is running or asked for.
func (b *Background) Wait() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.running {
		b.idle.Wait()
	}
}

// Stop drops the update asked for, if any, and waits for the running one
// to end: the Index is then free for its owner.
func (b *Background) Stop() {
	b.mu.Lock()
	b.next = nil
	b.mu.Unlock()
	b.Wait()
}
