// Package parallel runs the steps of a loop on every core: rendering pages,
// reading articles, relating them, checking built files, converting dumps.
// Each step is independent of the others and writes only its own slot of a
// result.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(i) for every i in 0 … n-1, on every core, and returns when
// all calls have returned.
func For(n int, f func(i int)) {
	ForWith(n, func() struct{} { return struct{}{} }, func(_ struct{}, i int) { f(i) })
}

// ForWith is For with a value each worker makes once with start and passes
// to every call it makes: scratch space the calls of one worker share.
func ForWith[S any](n int, start func() S, f func(s S, i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		if n > 0 {
			s := start()
			for i := range n {
				f(s, i)
			}
		}
		return
	}
	// Workers take steps in chunks, so cheap steps do not queue on the
	// counter, and small ones, so no worker is left with a long tail.
	chunk := max(1, n/(workers*64))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			s := start()
			for {
				end := int(next.Add(int64(chunk)))
				i := end - chunk
				if i >= n {
					return
				}
				for ; i < min(end, n); i++ {
					f(s, i)
				}
			}
		})
	}
	wg.Wait()
}
