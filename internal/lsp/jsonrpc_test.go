package lsp

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// repeatReader yields n copies of one byte without holding them.
type repeatReader struct {
	b byte
	n int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n)]
	for i := range p {
		p[i] = r.b
	}
	r.n -= int64(len(p))
	return len(p), nil
}

// hostile is a stream: prefix, n bytes of b, suffix.
func hostile(prefix string, b byte, n int64, suffix string) io.Reader {
	return io.MultiReader(strings.NewReader(prefix), &repeatReader{b: b, n: n}, strings.NewReader(suffix))
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

const good = "Content-Length: 2\r\n\r\n{}"

// TestReadMessageBounds: headers that are too long, too many or announce
// too large a body are refused without holding them, and the message
// after them is read.
func TestReadMessageBounds(t *testing.T) {
	const big = 256 << 20 // streamed, never held
	cases := []struct {
		name string
		in   io.Reader
		lost bool
	}{
		{"long ignored header", hostile("X-Junk: ", 'a', big, "\r\nContent-Length: 3\r\n\r\n{x}"+good), false},
		{"long Content-Length", hostile("Content-Length: ", '0', big, "7\r\n\r\n{}"+good), true},
		{"long line without colon", hostile("", 'a', big, "\r\n\r\n"+good), true},
		{"body above the cap", hostile(fmt.Sprintf("Content-Length: %d\r\n\r\n", maxMessage+1), ' ', maxMessage+1, good), false},
		{"many header lines", hostile("", '\n', 0, strings.Repeat("X-A: b\r\n", 100000)+"\r\n"+good), true},
		{"no Content-Length", strings.NewReader("Content-Type: x\r\n\r\n{}\n" + good), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := bufio.NewReaderSize(c.in, 64<<10)
			var body []byte
			var err1, err2 error
			alloc := allocated(func() {
				_, err1 = readMessage(r)
				var fe *frameError
				if errors.As(err1, &fe) && fe.lost {
					if err := resync(r); err != nil {
						t.Fatalf("resync: %v", err)
					}
				}
				body, err2 = readMessage(r)
			})
			var fe *frameError
			if !errors.As(err1, &fe) || fe.lost != c.lost {
				t.Fatalf("first message: %v, want a frameError with lost=%v", err1, c.lost)
			}
			if err2 != nil || string(body) != "{}" {
				t.Fatalf("message after it: %q, %v", body, err2)
			}
			if alloc > 4<<20 {
				t.Errorf("allocated %d MB reading it", alloc>>20)
			}
		})
	}
}

// TestServeSurvivesHostileFraming: the server answers a refused message
// with an error and serves the requests after it.
func TestServeSurvivesHostileFraming(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- Serve(t.Context(), inR, outW, Options{Log: io.Discard}); outW.Close() }()
	defer inW.Close()
	go func() {
		// A 64 MB header line, then a request.
		_, _ = io.Copy(inW, hostile("X-Junk: ", 'a', 64<<20, "\r\nContent-Length: 2\r\n\r\n{}"))
		_, _ = io.Copy(inW, hostile("Content-Length: ", '9', 1<<20, "\r\n\r\n"))
		req := `{"jsonrpc":"2.0","id":7,"method":"shutdown"}`
		_, _ = fmt.Fprintf(inW, "Content-Length: %d\r\n\r\n%s", len(req), req)
	}()
	r := bufio.NewReader(outR)
	var refused int
	for {
		body, err := readMessage(r)
		if err != nil {
			t.Fatalf("reading the answers: %v (refused %d)", err, refused)
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatal(err)
		}
		if m.Error != nil && string(m.ID) == "null" && m.Error.Code == codeInvalidRequest {
			refused++
			continue
		}
		if string(m.ID) != "7" {
			t.Fatalf("answer %s, want the shutdown's", body)
		}
		break
	}
	if refused != 2 {
		t.Errorf("%d messages refused, want 2", refused)
	}
	select {
	case err := <-done:
		t.Fatalf("server stopped: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
}
