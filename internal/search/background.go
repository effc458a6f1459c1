package search

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"time"
)

// Background re-indexes a site after builds without holding them up. A
// run starts once no build has asked for one for a second, so a run of
// quick edits is indexed once at its end, not after every save; one run
// goes at a time, and kicks during a run make one more run after it. The
// first run indexes every part; later runs only the parts whose pages
// changed.
type Background struct {
	ix    *Indexer
	ctx   context.Context
	log   io.Writer
	delay time.Duration
	// after is time.AfterFunc; tests fire the timers themselves.
	after func(time.Duration, func()) stopper

	mu      sync.Mutex
	timer   stopper
	running bool
	next    string // folder of the pending run, "" when none
	done    chan struct{}
	last    *state // the index as the last run left it, used by one run at a time
}

// Background returns a re-indexer that logs one line per run to log and
// stops starting runs when ctx ends.
func (ix *Indexer) Background(ctx context.Context, log io.Writer) *Background {
	return &Background{ix: ix, ctx: ctx, log: log, delay: time.Second, after: afterFunc}
}

// stopper is a timer that can be stopped.
type stopper interface{ Stop() bool }

func afterFunc(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) }

// Kick asks for dir to be indexed soon.
func (b *Background) Kick(dir string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next = dir
	if b.done == nil || !b.running && b.timer == nil {
		b.done = make(chan struct{})
	}
	if b.timer != nil {
		b.timer.Stop()
	}
	b.timer = b.after(b.delay, b.fire)
}

func (b *Background) fire() {
	b.mu.Lock()
	b.timer = nil
	if b.running {
		b.mu.Unlock()
		return // the running loop picks the request up
	}
	b.running = true
	b.mu.Unlock()
	b.loop()
}

func (b *Background) loop() {
	for {
		b.mu.Lock()
		dir := b.next
		b.next = ""
		if dir == "" || b.ctx.Err() != nil {
			b.running = false
			if b.timer == nil {
				close(b.done)
			}
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		res, err := b.run(dir)
		if b.log != nil && b.ctx.Err() == nil {
			if err != nil {
				fmt.Fprintln(b.log, err)
			} else {
				fmt.Fprintln(b.log, res)
			}
		}
	}
}

// run indexes dir: only the changed parts when the last run indexed the
// same folder, else all of it.
func (b *Background) run(dir string) (Result, error) {
	if abs, err := filepath.Abs(dir); err == nil && b.last != nil && b.last.dir == abs {
		res, ok, err := b.ix.update(b.ctx, b.last, true)
		if err != nil {
			b.last = nil
		}
		if ok {
			return res, err
		}
	}
	res, st, err := b.ix.full(b.ctx, dir, true)
	b.last = st
	return res, err
}

// Wait returns when no run is going or pending.
func (b *Background) Wait() {
	b.mu.Lock()
	done := b.done
	b.mu.Unlock()
	if done != nil {
		<-done
	}
}
