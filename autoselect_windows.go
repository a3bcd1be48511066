package main

import (
	"net/url"

	"rootip-cert/platform/winstore"
)

func autoSelect(u *url.URL, issuerCN string) (map[string]string, error) {
	rule, err := winstore.AutoSelectRule(u, issuerCN)
	if err != nil {
		return nil, err
	}
	return winstore.SetAutoSelect(rule)
}
