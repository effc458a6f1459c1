//go:build !unix

package search

import "time"

// cpuTime is not measured on this system: it is always 0.
func cpuTime() time.Duration { return 0 }
