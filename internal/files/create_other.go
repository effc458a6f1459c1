//go:build !linux

package files

func createUnnamed(string, []byte) error { return errUnsupported }
