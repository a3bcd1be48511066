package pac

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// ScriptHost answers what a script asks of the machine: dnsResolve's
// address (ok false: none, the script sees null) and myIpAddress's.
type ScriptHost interface {
	Resolve(name string) (ip string, ok bool)
	MyIPAddress() string
}

// Engine runs script's FindProxyForURL(target, host) within ctx
// (internal/pac/engine.Evaluate, in the helper program only).
type Engine func(ctx context.Context, script, target, host string, h ScriptHost) (string, error)

// maxMessage bounds the error message the helper sends back.
const maxMessage = 4 << 10

// Serve is the helper program's side of Evaluate: it reads one request
// from in, runs it with run, asking the parent on out and in for every
// address the script looks up, and writes the answer or the error.
func Serve(in io.Reader, out io.Writer, run Engine) error {
	var fields [4]string
	for i, kind := range []byte{frameScript, frameTarget, frameHost, frameTime} {
		k, v, err := readFrame(in, maxToHelper)
		if err != nil {
			return fmt.Errorf("read the request: %w", err)
		}
		if k != kind {
			return fmt.Errorf("read the request: %w: %c frame, want %c", errFrame, k, kind)
		}
		fields[i] = v
	}
	ms, err := strconv.ParseInt(fields[3], 10, 64)
	if err != nil {
		return fmt.Errorf("read the request: time left: %w", err)
	}
	ctx := context.Background()
	if ms > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(ms)*time.Millisecond)
		defer cancel()
	}
	answer, err := run(ctx, fields[0], fields[1], fields[2], &pipeHost{in: in, out: out})
	switch {
	case err != nil:
		code, text := ErrScript, err.Error()
		var pe *Error
		if errors.As(err, &pe) {
			code, text = pe.Code, pe.Err.Error()
		}
		if len(text) > maxMessage {
			text = text[:maxMessage]
		}
		return writeFrame(out, frameError, code+"\n"+text)
	case len(answer) > maxFromHelper:
		return writeFrame(out, frameError, ErrScript+"\nthe answer is longer than "+strconv.Itoa(maxFromHelper)+" bytes")
	}
	return writeFrame(out, frameAnswer, answer)
}

// pipeHost asks the parent, which resolves with its own Resolver.
type pipeHost struct {
	in  io.Reader
	out io.Writer
}

func (h *pipeHost) ask(kind byte, payload string) string {
	if err := writeFrame(h.out, kind, payload); err != nil {
		return ""
	}
	k, v, err := readFrame(h.in, maxName)
	if err != nil || k != frameAddress {
		return ""
	}
	return v
}

func (h *pipeHost) Resolve(name string) (string, bool) {
	if len(name) > maxName {
		return "", false
	}
	ip := h.ask(frameResolve, name)
	return ip, ip != ""
}

func (h *pipeHost) MyIPAddress() string {
	if ip := h.ask(frameMyIP, ""); ip != "" {
		return ip
	}
	return "127.0.0.1"
}
