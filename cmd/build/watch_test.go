package main

import (
	"net"
	"testing"
)

// TestEditingOnlyOnLoopback: editing is on by default only where no other
// machine can reach the preview; the flag decides otherwise.
func TestEditingOnlyOnLoopback(t *testing.T) {
	tests := []struct {
		ip   string
		flag editing
		want bool
	}{
		{"127.0.0.1", editing{}, true},
		{"::1", editing{}, true},
		{"0.0.0.0", editing{}, false},
		{"192.168.1.5", editing{}, false},
		{"0.0.0.0", editing{on: true, set: true}, true},
		{"127.0.0.1", editing{on: false, set: true}, false},
	}
	for _, tc := range tests {
		addr := &net.TCPAddr{IP: net.ParseIP(tc.ip), Port: 1313}
		if got := tc.flag.enabled(addr); got != tc.want {
			t.Errorf("%s with %+v: editing %v, want %v", tc.ip, tc.flag, got, tc.want)
		}
	}
}
