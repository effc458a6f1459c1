package spell

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"summary", "summary", 2, 0},
		{"sumary", "summary", 2, 1},
		{"txt", "text", 1, 1},
		{"tilte", "title", 1, 1}, // a swap is one edit
		{"kadhimy", "kadhimi", 2, 1},
		{"abc", "xyz", 1, 2}, // past the limit: limit+1
		{"al-kadhimi", "kadhimi", 2, 3},
		{"é", "e", 1, 1}, // runes, not bytes
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
	if got := Nearest("sumary", []string{"id", "summary", "sources"}); got != "summary" {
		t.Errorf("Nearest = %q", got)
	}
	if got := Nearest("colour", []string{"id", "title"}); got != "" {
		t.Errorf("Nearest of nothing near = %q", got)
	}
}
