package app

import (
	"rootip-cert/internal/flow"
	"rootip-cert/internal/renewal"
)

// bannerWanted: home shows the renewal card while the renewal needs the
// user — the certificate is due or expired without a successor, or a
// successor is installed but not yet everywhere or not yet proven. It goes
// once the successor is proven (the manual's 3-3 ⑦: the message no longer
// shows).
func bannerWanted(st flow.Renewal) bool {
	rs := st.State
	switch {
	case st.Due, rs.Outcome == renewal.OutcomeExpired:
		return true
	case rs.Successor != nil:
		return !rs.Settled()
	}
	return false
}

// bannerMessage is the card's sentence for the state.
func (h *homeScreen) bannerMessage(st flow.Renewal) string {
	u := h.u
	rs := st.State
	if c := rs.Successor; c != nil && !st.Due {
		return u.t("gui.banner.successor", map[string]any{"Name": c.Name, "Date": u.msg.Date(c.NotAfter)})
	}
	c := rs.Expiring
	if c == nil {
		c = rs.Current
	}
	data := map[string]any{"End": u.msg.Date(st.WindowEnd)}
	if c != nil {
		data["Name"], data["Date"] = c.Name, u.msg.Date(c.NotAfter)
	} else if st.HasCurrent {
		data["Name"], data["Date"] = st.Current.Cert.Subject.CommonName, u.msg.Date(st.Current.Cert.NotAfter)
	}
	key := "gui.banner.expiring"
	if st.Open {
		key = "gui.banner.window"
	}
	return u.t(key, data)
}

// showRenewal opens the renewal step on its overview.
func (u *ui) showRenewal() {
	u.ren.goTo(renewalOverview)
	u.show(u.ren.root)
	u.ren.update()
}
