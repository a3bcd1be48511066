// Package i18n gives the CLI the same Japanese and English messages that the
// GUI loads into Fyne's lang package: one catalog, assets/translations/*.json
// (flat key → text, Go templates such as {{.Days}} for values).
package i18n

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"text/template"

	"rootip-cert/assets"
)

// Lang is a supported language.
type Lang string

// Supported languages; Japanese is the default.
const (
	JA Lang = "ja"
	EN Lang = "en"
)

// Parse accepts "ja", "en" and locale names such as "en_US.UTF-8" or
// "ja-JP"; ok is false for anything else.
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "ja" || strings.HasPrefix(s, "ja_") || strings.HasPrefix(s, "ja-") || strings.HasPrefix(s, "ja."):
		return JA, true
	case s == "en" || strings.HasPrefix(s, "en_") || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en."):
		return EN, true
	}
	return "", false
}

// Detect picks the language: the flag when set, else the first locale
// variable that names a supported language (LANGUAGE's list, LC_ALL,
// LC_MESSAGES, LANG), else the OS's own locale (osLocale, may be ""), else
// Japanese.
func Detect(flag string, getenv func(string) string, osLocale string) Lang {
	if l, ok := Parse(flag); ok {
		return l
	}
	for _, name := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		for _, v := range strings.Split(getenv(name), ":") {
			if l, ok := Parse(v); ok {
				return l
			}
		}
	}
	if l, ok := Parse(osLocale); ok {
		return l
	}
	return JA
}

// Catalog holds the messages of one language, falling back to Japanese.
type Catalog struct {
	Lang     Lang
	msgs     map[string]string
	fallback map[string]string
}

var (
	loadOnce sync.Once
	loaded   map[Lang]map[string]string
	loadErr  error
)

func load() (map[Lang]map[string]string, error) {
	loadOnce.Do(func() {
		loaded = map[Lang]map[string]string{}
		for _, l := range []Lang{JA, EN} {
			data, err := assets.Translations.ReadFile("translations/" + string(l) + ".json")
			if err != nil {
				loadErr = fmt.Errorf("load %s messages: %w", l, err)
				return
			}
			m := map[string]string{}
			if err := json.Unmarshal(data, &m); err != nil {
				loadErr = fmt.Errorf("load %s messages: %w", l, err)
				return
			}
			loaded[l] = m
		}
	})
	return loaded, loadErr
}

// Keys returns every message key of a language (for tests).
func Keys(l Lang) ([]string, error) {
	all, err := load()
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(all[l]))
	for k := range all[l] {
		keys = append(keys, k)
	}
	return keys, nil
}

// New returns the catalog for l. The embedded catalogs are checked by tests,
// so an error here means a broken build.
func New(l Lang) *Catalog {
	all, err := load()
	if err != nil {
		panic(err)
	}
	if l != EN {
		l = JA
	}
	return &Catalog{Lang: l, msgs: all[l], fallback: all[JA]}
}

// T returns the message for key with data filled into its template. A
// missing key returns the key itself, so a gap is visible, never a crash.
func (c *Catalog) T(key string, data ...map[string]any) string {
	msg, ok := c.msgs[key]
	if !ok {
		if msg, ok = c.fallback[key]; !ok {
			return key
		}
	}
	if len(data) == 0 || !strings.Contains(msg, "{{") {
		return msg
	}
	tmpl, err := template.New(key).Option("missingkey=zero").Parse(msg)
	if err != nil {
		return msg
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data[0]); err != nil {
		return msg
	}
	// A value the data lacks renders as nothing, not as "<no value>".
	return strings.ReplaceAll(b.String(), "<no value>", "")
}

// Has reports whether key has a message (in this language or Japanese).
func (c *Catalog) Has(key string) bool {
	if _, ok := c.msgs[key]; ok {
		return true
	}
	_, ok := c.fallback[key]
	return ok
}
