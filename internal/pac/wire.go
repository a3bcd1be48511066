package pac

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The helper program's protocol, on its standard input and output: frames
// of a kind byte, a big-endian uint32 length and that many bytes.
//
//	parent → helper: 'S' script, 'U' address as the script sees it,
//	                 'H' host, 'T' milliseconds left (decimal)
//	helper → parent: 'D' name (dnsResolve) or 'M' (myIpAddress), each
//	                 answered by the parent's 'I' address ("" = none);
//	                 then 'A' the answer or 'E' "code\nmessage", the end.
const (
	frameScript   = 'S'
	frameTarget   = 'U'
	frameHost     = 'H'
	frameTime     = 'T'
	frameResolve  = 'D'
	frameMyIP     = 'M'
	frameAddress  = 'I'
	frameAnswer   = 'A'
	frameError    = 'E'
	maxFromHelper = 64 << 10 // any one frame the helper sends: an answer, a name, a message
	maxName       = 1 << 10  // a name dnsResolve asks for (DNS names end at 253)
	maxToHelper   = MaxScript + 1<<10
)

// errFrame is a frame that breaks the protocol: too long, or truncated.
var errFrame = errors.New("malformed frame")

func writeFrame(w io.Writer, kind byte, payload string) error {
	var head [5]byte
	head[0] = kind
	binary.BigEndian.PutUint32(head[1:], uint32(len(payload)))
	if _, err := w.Write(append(head[:], payload...)); err != nil {
		return fmt.Errorf("write %c frame: %w", kind, err)
	}
	return nil
}

// readFrame reads one frame of at most limit bytes: a longer one is
// refused before its payload is read.
func readFrame(r io.Reader, limit int) (byte, string, error) {
	var head [5]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return 0, "", fmt.Errorf("read frame: %w", err)
	}
	n := binary.BigEndian.Uint32(head[1:])
	if n > uint32(limit) {
		return 0, "", fmt.Errorf("%w: %c frame of %d bytes, at most %d", errFrame, head[0], n, limit)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return 0, "", fmt.Errorf("%w: %c frame: %v", errFrame, head[0], err)
	}
	return head[0], string(buf), nil
}
