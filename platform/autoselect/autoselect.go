// Package autoselect writes the optional Chrome/Edge policy
// AutoSelectCertificateForUrls, so the browsers pick the vendor's
// certificate for the system address without asking. It exists on Windows
// (registry policies); elsewhere Set says it is not supported.
package autoselect

import "errors"

// ErrUnsupported: this OS has no such policy store.
var ErrUnsupported = errors.New("the Chrome/Edge auto-select policy is set through the Windows registry; not supported on this OS")
