package search

import (
	"context"
	"fmt"
	"io"
	"sync"
)

// Background re-indexes a site after builds without holding them up. One
// run goes at a time; kicks that come during a run make one more run after
// it, however many there were, so a burst of edits costs at most two runs.
type Background struct {
	ix  *Indexer
	ctx context.Context
	log io.Writer

	mu      sync.Mutex
	running bool
	next    string // folder of the pending run, "" when none
	done    chan struct{}
}

// Background returns a re-indexer that logs one line per run to log and
// stops starting runs when ctx ends.
func (ix *Indexer) Background(ctx context.Context, log io.Writer) *Background {
	return &Background{ix: ix, ctx: ctx, log: log}
}

// Kick asks for dir to be indexed soon.
func (b *Background) Kick(dir string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next = dir
	if b.running {
		return
	}
	b.running = true
	b.done = make(chan struct{})
	go b.loop()
}

func (b *Background) loop() {
	for {
		b.mu.Lock()
		dir := b.next
		b.next = ""
		if dir == "" || b.ctx.Err() != nil {
			b.running = false
			close(b.done)
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		res, err := b.ix.Index(b.ctx, dir)
		if b.log != nil && b.ctx.Err() == nil {
			if err != nil {
				fmt.Fprintln(b.log, err)
			} else {
				fmt.Fprintln(b.log, res)
			}
		}
	}
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
