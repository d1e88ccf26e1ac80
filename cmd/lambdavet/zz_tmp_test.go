package main

import (
	"io"
	"os"
	"strings"
	"testing"
)

func TestZZ120(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	startGC()
	b, _ := os.ReadFile("/tmp/t120.txt")
	files := strings.Fields(string(b))
	for range 30 {
		run(append([]string{"-format", "json"}, files...), io.Discard, io.Discard)
	}
}
