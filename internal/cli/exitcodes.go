// Package cli implements the rootip-cert command line: the subcommands, their
// flags, text and JSON output, and the exit codes of DESIGN.md.
package cli

import "rootip-cert/internal/certfile"

// Exit codes (DESIGN.md, "Command-line contract").
const (
	ExitOK            = 0
	ExitFailed        = 1 // a check failed / an import failed
	ExitUsage         = 2
	ExitWrongPassword = 3
	ExitUnreadable    = 4 // not a readable PKCS#12 file
	ExitNoKey         = 5
	ExitValidity      = 6 // expired or not yet valid
	// ExitPartial: import installed into some stores but skipped others it
	// cannot write (a Firefox profile still in the old cert8.db format).
	ExitPartial = 7
)

// exitFor maps a file classification onto its exit code.
func exitFor(code certfile.Code) int {
	switch code {
	case certfile.WrongPassword:
		return ExitWrongPassword
	case certfile.NoKey, certfile.NoCertificate, certfile.KeyMismatch:
		return ExitNoKey
	case certfile.Corrupt, certfile.TooLarge, certfile.Unsupported, certfile.Unreadable,
		certfile.UnsupportedKey, certfile.UnsupportedCertificate:
		return ExitUnreadable
	case certfile.SeveralIdentities:
		return ExitUsage // pick one: --pick SHA256
	}
	return ExitFailed
}

// certCode classifies a certificate file's error (corrupt when it says
// nothing more).
func certCode(err error) certfile.Code {
	if code := certfile.CodeOf(err); code != "" {
		return code
	}
	return certfile.Corrupt
}
