package render

import (
	"fmt"
	"testing"
)

func TestWindow(t *testing.T) {
	tests := []struct {
		i, total int
		want     string
	}{
		{1, 1, "[1]"},
		{1, 5, "[1 2 3 0 5]"},
		{3, 5, "[1 2 3 4 5]"},
		{1, 500, "[1 2 3 0 500]"},
		{250, 500, "[1 0 248 249 250 251 252 0 500]"},
		{500, 500, "[1 0 498 499 500]"},
		{4, 8, "[1 2 3 4 5 6 0 8]"},
	}
	for _, tc := range tests {
		if got := fmt.Sprint(window(tc.i, tc.total)); got != tc.want {
			t.Errorf("window(%d, %d) = %s, want %s", tc.i, tc.total, got, tc.want)
		}
	}
}
