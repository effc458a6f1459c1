package main

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
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

// TestAddressInUse: a preview address another program listens on is
// named, with what to do, instead of the system's "bind: address already
// in use".
func TestAddressInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	dir := t.TempDir()
	site := filepath.Join(dir, "site.yaml")
	if err := os.WriteFile(site, []byte("title: Test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	var out bytes.Buffer
	err = run([]string{"watch", "-config", site, "-addr", addr, "-out", filepath.Join(dir, "public")}, &out, &out)
	want := "watch: " + addr + " is in use by another program (another watch?); stop it, or give the preview another address with -addr"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
