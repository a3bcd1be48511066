package flow

import "rootip-cert/internal/check"

// Problem is why a store's install failed or was skipped, as data (the
// zero StoreError when it succeeded): front-ends say it with
// check.StoreErrorText and keep Err itself for the helpdesk's detail.
func (r InstallResult) Problem() check.StoreError {
	if r.Status == Imported {
		return check.StoreError{}
	}
	return check.ClassifyStoreError(r.Err)
}
