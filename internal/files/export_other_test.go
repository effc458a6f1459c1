//go:build !linux

package files

import "testing"

func forcePortable(*testing.T) {}
