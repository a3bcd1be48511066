package check

import (
	"errors"
	"io/fs"

	"rootip-cert/internal/boundedio"
)

// Read error kinds: why a small file the tool reads by itself (Firefox's
// profiles.ini) could not be read, as data; the catalog says each in words
// (readerr.KIND).
const (
	ReadDenied    = "denied"
	ReadTooLarge  = "too-large"
	ReadFIFO      = "fifo"
	ReadDevice    = "device"
	ReadDirectory = "directory"
	ReadSocket    = "socket"
	ReadIrregular = "irregular"
	ReadOther     = "other"
)

// ReadErrorKind classifies an error of boundedio.ReadFile.
func ReadErrorKind(err error) string {
	var nr *boundedio.NotRegularError
	switch {
	case errors.As(err, &nr):
		return nr.Kind()
	case errors.Is(err, boundedio.ErrTooLarge):
		return ReadTooLarge
	case errors.Is(err, fs.ErrPermission):
		return ReadDenied
	}
	return ReadOther
}
