package helpdesk

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // screenshots
	_ "image/png"  // screenshots
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"

	"rootip-cert/internal/boundedio"
	"rootip-cert/internal/check"
	"rootip-cert/internal/report"
	"rootip-cert/internal/supportcode"
)

// Limits of a report file: a report.json of a few hundred KiB at most,
// the mail text, and up to report.MaxScreenshots images.
const (
	MaxReportJSON = 4 << 20
	MaxReportText = 1 << 20
	MaxReportFile = MaxReportJSON + MaxReportText + report.MaxScreenshots*report.MaxScreenshotBytes + 1<<20
)

// Reasons a file is refused (OpenError.Reason; message key view.reason.*).
const (
	ReasonUnreadable     = "unreadable"
	ReasonTooLarge       = "too-large"
	ReasonBadZIP         = "bad-zip"
	ReasonUnsafePath     = "unsafe-path"
	ReasonExtraEntry     = "extra-entry"
	ReasonDuplicateEntry = "duplicate-entry"
	ReasonEntryTooLarge  = "entry-too-large"
	ReasonMissingEntry   = "missing-entry"
	ReasonBadScreenshot  = "bad-screenshot"
	ReasonNotReport      = "not-report"
	ReasonOtherTool      = "other-tool"
	ReasonNewerFormat    = "newer-format"
)

// ErrNotAReport matches every refusal (errors.Is).
var ErrNotAReport = errors.New("not a rootip-cert support report")

// OpenError says why a file is not a report this version can show.
type OpenError struct {
	Reason string
	Entry  string // the ZIP entry concerned
	Detail string // the other tool's name, the newer format
	Limit  int64  // the size limit exceeded
	Err    error
}

func (e *OpenError) Error() string {
	s := "open report: " + e.Reason
	if e.Entry != "" {
		s += " " + fmt.Sprintf("%q", e.Entry)
	}
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap gives the underlying error.
func (e *OpenError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrNotAReport) true.
func (e *OpenError) Is(target error) bool { return target == ErrNotAReport }

func refuse(reason, entry string, err error) *OpenError {
	return &OpenError{Reason: reason, Entry: entry, Err: err}
}

// ReadReport opens a report file (the ZIP the tool writes, or its
// report.json), reading at most MaxReportFile bytes.
func ReadReport(path string) (*View, error) {
	data, err := boundedio.ReadFile(path, MaxReportFile)
	if errors.Is(err, boundedio.ErrTooLarge) {
		return nil, &OpenError{Reason: ReasonTooLarge, Limit: MaxReportFile, Err: err}
	}
	if err != nil {
		return nil, refuse(ReasonUnreadable, "", err)
	}
	return OpenReport(filepath.Base(path), data)
}

// ReadReportFrom opens a report from a stream (the window's file dialog or
// a dropped file), reading at most MaxReportFile bytes.
func ReadReportFrom(name string, r io.Reader) (*View, error) {
	return readReportFrom(name, r, MaxReportFile)
}

func readReportFrom(name string, r io.Reader, limit int64) (*View, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, refuse(ReasonUnreadable, "", err)
	}
	if int64(len(data)) > limit {
		return nil, &OpenError{Reason: ReasonTooLarge, Limit: limit}
	}
	return OpenReport(name, data)
}

// OpenReport reads a report from its bytes (a file dropped on the window,
// a file read by ReadReport): a ZIP of report.json, report.txt and the
// listed screenshots, nothing else, or a report.json. Anything else — a
// truncated ZIP, an entry with a path, an extra or oversized entry, a JSON
// of another tool, a report of a newer major format — is refused with an
// *OpenError. It reads nothing but data.
func OpenReport(name string, data []byte) (*View, error) {
	if len(data) > MaxReportFile {
		return nil, &OpenError{Reason: ReasonTooLarge, Limit: MaxReportFile}
	}
	if bytes.HasPrefix(data, []byte("PK")) {
		return openZIP(name, data)
	}
	if len(data) > MaxReportJSON {
		return nil, &OpenError{Reason: ReasonTooLarge, Limit: MaxReportJSON}
	}
	rep, err := parseReport(data, "")
	if err != nil {
		return nil, err
	}
	v := newView(rep, name, "json")
	for _, s := range rep.Screenshots {
		v.Screenshots = append(v.Screenshots, Screenshot{Screenshot: s})
	}
	return v, nil
}

