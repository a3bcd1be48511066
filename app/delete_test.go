package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// lockedDelete is a store whose deletions fail as a Firefox with a
// primary password does.
type lockedDelete struct{ *store.Memory }

var errLockedDelete = fmt.Errorf("PK11_Authenticate: SEC_ERROR_BAD_PASSWORD: %w", store.ErrLocked)

func (lockedDelete) Delete(context.Context, string) error { return errLockedDelete }

// TestDeleteFailureSpeaksJapanese: a deletion that fails says why in the
// catalog's words, naming the store; the raw error stays on a helpdesk
// detail line, never as the sentence.
func TestDeleteFailureSpeaksJapanese(t *testing.T) {
	p := pkitest.Get(t)
	m := store.NewMemory(store.KindNSS, "/ff")
	m.Put(pkitest.Entry(p.Expired, "nss", "/ff", true))
	u := newTestUI(t, i18n.JA, lockedDelete{m})
	test.Tap(u.home.certs)
	u.loop.settle(t, "the list", func() bool { return len(u.crt.deletes) > 0 })
	for _, b := range u.crt.deletes {
		test.Tap(b)
	}
	yes := u.dialogButton(t, lang.L("Yes"))
	test.Tap(yes)
	var text string
	u.loop.settle(t, "the failure", func() bool {
		top := u.w.Canvas().Overlays().Top()
		if top == nil {
			return false
		}
		text = labels(top)
		return strings.Contains(text, "削除できなかった")
	})
	reason := check.StoreErrorText(check.ClassifyStoreError(store.ErrLocked), u.msg)
	lines := strings.Split(text, "\n")
	foundReason, foundDetail := false, false
	for _, l := range lines {
		if strings.Contains(l, reason) {
			foundReason = true
			if strings.Contains(l, "SEC_ERROR") {
				t.Errorf("the raw error is in the sentence: %q", l)
			}
		}
		if strings.Contains(l, "詳細") && strings.Contains(l, errLockedDelete.Error()) {
			foundDetail = true
		}
	}
	if !foundReason || !foundDetail {
		t.Fatalf("want the reason %q and a detail line with the raw error:\n%s", reason, text)
	}
}
