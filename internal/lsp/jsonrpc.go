package lsp

// The JSON-RPC 2.0 layer the Language Server Protocol runs on: messages
// framed by a Content-Length header, requests answered by id, notifications
// never answered, and requests of our own to the client (workspace/configuration,
// client/registerCapability) whose answers are routed back by id.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// JSON-RPC and LSP error codes.
const (
	codeParseError           = -32700
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInvalidParams        = -32602
	codeInternalError        = -32603
	codeServerNotInitialized = -32002
	codeRequestCancelled     = -32800
)

// maxMessage bounds the body of one message: the largest file lambdavet
// reads is 32 MB, and JSON escaping can double it.
const maxMessage = 80 << 20

// rpcError is the error member of a response.
type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *rpcError) Error() string { return fmt.Sprintf("%s (%d)", e.Message, e.Code) }

// message is any JSON-RPC message: a request (ID and Method), a
// notification (Method only) or a response (ID, Result or Error).
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

// hasID reports whether the message carries an id (JSON null is none).
func (m *message) hasID() bool {
	return len(m.ID) > 0 && !bytes.Equal(m.ID, []byte("null"))
}

// response is what is written back for a request: result is always
// present on success, as JSON-RPC requires, even when it is null.
type response struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  json.RawMessage `json:"result"`
}

type errorResponse struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Error   *rpcError       `json:"error"`
}

type outgoing struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method"`
	Params  any             `json:"params,omitempty"`
}

// Bounds on the framing, so that a client (or whatever else writes to the
// server's standard input) cannot make the server hold more than one
// message: a header is a few short lines ("Content-Length: 123",
// "Content-Type: ..."), and no message is larger than the largest
// document lambdavet reads (32 MB) after JSON escaping.
const (
	maxHeaderLine  = 4 << 10
	maxHeaderLines = 32
)

// errFraming is a header the reader cannot make sense of.
var errFraming = errors.New("bad message header")

// frameError is a message the reader refused. When lost is false the
// body was skipped by its Content-Length and the next message is read as
// usual; when lost is true, where the body ends is unknown and resync
// must find the next header before reading on.
type frameError struct {
	msg  string
	lost bool
}

func (e *frameError) Error() string { return errFraming.Error() + ": " + e.msg }

func (e *frameError) Unwrap() error { return errFraming }

// readLine reads one header line without its terminator, holding at most
// limit bytes of it: the rest of a longer line is read and dropped, and
// long is set.
func readLine(r *bufio.Reader, limit int) (line []byte, long bool, err error) {
	for {
		frag, err := r.ReadSlice('\n')
		if len(line)+len(frag) > limit {
			long = true
			frag = frag[:max(0, limit-len(line))]
		}
		line = append(line, frag...)
		switch {
		case err == nil:
			return bytes.TrimRight(line, "\r\n"), long, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		default:
			return line, long, err
		}
	}
}

