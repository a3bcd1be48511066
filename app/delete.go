package app

import (
	"context"
	"sort"
	"strings"

	"rootip-cert/internal/check"
	"rootip-cert/internal/store"
)

// deleteCertificates deletes each certificate (by SHA-256) from every
// store through the flow, which reads each store back, off the window's
// thread; done then runs on it with "" or the failures as the window says
// them: each store's reason in the user's language, with the raw error on
// a helpdesk detail line.
func (u *ui) deleteCertificates(shas []string, done func(failures string)) {
	var failures []string
	u.async(func() {
		for _, sha := range shas {
			results, err := u.fl.Delete(context.Background(), sha)
			if err != nil {
				failures = append(failures, u.deleteFailure("", err))
			}
			for _, r := range results {
				if r.Err != nil {
					reader, _ := store.ReaderOf(r.Store)
					failures = append(failures, u.deleteFailure(check.ReaderName(u.msg, reader.Kind, reader.Profile), r.Err))
				}
			}
		}
	}, func() { done(strings.Join(failures, "\n")) })
}

// deleteFailure is one failed deletion: the store, the reason from the
// catalog, and the raw error for the helpdesk.
func (u *ui) deleteFailure(storeName string, err error) string {
	line := check.StoreErrorText(check.ClassifyStoreError(err), u.msg)
	if storeName != "" {
		line = storeName + ": " + line
	}
	return line + "\n" + u.t("gui.install.failed_detail", map[string]any{"Detail": err.Error()})
}

// sortedKeys lists a set's members in order (a deletion's order must not
// change from run to run).
func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
