package i18n

import (
	"strings"
	"time"
	"unicode"
)

// Date formats a day the way the language writes it: 2027/01/10 in
// Japanese, Jan 10, 2027 in English, in the machine's time zone. Every
// date a user sees goes through here.
func (c *Catalog) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if c.Lang == EN {
		return t.Local().Format("Jan 2, 2006")
	}
	return t.Local().Format("2006/01/02")
}

// DateTime formats a moment (reports, timestamps).
func (c *Catalog) DateTime(t time.Time) string {
	if c.Lang == EN {
		return t.Local().Format("Jan 2, 2006 15:04:05 MST")
	}
	return t.Local().Format("2006/01/02 15:04:05 MST")
}

// Days says how long until a day: "残り 12 日" / "12 days left", "今日まで"
// / "ends today", "3 日前に期限切れ" / "expired 3 days ago".
func (c *Catalog) Days(n int) string {
	switch {
	case n > 0:
		return c.T("days.left", map[string]any{"N": n})
	case n == 0:
		return c.T("days.today")
	}
	return c.T("days.ago", map[string]any{"N": -n})
}

// Duration says a length of time in the largest whole unit a person
// reads: 「1 秒」「3 分」「2 時間」「4 日」 / "1 second", "3 minutes" (never
// Go's "1m30s"); the sign is dropped.
func (c *Catalog) Duration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	unit, n := "duration.seconds", int64(d.Round(time.Second)/time.Second)
	switch {
	case d >= 48*time.Hour:
		unit, n = "duration.days", int64(d/(24*time.Hour))
	case d >= 2*time.Hour:
		unit, n = "duration.hours", int64(d/time.Hour)
	case d >= 2*time.Minute:
		unit, n = "duration.minutes", int64(d/time.Minute)
	}
	return c.T(unit, map[string]any{"N": n})
}

// List joins items the way the language lists them (「、」 / ", ").
func (c *Catalog) List(items []string) string {
	if c.Lang == EN {
		return strings.Join(items, ", ")
	}
	return strings.Join(items, "、")
}

// Paren adds a note in brackets after a phrase the way the language
// writes it: 「PC再起動(実施済み)」 with the brackets set close, no space, as
// every Japanese message writes them; "Restarted the PC (done)" in English.
func (c *Catalog) Paren(note string) string {
	if c.Lang == EN {
		return " (" + note + ")"
	}
	return "(" + note + ")"
}

// Mark is the one-character status mark of a check or a result line.
func Mark(status string) string {
	switch status {
	case "ok", "imported":
		return "✓"
	case "warn":
		return "!"
	case "fail", "failed":
		return "✗"
	}
	return "-"
}

// Clean removes control characters (terminal escape sequences in a
// certificate's subject, a saved report's text) from text shown to a user.
func Clean(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

func isControl(r rune) bool { return r != '\n' && r != '\t' && unicode.IsControl(r) }
