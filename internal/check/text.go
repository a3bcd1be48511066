package check

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

// Audience is who reads a finding's words: the command line names commands
// and flags; the window names the buttons on its own screen.
type Audience string

// Audiences.
const (
	ForCLI    Audience = "cli"
	ForWindow Audience = "window"
)

// Text is a finding in words.
type Text struct {
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Fix    string `json:"fix"`
	Manual string `json:"manual"`
}

// Describe renders a finding from its outcome and facts in msg's language.
// Keys: check.ID.title; check.ID.OUTCOME (or check.common.OUTCOME); the fix
// check.ID.OUTCOME.fix, with a .window variant the window prefers.
func Describe(f Finding, msg *i18n.Catalog, p *profile.Profile, a Audience) Text {
	data := TemplateData(f.Facts, msg, p)
	t := Text{Title: msg.T("check." + f.ID + ".title")}
	key := "check." + f.ID + "." + f.Outcome
	if !msg.Has(key) {
		key = "check.common." + f.Outcome
	}
	t.Detail = msg.T(key, data)
	if f.Status == Fail || f.Status == Warn || IsIncomplete(f) {
		fix := key + ".fix"
		if a == ForWindow && msg.Has(fix+".window") {
			fix += ".window"
		}
		if msg.Has(fix) {
			t.Fix = msg.T(fix, data)
		}
	}
	if t.Fix != "" {
		if d, ok := Lookup(f.ID); ok {
			t.Manual = ManualText(msg, p, topicOf(d, f))
		}
	}
	return t
}

// IsIncomplete reports whether a finding leaves the run incomplete.
func IsIncomplete(f Finding) bool {
	d, ok := Lookup(f.ID)
	if !ok {
		return false
	}
	o, ok := d.Outcome(f.Outcome)
	return ok && o.Incomplete
}

// topicOf is the manual section a finding's fix cites: the check's, or
// its ProxyTopic when the finding is about the proxy; an install's is the
// section for the stores it is missing from (installTopicFor), else this
// OS's. "" is none.
func topicOf(d Def, f Finding) string {
	if d.ProxyTopic != "" && f.Facts.Bool("via_proxy") {
		return d.ProxyTopic
	}
	if t, ok := d.OutcomeTopics[f.Outcome]; ok {
		return t
	}
	if d.Topic == "install" {
		if t, ok := installTopicFor(f.Facts); ok {
			return t
		}
	}
	return localTopic(d.Topic)
}

// readerTopics are the manual's install steps for who reads a store;
// Chrome and Chromium on Linux (and the demo's store) have none: the
// manual covers Windows, the Mac and Firefox only.
var readerTopics = map[string]string{
	store.ReaderChromeEdge: "install",
	store.ReaderKeychain:   "install.mac",
	store.ReaderFirefox:    "install.firefox",
}

// installTopicFor is the manual section for installing into the stores a
// cert.installed finding names as missing (else as unreadable): the first
// that has one, or "" when none has (the fix then cites no section, rather
// than Firefox's steps for Chrome); ok is false when the facts name no
// store (a saved run without facts: this OS's section).
func installTopicFor(facts Facts) (topic string, ok bool) {
	stores, _ := facts["missing"].([]any)
	if len(stores) == 0 {
		stores, _ = facts["unreadable"].([]any)
	}
	if len(stores) == 0 {
		return "", false
	}
	for _, s := range stores {
		if m, isMap := s.(map[string]any); isMap {
			if t, has := readerTopics[stringOf(m["reader"])]; has {
				return t, true
			}
		}
	}
	return "", true
}

// localTopic is the manual section for this OS: the manual's install
// steps are Windows' (「クライアント証明書のインストール(Windows)」), which
// a Mac or Linux user is not to follow.
func localTopic(topic string) string {
	if topic == "install" {
		return installTopic
	}
	return topic
}

// ManualText names a manual section in the manual's own words:
// 「アクセスできない場合」3-1 トラブルシューティング.
func ManualText(msg *i18n.Catalog, p *profile.Profile, topic string) string {
	ref, ok := p.ManualRef(topic)
	if !ok {
		return ""
	}
	lang := string(msg.Lang)
	return msg.T("manual.ref", map[string]any{"Part": ref.Part.In(lang), "Section": ref.Section, "Title": ref.Title.In(lang)})
}

