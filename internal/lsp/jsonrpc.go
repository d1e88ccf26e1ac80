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

// errFraming is a header the reader cannot make sense of; the stream is
// lost after it.
var errFraming = errors.New("bad message header")

// readMessage reads one framed message body. Header names are matched
// without regard to case; Content-Type is accepted and ignored.
func readMessage(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			if err == io.EOF && line == "" && length < 0 {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("reading header: %w", err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if length < 0 {
				continue // stray blank line between messages
			}
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%w: %q", errFraming, line)
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%w: Content-Length %q", errFraming, value)
			}
			if n > maxMessage {
				return nil, fmt.Errorf("%w: message of %d bytes, above the %d MB accepted", errFraming, n, maxMessage>>20)
			}
			length = n
		}
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("reading body: %w", err)
	}
	return body, nil
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
// it is written.
func (c *conn) close() {
	c.mu.Lock()
	c.closed = true
	for id, ch := range c.pending {
		close(ch)
		delete(c.pending, id)
	}
	c.cond.Signal()
	c.mu.Unlock()
	<-c.done
}
