package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"strings"
)

// closeWindow asks an X window to close as a window manager's close button
// does: a WM_DELETE_WINDOW client message (the WM_PROTOCOLS the toolkit
// registered), sent over the X11 protocol on the display's socket. Xvfb
// runs without a window manager and xdotool only destroys windows.
func closeWindow(display string, window uint32) error {
	conn, err := net.Dial("unix", "/tmp/.X11-unix/X"+strings.TrimPrefix(display, ":"))
	if err != nil {
		return fmt.Errorf("connect to %s: %w", display, err)
	}
	defer conn.Close()
	// Connection setup, little-endian, no authorisation (Xvfb -nolisten tcp, no -auth).
	setup := []byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	if _, err := conn.Write(setup); err != nil {
		return fmt.Errorf("x11 setup: %w", err)
	}
	head := make([]byte, 8)
	if _, err := io.ReadFull(conn, head); err != nil {
		return fmt.Errorf("x11 setup reply: %w", err)
	}
	if head[0] != 1 {
		return fmt.Errorf("x11 setup refused (status %d)", head[0])
	}
	rest := make([]byte, int(binary.LittleEndian.Uint16(head[6:]))*4)
	if _, err := io.ReadFull(conn, rest); err != nil {
		return fmt.Errorf("x11 setup reply: %w", err)
	}
	protocols, err := internAtom(conn, "WM_PROTOCOLS")
	if err != nil {
		return err
	}
	deleteWindow, err := internAtom(conn, "WM_DELETE_WINDOW")
	if err != nil {
		return err
	}
	// SendEvent (25): a ClientMessage (33), format 32, to the window itself.
	req := make([]byte, 44)
	req[0] = 25
	binary.LittleEndian.PutUint16(req[2:], 11)
	binary.LittleEndian.PutUint32(req[4:], window)
	ev := req[12:]
	ev[0], ev[1] = 33, 32
	binary.LittleEndian.PutUint32(ev[4:], window)
	binary.LittleEndian.PutUint32(ev[8:], protocols)
	binary.LittleEndian.PutUint32(ev[12:], deleteWindow)
	if _, err := conn.Write(req); err != nil {
		return fmt.Errorf("x11 send event: %w", err)
	}
	// A round trip (InternAtom) makes sure the server processed it.
	_, err = internAtom(conn, "WM_PROTOCOLS")
	return err
}

// internAtom (16) returns the atom of name, creating it if needed.
func internAtom(conn net.Conn, name string) (uint32, error) {
	n := len(name)
	padded := (n + 3) &^ 3
	req := make([]byte, 8+padded)
	req[0] = 16
	binary.LittleEndian.PutUint16(req[2:], uint16(2+padded/4))
	binary.LittleEndian.PutUint16(req[4:], uint16(n))
	copy(req[8:], name)
	if _, err := conn.Write(req); err != nil {
		return 0, fmt.Errorf("x11 intern atom %s: %w", name, err)
	}
	for {
		reply := make([]byte, 32)
		if _, err := io.ReadFull(conn, reply); err != nil {
			return 0, fmt.Errorf("x11 intern atom %s: %w", name, err)
		}
		switch reply[0] {
		case 1:
			if extra := binary.LittleEndian.Uint32(reply[4:]); extra > 0 {
				if _, err := io.CopyN(io.Discard, conn, int64(extra)*4); err != nil {
					return 0, err
				}
			}
			return binary.LittleEndian.Uint32(reply[8:]), nil
		case 0:
			return 0, fmt.Errorf("x11 intern atom %s: error %d", name, reply[1])
		}
		// an event: skip it
	}
}
