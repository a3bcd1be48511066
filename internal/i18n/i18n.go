// Package i18n gives the CLI the same Japanese and English messages that the
// GUI loads into Fyne's lang package: one catalog, assets/translations/*.json
// (flat key → text, Go templates such as {{.Days}} for values).
package i18n

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
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
// Nothing is read until the first lookup, and then only that language's
// file (Japanese too only when a key is missing from it): a command that
// prints no message, such as version, parses no catalog at all.
type Catalog struct {
	Lang Lang
}

// catalog is one language's messages: the whole map, decoded once for the
// tests that walk every message, and the finder that serves lookups.
type catalog struct {
	src string // the embedded file

	once sync.Once
	msgs map[string]string
	err  error

	findOnce sync.Once
	find     func(key string) (string, bool)
}

var catalogs = map[Lang]*catalog{JA: {src: assets.CatalogJA}, EN: {src: assets.CatalogEN}}

// messages returns l's messages, decoding its embedded file the first time.
func messages(l Lang) (map[string]string, error) {
	c, ok := catalogs[l]
	if !ok {
		return nil, fmt.Errorf("load %s messages: unsupported language", l)
	}
	return c.decoded(l)
}

// decoded is the whole file as a map, decoded once.
func (c *catalog) decoded(l Lang) (map[string]string, error) {
	c.once.Do(func() {
		c.msgs, c.err = decodeFlat([]byte(c.src))
		if c.err != nil {
			c.err = fmt.Errorf("load %s messages: %w", l, c.err)
		}
	})
	return c.msgs, c.err
}

// finder returns the lookup for l.
func finder(l Lang) func(key string) (string, bool) {
	c := catalogs[l]
	c.findOnce.Do(func() { c.find = c.newFinder(l) })
	return c.find
}

// newFinder is the index over the file in place, or the decoded map where
// the file is one the index does not take. The embedded files are checked
// by tests: an error decoding one means a broken build.
func (c *catalog) newFinder(l Lang) func(key string) (string, bool) {
	if ix, ok := buildIndex(c.src); ok {
		return ix.get
	}
	m, err := c.decoded(l)
	if err != nil {
		panic(err)
	}
	return func(key string) (string, bool) {
		msg, ok := m[key]
		return msg, ok
	}
}

// Each calls fn with every message of each language (Japanese first, then
// English; keys in order), its text as the catalog file holds it: for the
// tests that check the whole catalog.
func Each(fn func(l Lang, key, text string)) error {
	for _, l := range []Lang{JA, EN} {
		m, err := messages(l)
		if err != nil {
			return err
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			fn(l, k, m[k])
		}
	}
	return nil
}

// New returns the catalog for l (Japanese for anything but English).
func New(l Lang) *Catalog {
	if l != EN {
		l = JA
	}
	return &Catalog{Lang: l}
}

// lookup finds key in the catalog's language, then in Japanese.
func (c *Catalog) lookup(key string) (string, bool) {
	if c.Lang == EN {
		if msg, ok := finder(EN)(key); ok {
			return msg, true
		}
	}
	return finder(JA)(key)
}

// T returns the message for key with data filled into its template. A
// missing key returns the key itself, so a gap is visible, never a crash.
func (c *Catalog) T(key string, data ...map[string]any) string {
	msg, ok := c.lookup(key)
	if !ok {
		return key
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
	_, ok := c.lookup(key)
	return ok
}
