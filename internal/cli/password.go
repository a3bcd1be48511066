package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"unicode/utf8"
)

// maxPasswordFile bounds a password file; a password is a line.
const maxPasswordFile = 4 << 10

// readPassword returns the password from --password-file (a path, or "-" for
// stdin), or def when no file was given. Only the first line counts; its
// line ending is dropped. The password never enters argv or output.
func readPassword(path string, stdin io.Reader, def string) (string, error) {
	if path == "" {
		return def, nil
	}
	var r io.Reader
	if path == "-" {
		if stdin == nil {
			return "", fmt.Errorf("read password from stdin: no standard input")
		}
		r = stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("read password file: %w", err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxPasswordFile+1))
	if err != nil {
		return "", fmt.Errorf("read password file: %w", err)
	}
	if len(data) > maxPasswordFile {
		return "", fmt.Errorf("read password file: longer than %d bytes", maxPasswordFile)
	}
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
