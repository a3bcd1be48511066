// Package boundedio reads small files that come from the user or from other
// programs (profiles, settings, Firefox's INI and prefs files) without ever
// hanging or reading without bound: a FIFO given where a file is expected
// does not block the open, a device such as /dev/zero is refused instead of
// read until memory runs out, and a file larger than the caller's limit is
// refused before reading, or as soon as it grows past the limit while read.
package boundedio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
)

// Sentinels for errors.Is; the errors themselves are *NotRegularError and
// *TooLargeError.
var (
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("file too large")
)

// NotRegularError is returned for a path that names a FIFO, a device, a
// directory, a socket or anything else that is not a regular file.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

// Kind names what the path is instead: "fifo", "device", "directory",
// "socket" or "irregular".
func (e *NotRegularError) Kind() string {
	switch t := e.Mode.Type(); {
	case t&fs.ModeNamedPipe != 0:
		return "fifo"
	case t&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return "device"
	case t&fs.ModeDir != 0:
		return "directory"
	case t&fs.ModeSocket != 0:
		return "socket"
	default:
		return "irregular"
	}
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("read %s: %v (%s)", e.Path, ErrNotRegular, e.Kind())
}

// Is makes errors.Is(err, ErrNotRegular) hold.
func (e *NotRegularError) Is(target error) bool { return target == ErrNotRegular }

// TooLargeError is returned for a file over the limit. Size is the size the
// file had when opened, or Max+1 when it grew past Max while being read.
type TooLargeError struct {
	Path      string
	Size, Max int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("read %s: %v (over %d bytes)", e.Path, ErrTooLarge, e.Max)
}

// Is makes errors.Is(err, ErrTooLarge) hold.
func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// ReadFile returns the contents of the regular file at path (a symbolic link
// to one is followed) if it holds at most max bytes. It refuses anything
// that is not a regular file with a *NotRegularError, a file over max with a
// *TooLargeError, and never reads more than max+1 bytes. Other errors are
// wrapped as "read PATH: ..." and keep their cause for errors.Is (for
// example fs.ErrNotExist).
func ReadFile(path string, max int64) ([]byte, error) {
	if max < 0 {
		return nil, fmt.Errorf("read %s: negative limit %d", path, max)
	}
	// Look before opening: opening a device can have effects of its own.
	fi, err := os.Stat(path)
	if err != nil {
		return nil, wrap(path, err)
	}
	if err := check(path, fi, max); err != nil {
		return nil, err
	}
	f, err := open(path)
	if err != nil {
		return nil, wrap(path, err)
	}
	defer f.Close()
	// Look again at what was opened: the path may have been replaced.
	fi, err = f.Stat()
	if err != nil {
		return nil, wrap(path, err)
	}
	if err := check(path, fi, max); err != nil {
		return nil, err
	}
	limit := max
	if limit < math.MaxInt64 {
		limit++ // one byte more tells a file that grew past max
	}
	buf := bytes.NewBuffer(make([]byte, 0, fi.Size()+1))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit)); err != nil {
		return nil, wrap(path, err)
	}
	data := buf.Bytes()
	if int64(len(data)) > max {
		return nil, &TooLargeError{Path: path, Size: int64(len(data)), Max: max}
	}
	return data, nil
}

func check(path string, fi fs.FileInfo, max int64) error {
	if !fi.Mode().IsRegular() {
		return &NotRegularError{Path: path, Mode: fi.Mode()}
	}
	if fi.Size() > max {
		return &TooLargeError{Path: path, Size: fi.Size(), Max: max}
	}
	return nil
}

// open opens path for reading with the flags of this OS (openFlags) that
// keep an open from blocking or from taking a controlling terminal.
func open(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|openFlags, 0)
}

// ReadError is a file that could not be read: "read PATH: cause", the
// path kept for the words a front-end puts around it, the cause for
// errors.Is (fs.ErrNotExist, fs.ErrPermission).
type ReadError struct {
	Path string
	Err  error
}

func (e *ReadError) Error() string { return fmt.Sprintf("read %s: %v", e.Path, e.Err) }
func (e *ReadError) Unwrap() error { return e.Err }

// wrap adds the operation to err; an *fs.PathError gives up its own
// operation and path, which would repeat the path, but keeps its cause.
func wrap(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &ReadError{Path: path, Err: err}
}
