package main

import (
	"os"
	"runtime"
	"runtime/pprof"
)

// profile starts a CPU profile and arranges a heap profile, for the files
// named; the returned function finishes both.
func profile(cpu, mem string) (func(), error) {
	stop := func() {}
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, err
		}
		stop = func() { pprof.StopCPUProfile(); f.Close() }
	}
	if mem == "" {
		return stop, nil
	}
	return func() {
		stop()
		if f, err := os.Create(mem); err == nil {
			runtime.GC()
			pprof.WriteHeapProfile(f)
			f.Close()
		}
	}, nil
}
