//go:build unix

// Package proc reports on the running process: the processor time it has
// used, for the lines that say what a build or an index cost.
package proc

import (
	"syscall"
	"time"
)

// CPUTime is the processor time the process has used, user and system.
// Benchmarks report it beside the wall clock, which on a shared machine
// says more about the other processes than about the code.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