// TemplateData turns facts into the values a message template shows: dates
// in the language's format, store references as the browsers' names, error
// codes in words, lists joined, numbers as integers, every string cleaned
// of control characters. Facts from the profile (the download menu, the
// support office) are added.
func TemplateData(facts Facts, msg *i18n.Catalog, p *profile.Profile) map[string]any {
	lang := string(msg.Lang)
	data := map[string]any{}
	if p != nil {
		data["menu"] = p.DownloadMenu.In(lang)
		data["support"] = p.SupportName.In(lang)
	}
	for k, v := range facts {
		data[k] = display(k, v, msg)
	}
	// The proxy settings that decided, named as the user knows them.
	if src := facts.String("source"); src != "" && msg.Has("proxy.settings."+src) {
		data["settings"] = msg.T("proxy.settings." + src)
	}
	if d := facts.String("desktop"); d != "" && msg.Has("proxy.settings."+d) {
		data["desktop_settings"] = msg.T("proxy.settings." + d)
	}
	if code := facts.String("error_code"); code != "" {
		data["error_text"] = msg.T("neterr." + code)
	}
	if code := facts.String("socks_reply"); code != "" && msg.Has("socksreply."+code) {
		data["reply_text"] = msg.T("socksreply." + code)
	}
	if code := facts.String("read_error"); code != "" {
		data["why"] = msg.T("readerr." + code)
	}
	if code := facts.String("code"); code != "" {
		data["reason"] = msg.T("file.error." + code)
	}
	if id := facts.String("blocked_by"); id != "" && msg.Has("check."+id+".title") {
		data["blocked_title"] = msg.T("check." + id + ".title")
	}
	if tried := triedKey(facts); tried != "" {
		data["tried"] = msg.T(tried)
	}
	if days, ok := facts["days_left"].(float64); ok {
		data["days_text"] = msg.Days(int(days))
	}
	if s, ok := facts["skew_seconds"].(float64); ok {
		data["skew"] = msg.Duration(time.Duration(s * float64(time.Second)))
	}
	return data
}

// triedKey names the certificate a handshake presented, so that a refusal
// says which one was tried: the installed one, or the --p12 file's (not
// installed, or installed where its key cannot sign). "" without a signer.
func triedKey(facts Facts) string {
	switch facts.String("signer") {
	case "store":
		return "check.tried.store"
	case "file":
		if facts.Bool("file_installed") {
			return "check.tried.file-installed"
		}
		return "check.tried.file"
	}
	return ""
}

func display(key string, v any, msg *i18n.Catalog) any {
	switch x := v.(type) {
	case string:
		if isDateKey(key) {
			if t, err := time.Parse(time.RFC3339, x); err == nil {
				return msg.Date(t)
			}
		}
		return i18n.Clean(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int64(x)
		}
		return x
	case []any:
		parts := make([]string, 0, len(x))
		for _, item := range x {
			parts = append(parts, itemText(item, msg))
		}
		return msg.List(parts)
	case map[string]any:
		return itemText(x, msg)
	}
	return v
}

// itemText renders one element of a list fact: a store reference as its
// browsers' name, a certificate as its date and the browsers that read its
// store (「有効期限 2026/01/10(Chrome / Chromium)」; a folder path means
// nothing to the user: it stays in the facts for the helpdesk), a string
// as itself.
func itemText(item any, msg *i18n.Catalog) string {
	m, ok := item.(map[string]any)
	if !ok {
		return i18n.Clean(fmt.Sprint(item))
	}
	if d, ok := m["not_after"].(string); ok {
		if t, err := time.Parse(time.RFC3339, d); err == nil {
			store := ""
			if reader, ok := m["reader"].(string); ok {
				store = ReaderName(msg, reader, stringOf(m["profile"]))
			}
			return msg.T("check.item.certificate", map[string]any{"Date": msg.Date(t), "Store": store})
		}
	}
	if reader, ok := m["reader"].(string); ok {
		return ReaderName(msg, reader, stringOf(m["profile"]))
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, i18n.Clean(fmt.Sprint(m[k])))
	}
	return strings.Join(parts, " ")
}

// ReaderName is who reads a store, in words: 「Chrome / Edge(Windows の個人ストア)」,
// 「Firefox(default-release)」.
func ReaderName(msg *i18n.Catalog, kind, profileName string) string {
	key := "reader." + kind
	if !msg.Has(key) {
		key = "reader.nss"
	}
	return msg.T(key, map[string]any{"Profile": i18n.Clean(profileName)})
}

func stringOf(v any) string {
	s, _ := v.(string)
	return s
}

func isDateKey(k string) bool {
	return k == "not_after" || k == "not_before" || strings.HasSuffix(k, "_date") || strings.HasSuffix(k, "_at")
}
