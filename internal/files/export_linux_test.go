package files

import "testing"

// forcePortable makes Create take the portable way for one test.
func forcePortable(t *testing.T) {
	was := noUnnamed.Load()
	noUnnamed.Store(true)
	t.Cleanup(func() { noUnnamed.Store(was) })
}
