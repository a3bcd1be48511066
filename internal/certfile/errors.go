// Package certfile reads the customer's PKCS#12 file (クライアント証明書.p12)
// before anything is written anywhere: it bounds the size, proves the
// password, classifies every failure, and builds the Identity model that the
// stores, the checks and the report use.
package certfile

import (
	"errors"
	"fmt"
)

// Code classifies why a file could not be used. The values are part of the
// CLI's JSON contract.
type Code string

// The failure taxonomy.
const (
	WrongPassword Code = "wrong-password"
	Corrupt       Code = "corrupt"
	TooLarge      Code = "too-large"
	NoKey         Code = "no-key"
	Unsupported   Code = "unsupported"
	// Unreadable is a file that could not be opened at all (missing, no permission).
	Unreadable Code = "unreadable"
)

// Error is a classified failure to read a PKCS#12 file.
type Error struct {
	Code Code
	Op   string
	Err  error
}

func (e *Error) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("%s: %s", e.Op, e.Code)
	}
	return fmt.Sprintf("%s: %s: %v", e.Op, e.Code, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// CodeOf returns the classification of err, or "" when err is not a
// certfile.Error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
