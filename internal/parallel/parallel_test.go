package parallel

import (
	"slices"
	"sync"
	"testing"
)

// TestFor checks that every step runs exactly once, for counts around the
// chunk sizes and none at all.
func TestFor(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 63, 64, 127, 128, 129, 1000, 12345} {
		got := make([]int32, n)
		For(n, func(i int) { got[i]++ })
		for i, c := range got {
			if c != 1 {
				t.Fatalf("n=%d: step %d ran %d times", n, i, c)
			}
		}
	}
}

// TestForWith checks that a worker's scratch value is its own: no two
// calls use one value at once, and every step runs.
func TestForWith(t *testing.T) {
	const n = 10000
	var mu sync.Mutex
	var made []*[]int
	ForWith(n, func() *[]int {
		s := new([]int)
		mu.Lock()
		made = append(made, s)
		mu.Unlock()
		return s
	}, func(s *[]int, i int) { *s = append(*s, i) })
	var all []int
	for _, s := range made {
		all = append(all, *s...)
	}
	slices.Sort(all)
	if len(all) != n || all[0] != 0 || all[n-1] != n-1 || len(slices.Compact(all)) != n {
		t.Fatalf("steps run: %d, want each of 0 … %d once", len(all), n-1)
	}
}
