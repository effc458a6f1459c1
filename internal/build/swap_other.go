//go:build !linux

package build

// exchange is not available here: swap renames the old folder away first.
func exchange(a, b string) error { return errNoExchange }
