package helpdesk

import (
	"errors"
	"fmt"
	"strings"

	"rootip-cert/internal/boundedio"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/supportcode"
)

// CodeMessage says in msg's language why a typed support code was refused
// (OpenCode's error): 「サポートコードを読めません: …」.
func CodeMessage(msg *i18n.Catalog, err error) string {
	var (
		ce *supportcode.CharError
		le *supportcode.LengthError
		ve *supportcode.VersionError
	)
	var reason string
	switch {
	case errors.As(err, &ce):
		reason = msg.T("decode.reason.bad-character", map[string]any{"Pos": ce.Pos, "Char": oneLine(string(ce.Char))})
	case errors.As(err, &le):
		want := make([]string, len(le.Want))
		for i, n := range le.Want {
			want[i] = fmt.Sprint(n)
		}
		reason = msg.T("decode.reason.bad-length", map[string]any{"Got": le.Got, "Want": strings.Join(want, "/")})
	case errors.Is(err, supportcode.ErrBadChecksum):
		reason = msg.T("decode.reason.bad-checksum")
	case errors.As(err, &ve):
		reason = msg.T("decode.reason.unknown-version", map[string]any{"Version": ve.Version})
	default:
		reason = msg.T("decode.reason.invalid")
	}
	return msg.T("decode.bad", map[string]any{"Reason": reason})
}

// OpenMessage says in msg's language why a file is not a report
// (ReadReport's or OpenReport's error): 「FILE はサポート用レポートとして開けません: …」.
func OpenMessage(msg *i18n.Catalog, file string, err error) string {
	reason := ReasonUnreadable
	var oe *OpenError
	data := map[string]any{}
	if errors.As(err, &oe) {
		reason = oe.Reason
		data["Entry"] = oneLine(trim(oe.Entry, 80))
		data["Detail"] = oe.Detail
		if oe.Limit > 0 {
			data["Limit"] = sizeText(oe.Limit)
		}
	}
	key := "view.reason." + reason
	if !msg.Has(key) {
		key = "view.reason.not-report"
	}
	text := msg.T(key, data)
	var nr *boundedio.NotRegularError
	if errors.As(err, &nr) { // a folder, a pipe, a device: say which
		text = msg.T("file.not_regular."+nr.Kind(), map[string]any{"File": oneLine(nr.Path)})
	}
	return msg.T("view.refused", map[string]any{"File": oneLine(file), "Reason": text})
}

// sizeText is a byte count for people: 512 B, 12 KiB, 10 MiB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// SizeText is sizeText for screens that list screenshots.
func SizeText(n int64) string { return sizeText(n) }
