//go:build !unix && !windows

package opener

import (
	"errors"
	"net/url"
)

// Elsewhere (plan9, js, wasip1) there is nothing to open with.

var errUnsupported = errors.New("opening links is not supported on this system")

func openURL(*url.URL) error  { return errUnsupported }
func showFolder(string) error { return NoFileManager{Detail: "unsupported system"} }
func showFile(string) error   { return NoFileManager{Detail: "unsupported system"} }
func fileManager() error      { return NoFileManager{Detail: "unsupported system"} }
