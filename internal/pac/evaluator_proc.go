package pac

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// request is one evaluation as the helper receives it.
type request struct {
	script, target, host string
}

// runHelper evaluates req in the helper program at path: it writes the
// request on the helper's standard input, answers its lookups with
// resolve and myIP, and reads its answer. The helper is killed at ctx's
// deadline and always reaped before runHelper returns; everything it
// sends is bounded (maxFromHelper a frame, maxStderr of its error output).
// A helper that crashes, is killed by its memory limit or sends anything
// but the protocol is a script that failed (ErrScript).
func runHelper(ctx context.Context, path string, req request, resolve func(string) string, myIP func() string) (string, error) {
	if ctx.Err() != nil {
		return "", &Error{ErrTimeout, errors.New("no time left to run the script")}
	}
	cmd := exec.Command(path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "", &Error{ErrScript, fmt.Errorf("start the script's evaluator: %w", err)}
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", &Error{ErrScript, fmt.Errorf("start the script's evaluator: %w", err)}
	}
	stderr := &cappedBuffer{max: maxStderr}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		// Present but not runnable (not executable, another machine's
		// program): the installation is broken as when it is missing.
		return "", &Error{ErrMissing, fmt.Errorf("start the script's evaluator %s: %w", path, err)}
	}
	var reapOnce sync.Once
	var waitErr error
	reap := func() error {
		reapOnce.Do(func() {
			_ = cmd.Process.Kill() // it has answered, or it must stop now
			waitErr = cmd.Wait()
		})
		return waitErr
	}
	defer reap()
	stop := context.AfterFunc(ctx, func() { _ = cmd.Process.Kill() })
	defer stop()

	answer, err := converse(ctx, stdin, stdout, req, resolve, myIP)
	if err == nil {
		return answer, nil
	}
	var pe *Error
	if errors.As(err, &pe) {
		return "", err
	}
	// The conversation broke: the helper died, was killed, or spoke
	// garbage. Its exit status and first words say which.
	stdin.Close()
	if ctx.Err() != nil {
		reap()
		return "", &Error{ErrTimeout, errors.New("the script did not answer in time")}
	}
	status := reap()
	detail := strings.TrimSpace(stderr.String())
	if i := strings.IndexByte(detail, '\n'); i >= 0 {
		detail = detail[:i]
	}
	return "", &Error{ErrScript, fmt.Errorf("the script's evaluator failed: %w (exit: %v; %q)", err, status, detail)}
}

// converse is the parent's side of the protocol (wire.go). Its error is
// an *Error for the helper's own verdict, any other error when the
// protocol broke.
func converse(ctx context.Context, w io.Writer, r io.Reader, req request, resolve func(string) string, myIP func() string) (string, error) {
	ms := int64(0)
	if dl, ok := ctx.Deadline(); ok {
		ms = max(time.Until(dl).Milliseconds(), 1)
	}
	for _, f := range []struct {
		kind byte
		v    string
	}{{frameScript, req.script}, {frameTarget, req.target}, {frameHost, req.host}, {frameTime, strconv.FormatInt(ms, 10)}} {
		if err := writeFrame(w, f.kind, f.v); err != nil {
			return "", err
		}
	}
	for {
		kind, v, err := readFrame(r, maxFromHelper)
		if err != nil {
			return "", err
		}
		switch kind {
		case frameResolve:
			if len(v) > maxName {
				return "", fmt.Errorf("%w: a name of %d bytes to resolve", errFrame, len(v))
			}
			err = writeFrame(w, frameAddress, resolve(v))
		case frameMyIP:
			err = writeFrame(w, frameAddress, myIP())
		case frameAnswer:
			return v, nil
		case frameError:
			code, text, _ := strings.Cut(v, "\n")
			if code != ErrTimeout {
				code = ErrScript // the helper decides only between these two
			}
			return "", &Error{code, errors.New(text)}
		default:
			return "", fmt.Errorf("%w: unknown kind %q", errFrame, kind)
		}
		if err != nil {
			return "", err
		}
	}
}

// maxStderr bounds what is kept of the helper's error output (a Go
// runtime's crash report is longer; its first line says what happened).
const maxStderr = 8 << 10

// cappedBuffer keeps the first max bytes written to it and drops the rest.
type cappedBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := c.max - len(c.buf); room > 0 {
		c.buf = append(c.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (c *cappedBuffer) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.buf)
}
