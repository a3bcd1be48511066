package helpdesk

import (
	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/supportcode"
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
// not know), with the manual's main steps (Windows').
func Guide(id string, msg *i18n.Catalog, p *profile.Profile) Guidance {
	return GuideFor(id, supportcode.OSUnknown, msg, p)
}

// osTopics are the manual's sections for a PC of another OS than Windows,
// whose steps the main sections show: the Mac supplement, and on Linux
// (which the manual does not cover) the Firefox supplement, the one
// certificate manager of the manual that Linux has.
var osTopics = map[supportcode.OSFamily]map[string]string{
	supportcode.OSMac:   {"install": "install.mac"},
	supportcode.OSLinux: {"install": "install.firefox"},
}

// GuideFor is the guidance for a check on a PC of the OS family os: the
// manual's section for that OS and the text to read aloud written for it
// (explain.<id>.<os> where Windows' steps do not apply); OSUnknown and
// OSWindows get the main sections.
func GuideFor(id string, os supportcode.OSFamily, msg *i18n.Catalog, p *profile.Profile) Guidance {
	d, ok := check.Lookup(id)
	if !ok {
		return Guidance{}
	}
	lang := string(msg.Lang)
	if t, ok := osTopics[os][d.Topic]; ok {
		d.Topic = t
	}
	g := Guidance{Topic: d.Topic}
	if ref, ok := p.ManualRef(d.Topic); ok {
		g.Part, g.Section, g.Title, g.Page = ref.Part.In(lang), ref.Section, ref.Title.In(lang), ref.Page
		g.Manual = msg.T("helpdesk.manual", map[string]any{"Ref": check.ManualText(msg, p, d.Topic), "Page": ref.Page})
	}
	key := "explain." + id
	if os != supportcode.OSUnknown && os != supportcode.OSWindows && msg.Has(key+"."+string(os)) {
		key += "." + string(os)
	}
	if msg.Has(key) {
		g.Explain = msg.T(key, check.TemplateData(nil, msg, p))
	}
	return g
}
