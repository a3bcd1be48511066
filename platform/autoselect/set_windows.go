package autoselect

import (
	"errors"
	"net/url"

	"rootip-cert/platform/winstore"
)

// Set writes the rule for the system address and the certificate's issuer
// into the machine's Chrome and Edge policies (HKLM, which needs an elevated
// process) and returns, per browser, the policy value written. When the
// process is not elevated it writes nothing and returns the same policy as
// a .reg file an administrator can apply, with winstore.ErrNeedsAdmin.
func Set(systemURL *url.URL, issuerCN string) (map[string]string, []byte, error) {
	rule, err := winstore.AutoSelectRule(systemURL, issuerCN)
	if err != nil {
		return nil, nil, err
	}
	written, err := winstore.SetAutoSelect(rule)
	if errors.Is(err, winstore.ErrNeedsAdmin) {
		reg, rerr := winstore.AutoSelectRegFile(rule)
		if rerr != nil {
			return nil, nil, errors.Join(err, rerr)
		}
		return nil, reg, err
	}
	return written, nil, err
}
