package cli

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"rootip-cert/internal/boundedio"
)

// maxPasswordFile bounds a password file; a password is a line.
const maxPasswordFile = 4 << 10

// readPassword returns the password from --password-file (a path, or "-" for
// stdin), or def when no file was given. Only the first line counts; its
// line ending is dropped. The password never enters argv or output.
//
// A path naming a FIFO, a device or a folder is refused before it is
// opened (opening a FIFO nobody writes to would never return), with a
// *boundedio.NotRegularError inside the error; one over the limit with a
// *boundedio.TooLargeError.
func readPassword(path string, stdin io.Reader, def string) (string, error) {
	switch path {
	case "":
		return def, nil
	case "-":
		if stdin == nil {
			return "", fmt.Errorf("read password from stdin: no standard input")
		}
		data, err := io.ReadAll(io.LimitReader(stdin, maxPasswordFile+1))
		if err != nil {
			return "", fmt.Errorf("read password from stdin: %w", err)
		}
		if len(data) > maxPasswordFile {
			return "", fmt.Errorf("read password from stdin: longer than %d bytes", maxPasswordFile)
		}
		return firstLine(data)
	}
	data, err := boundedio.ReadFile(path, maxPasswordFile)
	if err != nil {
		return "", fmt.Errorf("password file: %w", err)
	}
	return firstLine(data)
}

// firstLine is the password in a password file's text.
func firstLine(data []byte) (string, error) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	data = bytes.TrimSuffix(data, []byte("\r"))
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a BOM from Notepad
	if !utf8.Valid(data) {
		return "", fmt.Errorf("read password file: not UTF-8 text")
	}
	return string(data), nil
}
