//go:build unix

package files

import "syscall"

// nonBlock opens a file without waiting for a writer (a named pipe).
const nonBlock = syscall.O_NONBLOCK
