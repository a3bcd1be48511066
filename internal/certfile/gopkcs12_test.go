package certfile

import (
	"crypto/x509"
	"fmt"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// decodeChain wraps pkcs12.DecodeChain (the tests' second opinion on a file), turning its panics on hostile input
// (none known, but the file is untrusted) into errors.
func decodeChain(data []byte, password string) (key any, leaf *x509.Certificate, cas []*x509.Certificate, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed PKCS#12 structure: %v", r)
		}
	}()
	return pkcs12.DecodeChain(data, password)
}