// shotName is compiled on first use, not at every start of the program.
var shotName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^screenshot-([1-9]|10)\.(png|jpg)$`) })

// entryLimit is the size cap of an entry a report ZIP may hold (0: none).
func entryLimit(name string) int64 {
	switch {
	case name == "report.json":
		return MaxReportJSON
	case name == "report.txt":
		return MaxReportText
	case shotName().MatchString(name):
		return report.MaxScreenshotBytes
	}
	return 0
}

// unsafeEntry reports a name that could write outside a folder if
// extracted: absolute, with "..", a drive or backslashes, or control
// characters.
func unsafeEntry(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.ContainsAny(name, `\:`) || strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return true
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return true
		}
	}
	return false
}

func openZIP(name string, data []byte) (*View, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if errors.Is(err, zip.ErrInsecurePath) {
		return nil, refuse(ReasonUnsafePath, "", err)
	}
	if err != nil {
		return nil, refuse(ReasonBadZIP, "", err)
	}
	seen := map[string]bool{}
	entries := map[string][]byte{}
	for _, f := range zr.File {
		if unsafeEntry(f.Name) {
			return nil, refuse(ReasonUnsafePath, f.Name, nil)
		}
		if seen[f.Name] {
			return nil, refuse(ReasonDuplicateEntry, f.Name, nil)
		}
		seen[f.Name] = true
		limit := entryLimit(f.Name)
		if limit == 0 || f.Mode().IsDir() {
			return nil, refuse(ReasonExtraEntry, f.Name, nil)
		}
		if f.UncompressedSize64 > uint64(limit) {
			return nil, &OpenError{Reason: ReasonEntryTooLarge, Entry: f.Name, Limit: limit}
		}
	}
	for _, f := range zr.File {
		limit := entryLimit(f.Name)
		rc, err := f.Open()
		if err != nil {
			return nil, refuse(ReasonBadZIP, f.Name, err)
		}
		// The header's size may lie: never read more than the cap.
		b, err := io.ReadAll(io.LimitReader(rc, limit+1))
		rc.Close()
		if int64(len(b)) > limit {
			return nil, &OpenError{Reason: ReasonEntryTooLarge, Entry: f.Name, Limit: limit}
		}
		if err != nil {
			return nil, refuse(ReasonBadZIP, f.Name, err)
		}
		entries[f.Name] = b
	}
	js, ok := entries["report.json"]
	if !ok {
		return nil, refuse(ReasonMissingEntry, "report.json", nil)
	}
	rep, err := parseReport(js, "report.json")
	if err != nil {
		return nil, err
	}
	v := newView(rep, name, "zip")
	listed := map[string]bool{}
	for _, s := range rep.Screenshots {
		img, ok := entries[s.Name]
		if !ok || listed[s.Name] {
			return nil, refuse(ReasonMissingEntry, s.Name, nil)
		}
		listed[s.Name] = true
		cfg, format, err := image.DecodeConfig(bytes.NewReader(img))
		if err != nil || format != s.Type || cfg.Width != s.Width || cfg.Height != s.Height || len(img) != s.Size {
			return nil, refuse(ReasonBadScreenshot, s.Name, err)
		}
		v.Screenshots = append(v.Screenshots, Screenshot{Screenshot: s, Data: img})
	}
	for n := range entries {
		if shotName().MatchString(n) && !listed[n] {
			return nil, refuse(ReasonExtraEntry, n, nil)
		}
	}
	return v, nil
}

// parseReport reads report.json: the tool and format markers decide
// whether it is a report at all (a report made before the markers existed
// is recognised by its shape: app version, time, checks and steps).
func parseReport(data []byte, entry string) (*report.Report, error) {
	var probe struct {
		Tool       *string            `json:"tool"`
		Format     *int               `json:"report_format"`
		AppVersion *string            `json:"app_version"`
		Generated  *time.Time         `json:"generated"`
		Checks     *[]json.RawMessage `json:"checks"`
		Steps      *[]json.RawMessage `json:"steps"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, refuse(ReasonNotReport, entry, err)
	}
	switch {
	case probe.Tool != nil && *probe.Tool != report.Tool:
		return nil, &OpenError{Reason: ReasonOtherTool, Entry: entry, Detail: oneLine(trim(*probe.Tool, 60))}
	case probe.Tool != nil && (probe.Format == nil || *probe.Format < 1):
		return nil, refuse(ReasonNotReport, entry, errors.New("no report format"))
	case probe.Format != nil && *probe.Format > report.Format:
		return nil, &OpenError{Reason: ReasonNewerFormat, Entry: entry, Detail: fmt.Sprint(*probe.Format)}
	case probe.Tool == nil && (probe.AppVersion == nil || probe.Generated == nil || probe.Checks == nil || probe.Steps == nil):
		return nil, refuse(ReasonNotReport, entry, errors.New("not shaped like a report"))
	}
	var rep report.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, refuse(ReasonNotReport, entry, err)
	}
	if len(rep.Screenshots) > report.MaxScreenshots {
		return nil, refuse(ReasonNotReport, entry, fmt.Errorf("%d screenshots", len(rep.Screenshots)))
	}
	if rep.Format == 0 {
		rep.Format = 1 // made before the marker existed
	}
	return &rep, nil
}

func trim(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// newView turns a report into a view: its checks as the data they are
// (statuses as this version's catalog declares them), the verdict the
// user saw and the next step the report named.
func newView(rep *report.Report, name, kind string) *View {
	v := &View{Source: FromReport, Report: rep, File: name, Kind: kind, Code: oneLine(rep.SupportCode),
		OSFamily: supportcode.FamilyOf(rep.OS.Name), Renewal: supportcode.RenewalUnknown}
	for _, b := range rep.Browsers {
		v.Browsers = append(v.Browsers, b.Name)
	}
	v.Browsers = supportcode.BrowsersOf(v.Browsers)
	if rep.Renewal != nil {
		v.Renewal = supportcode.Renewal(rep.Renewal.State)
	}
	if v.Code != "" {
		if run, err := supportcode.Decode(v.Code); err == nil {
			v.CodeFormat = run.Version
		}
	}
	var res check.Result
	for _, f := range rep.Checks {
		d, ok := check.Lookup(f.ID)
		var o check.Outcome
		if ok {
			o, ok = d.Outcome(f.Outcome)
		}
		if !ok {
			f.ID, f.Outcome, f.Status = oneLine(trim(f.ID, 60)), oneLine(trim(f.Outcome, 60)), check.Status(oneLine(trim(string(f.Status), 10)))
			v.Unknown = append(v.Unknown, f)
			continue
		}
		f.Status = o.Status
		res.Findings = append(res.Findings, f)
	}
	res.Count()
	var u *url.URL
	if parsed, err := url.Parse(rep.SystemAddress); err == nil && parsed.Host != "" {
		u = parsed
	}
	v.Diagnosis = judgeAs(res, rep.Verdict, u)
	if rep.Next != "" {
		if f, ok := res.Find(rep.Next); ok {
			v.Diagnosis.Next, v.Diagnosis.HasNext = f, true
		}
	}
	return v
}
