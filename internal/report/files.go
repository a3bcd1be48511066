package report

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // JPEG screenshots
	_ "image/png"  // PNG screenshots
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"rootip-cert/internal/boundedio"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
)

// Screenshot limits: a full-screen capture is well under these.
const (
	MaxScreenshotBytes = 10 << 20
	MaxScreenshotSide  = 16384
	MaxScreenshots     = 10
)

// ErrNotImage and ErrImageTooLarge classify a refused screenshot.
var (
	ErrNotImage      = errors.New("not a PNG or JPEG image")
	ErrImageTooLarge = errors.New("image too large")
)

// AddScreenshot validates an image file of the browser's error screen and
// attaches it.
func (r *Report) AddScreenshot(path string) error {
	data, err := boundedio.ReadFile(path, MaxScreenshotBytes)
	if errors.Is(err, boundedio.ErrTooLarge) {
		return fmt.Errorf("screenshot %s: %w (limit %d bytes)", path, ErrImageTooLarge, MaxScreenshotBytes)
	}
	if err != nil {
		return fmt.Errorf("screenshot %s: %w", path, err)
	}
	return r.AddScreenshotData(filepath.Base(path), ShotBrowser, data)
}

// AddScreenshotData attaches image bytes of the given kind (ShotBrowser,
// or ShotTool for the window's own capture).
func (r *Report) AddScreenshotData(name, kind string, data []byte) error {
	if len(r.Screenshots) >= MaxScreenshots {
		return fmt.Errorf("screenshot %s: %w (at most %d)", name, ErrImageTooLarge, MaxScreenshots)
	}
	if len(data) > MaxScreenshotBytes {
		return fmt.Errorf("screenshot %s: %w", name, ErrImageTooLarge)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg") {
		return fmt.Errorf("screenshot %s: %w", name, ErrNotImage)
	}
	if cfg.Width > MaxScreenshotSide || cfg.Height > MaxScreenshotSide {
		return fmt.Errorf("screenshot %s: %w (%d×%d)", name, ErrImageTooLarge, cfg.Width, cfg.Height)
	}
	ext := map[string]string{"png": ".png", "jpeg": ".jpg"}[format]
	clean := fmt.Sprintf("screenshot-%d%s", len(r.Screenshots)+1, ext)
	if kind != ShotTool {
		kind = ShotBrowser
	}
	r.Screenshots = append(r.Screenshots, Screenshot{Name: clean, Type: format, Kind: kind, Width: cfg.Width, Height: cfg.Height, Size: len(data), data: data})
	return nil
}

// JSON is the report for tools.
func (r *Report) JSON() ([]byte, error) {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode report: %w", err)
	}
	return append(data, '\n'), nil
}

// ZIP bundles report.txt (FileText, with the checks' ids and timings),
// report.json and the screenshots.
func (r *Report) ZIP(msg *i18n.Catalog, p *profile.Profile) ([]byte, error) {
	js, err := r.JSON()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	// Every entry is dated when the report was made (zip.Writer.Create
	// leaves the DOS date at 1980-01-01).
	modified := r.Generated
	if modified.IsZero() {
		modified = time.Now()
	}
	add := func(name string, data []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	if err := add("report.txt", []byte(r.FileText(msg, p))); err != nil {
		return nil, fmt.Errorf("write report zip: %w", err)
	}
	if err := add("report.json", js); err != nil {
		return nil, fmt.Errorf("write report zip: %w", err)
	}
	for _, s := range r.Screenshots {
		if err := add(s.Name, s.data); err != nil {
			return nil, fmt.Errorf("write report zip: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("write report zip: %w", err)
	}
	return buf.Bytes(), nil
}

// unsafeName is compiled on first use, not at every start of the program.
var unsafeName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^A-Za-z0-9._-]+`) })

// FileName is the bundle's name: date, time and the user ID when there is
// one. Without an ID the name ends at the time: an English "unknown" in a
// Japanese user's folder read as a fault.
func (r *Report) FileName() string {
	name := "rootip-report-" + r.Generated.Format("20060102-150405")
	if user := unsafeName().ReplaceAllString(strings.ReplaceAll(r.UserID, "@", "_at_"), "_"); user != "" {
		name += "-" + user
	}
	return name + ".zip"
}

// MaxMailtoLength keeps a mailto: link under what mail clients and the
// Windows shell accept (2,083 characters is Internet Explorer's and many
// handlers' limit).
const MaxMailtoLength = 2000

// Mailto returns a mailto: link with subject and body; a body that does not
// fit is cut at a line and ends with a note to attach the ZIP bundle.
func (r *Report) Mailto(msg *i18n.Catalog, p *profile.Profile) string {
	subject := r.Subject(msg)
	body := r.Text(msg, p)
	note := "\n" + msg.T("report.attach_zip", map[string]any{"File": r.FileName()}) + "\n"
	build := func(b string) string {
		q := "subject=" + mailEscape(subject) + "&body=" + mailEscape(b)
		return "mailto:" + p.SupportEmail + "?" + q
	}
	link := build(body + note)
	if len(link) <= MaxMailtoLength {
		return link
	}
	lines := strings.Split(body, "\n")
	for n := len(lines) - 1; n > 0; n-- {
		cut := strings.Join(lines[:n], "\n") + "\n…\n" + note
		if link = build(cut); len(link) <= MaxMailtoLength {
			return link
		}
	}
	return build(note)
}

// mailEscape percent-encodes for a mailto: query (RFC 6068: spaces as %20,
// never "+").
func mailEscape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
