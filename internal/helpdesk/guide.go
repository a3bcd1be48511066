package helpdesk

import (
	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
)

// Guidance is what the helpdesk refers to for one check: the manual's
// section and page, and 「この手順を説明」, a text the agent can read aloud.
type Guidance struct {
	Topic   string `json:"topic"`
	Part    string `json:"part"`
	Section string `json:"section"`
	Title   string `json:"title"`
	Page    string `json:"page,omitempty"`
	// Manual is the whole reference in words:
	// 「マニュアル: 「電子証明書設定」1 ⑨ ブラウザのポップアップで証明書を選択 p12」.
	Manual string `json:"manual"`
	// Explain follows the manual's own steps, written for an agent on the
	// phone (catalog key explain.<check id>).
	Explain string `json:"explain"`
}

// Guide is the guidance for a check (empty for a check this version does
// not know).
func Guide(id string, msg *i18n.Catalog, p *profile.Profile) Guidance {
	d, ok := check.Lookup(id)
	if !ok {
		return Guidance{}
	}
	lang := string(msg.Lang)
	g := Guidance{Topic: d.Topic}
	if ref, ok := p.ManualRef(d.Topic); ok {
		g.Part, g.Section, g.Title, g.Page = ref.Part.In(lang), ref.Section, ref.Title.In(lang), ref.Page
		g.Manual = msg.T("helpdesk.manual", map[string]any{"Ref": check.ManualText(msg, p, d.Topic), "Page": ref.Page})
	}
	if key := "explain." + id; msg.Has(key) {
		g.Explain = msg.T(key, check.TemplateData(nil, msg, p))
	}
	return g
}
