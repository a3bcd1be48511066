// Package autoselect is the optional Chrome/Edge policy
// AutoSelectCertificateForUrls, so the browsers pick the vendor's
// certificate for the system address without asking: the rule, the
// browsers' policy keys, the .reg file an administrator applies (portable,
// also used by internal/deploy for company roll-outs) and, on Windows,
// writing it into HKLM. Elsewhere Set says it is not supported.
package autoselect

import "errors"

// ErrUnsupported: this OS has no such policy store.
var ErrUnsupported = errors.New("the Chrome/Edge auto-select policy is set through the Windows registry; not supported on this OS")

// ErrNeedsAdmin is returned by Set when the process is not elevated:
// nothing was written, and the .reg file it returns does the same for an
// administrator (or IT's group policy).
var ErrNeedsAdmin = errors.New("writing the Chrome/Edge policy under HKEY_LOCAL_MACHINE needs administrator rights")

// ErrNoIssuer: the certificate's issuer has no common name, so no
// AutoSelectCertificateForUrls filter can name it.
var ErrNoIssuer = errors.New("the certificate's issuer has no common name")