// readMessage reads one framed message body. Header names are matched
// without regard to case; Content-Type is accepted and ignored. A message
// that breaks the bounds is refused with a *frameError, without holding
// more than maxHeaderLine bytes of any header line.
func readMessage(r *bufio.Reader) ([]byte, error) {
	length := -1
	lines := 0
	var problem string // why the message is refused, once its body is skipped
	for {
		line, long, err := readLine(r, maxHeaderLine)
		if err != nil {
			if err == io.EOF && len(line) == 0 && lines == 0 {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("reading header: %w", err)
		}
		if len(line) == 0 && !long {
			if lines == 0 {
				continue // stray blank line between messages
			}
			break
		}
		lines++
		if lines > maxHeaderLines {
			// Lines that never end the header: the body cannot be found.
			return nil, &frameError{msg: fmt.Sprintf("more than %d header lines", maxHeaderLines), lost: true}
		}
		name, value, ok := strings.Cut(string(line), ":")
		isLength := strings.EqualFold(strings.TrimSpace(name), "Content-Length")
		switch {
		case long && (isLength || !ok):
			// The length itself, or what may be it, is beyond reading.
			return nil, &frameError{msg: fmt.Sprintf("header line longer than %d bytes", maxHeaderLine), lost: true}
		case long:
			// Another header, which is ignored anyway: skip the message.
			problem = fmt.Sprintf("%s header longer than %d bytes", quoteHeader(name), maxHeaderLine)
		case !ok:
			return nil, &frameError{msg: fmt.Sprintf("header line %s without a colon", quoteHeader(string(line))), lost: true}
		case isLength:
			n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil || n < 0 {
				return nil, &frameError{msg: fmt.Sprintf("Content-Length %s", quoteHeader(value)), lost: true}
			}
			if n > maxMessage {
				// Skipped by its length: the stream stays framed.
				if _, err := io.CopyN(io.Discard, r, n); err != nil {
					return nil, fmt.Errorf("skipping a message of %d bytes: %w", n, err)
				}
				return nil, &frameError{msg: fmt.Sprintf("message of %d bytes, above the %d MB accepted", n, maxMessage>>20)}
			}
			length = int(n)
		}
	}
	if length < 0 {
		return nil, &frameError{msg: "header without Content-Length", lost: true}
	}
	if problem != "" {
		if _, err := r.Discard(length); err != nil {
			return nil, fmt.Errorf("skipping a message: %w", err)
		}
		return nil, &frameError{msg: problem}
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("reading body: %w", err)
	}
	return body, nil
}

// resync drops input up to the next "Content-Length:" after a header
// that lost the framing. It is looked for anywhere, not only at the start
// of a line, as a body is not followed by a line break; the bytes dropped
// are never held.
func resync(r *bufio.Reader) error {
	const prefix = "content-length:"
	for {
		if r.Buffered() == 0 {
			if _, err := r.Peek(1); err != nil {
				return err
			}
		}
		buf, _ := r.Peek(r.Buffered())
		i := bytes.IndexAny(buf, "cC")
		if i < 0 {
			_, _ = r.Discard(len(buf))
			continue
		}
		_, _ = r.Discard(i)
		head, err := r.Peek(len(prefix))
		if strings.EqualFold(string(head), prefix) {
			return nil
		}
		if err != nil {
			return err // the stream ends before another header
		}
		_, _ = r.Discard(1)
	}
}

// quoteHeader quotes a header's text for a message, shortened: it is
// whatever the client sent.
func quoteHeader(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return strconv.Quote(s)
}

// conn writes messages to the client and matches the answers to the
// requests the server sends. Writes are queued and written by one
// goroutine, so a client slow to read never blocks the server's handlers,
// and messages leave in the order they were queued.
type conn struct {
	w io.Writer

	mu      sync.Mutex
	cond    *sync.Cond
	queue   [][]byte
	closed  bool
	nextID  int
	pending map[string]chan *message
	done    chan struct{}
}

func newConn(w io.Writer) *conn {
	c := &conn{w: w, pending: map[string]chan *message{}, done: make(chan struct{})}
	c.cond = sync.NewCond(&c.mu)
	go c.writeLoop()
	return c
}

func (c *conn) writeLoop() {
	defer close(c.done)
	for {
		c.mu.Lock()
		for len(c.queue) == 0 && !c.closed {
			c.cond.Wait()
		}
		batch := c.queue
		c.queue = nil
		closed := c.closed
		c.mu.Unlock()
		for _, frame := range batch {
			if _, err := c.w.Write(frame); err != nil {
				c.mu.Lock()
				c.closed = true
				c.queue = nil
				c.mu.Unlock()
				return
			}
		}
		if closed && len(batch) == 0 {
			return
		}
	}
}

func (c *conn) write(v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	frame := make([]byte, 0, len(body)+32)
	frame = fmt.Appendf(frame, "Content-Length: %d\r\n\r\n", len(body))
	frame = append(frame, body...)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return errors.New("connection closed")
	}
	c.queue = append(c.queue, frame)
	c.cond.Signal()
	return nil
}

func (c *conn) reply(id json.RawMessage, result any) error {
	raw, err := json.Marshal(result)
	if err != nil {
		return c.replyError(id, codeInternalError, err.Error())
	}
	return c.write(response{JSONRPC: "2.0", ID: id, Result: raw})
}

func (c *conn) replyError(id json.RawMessage, code int, msg string) error {
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	return c.write(errorResponse{JSONRPC: "2.0", ID: id, Error: &rpcError{Code: code, Message: msg}})
}

func (c *conn) notify(method string, params any) error {
	return c.write(outgoing{JSONRPC: "2.0", Method: method, Params: params})
}

// call sends a request to the client and returns a channel that receives
// its answer (or nil when the connection closes first).
func (c *conn) call(method string, params any) (<-chan *message, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, errors.New("connection closed")
	}
	c.nextID++
	id := fmt.Sprintf(`"lambdavet-%d"`, c.nextID)
	ch := make(chan *message, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	if err := c.write(outgoing{JSONRPC: "2.0", ID: json.RawMessage(id), Method: method, Params: params}); err != nil {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
		return nil, err
	}
	return ch, nil
}

// deliver routes a response from the client to the call waiting for it;
// it reports whether one was.
func (c *conn) deliver(m *message) bool {
	key := string(bytes.TrimSpace(m.ID))
	c.mu.Lock()
	ch, ok := c.pending[key]
	delete(c.pending, key)
	c.mu.Unlock()
	if ok {
		ch <- m
	}
	return ok
}

// close fails every pending call, writes what is queued and waits until
// it is written, or for at most wait: a client that stopped reading does
// not keep the server from exiting.
func (c *conn) close(wait time.Duration) {
	c.mu.Lock()
	c.closed = true
	for id, ch := range c.pending {
		close(ch)
		delete(c.pending, id)
	}
	c.cond.Signal()
	c.mu.Unlock()
	select {
	case <-c.done:
	case <-time.After(wait):
	}
}
