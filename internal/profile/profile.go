// Package profile holds the vendor profile (product name, system address
// domains, default password, support address, renewal window, manual
// references), embedded from assets/ and overridable by a file.
package profile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"rootip-cert/assets"
	"rootip-cert/internal/boundedio"
)

// Text is a user-visible string in Japanese and English.
type Text struct {
	JA string `json:"ja"`
	EN string `json:"en"`
}

// In returns the text in lang ("en" gives English, anything else Japanese).
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.JA
}

// Profile describes the vendor whose certificates the tool installs.
type Profile struct {
	ProductName      Text                 `json:"product_name"`
	Vendor           Text                 `json:"vendor"`
	Domains          []string             `json:"domains"`
	DefaultPassword  string               `json:"default_password"`
	FileName         string               `json:"file_name"`
	SupportEmail     string               `json:"support_email"`
	SupportName      Text                 `json:"support_name"`
	Renewal          Renewal              `json:"renewal"`
	ExpiringSoonDays int                  `json:"expiring_soon_days"`
	DownloadMenu     Text                 `json:"download_menu"`
	Manual           map[string]ManualRef `json:"manual"`
}

// ManualRef points into the vendor's manual: the part (「アクセスできない場合」),
// the section number as the manual prints it (3-1), the section's title and,
// where the manual's own links name it, the page ("12", "5-11").
type ManualRef struct {
	Part    Text   `json:"part"`
	Section string `json:"section"`
	Title   Text   `json:"title"`
	Page    string `json:"page,omitempty"`
}

// UnmarshalJSON also accepts a bare section string ("3-1"), the form of
// older profile files.
func (m *ManualRef) UnmarshalJSON(data []byte) error {
	var section string
	if json.Unmarshal(data, &section) == nil {
		*m = ManualRef{Section: section}
		return nil
	}
	type plain ManualRef
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return fmt.Errorf("manual reference: %w", err)
	}
	*m = ManualRef(p)
	return nil
}

// Default returns the embedded vendor profile.
func Default() (*Profile, error) {
	p, err := Parse(assets.Profile)
	if err != nil {
		return nil, fmt.Errorf("read embedded profile: %w", err)
	}
	return p, nil
}

// maxProfileSize bounds a profile file; real ones are about 2 KiB.
const maxProfileSize = 256 << 10

// Load reads a profile file; fields it leaves out keep the embedded defaults.
// A path that is not a regular file (a FIFO, a device, a directory) or is
// larger than 256 KiB is refused (boundedio.ErrNotRegular, ErrTooLarge).
func Load(path string) (*Profile, error) {
	data, err := boundedio.ReadFile(path, maxProfileSize)
	if err != nil {
		return nil, fmt.Errorf("load profile: %w", err)
	}
	base, err := Default()
	if err != nil {
		return nil, err
	}
	if err := decodeInto(base, data); err != nil {
		return nil, fmt.Errorf("read profile %s: %w", path, err)
	}
	return base, nil
}

// Parse decodes and validates a complete profile.
func Parse(data []byte) (*Profile, error) {
	p := &Profile{}
	if err := decodeInto(p, data); err != nil {
		return nil, err
	}
	return p, nil
}

func decodeInto(p *Profile, data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p); err != nil {
		return fmt.Errorf("decode profile: %w", err)
	}
	return p.validate()
}

func (p *Profile) validate() error {
	var errs []error
	if len(p.Domains) == 0 {
		errs = append(errs, errors.New("no system address domains"))
	}
	for i, d := range p.Domains {
		c, err := CanonicalHost(strings.TrimPrefix(strings.TrimSpace(d), "."))
		if err != nil || strings.ContainsAny(c, "/:") {
			errs = append(errs, fmt.Errorf("bad domain %q", d))
			continue
		}
		p.Domains[i] = c
	}
	if p.SupportEmail == "" || !strings.Contains(p.SupportEmail, "@") {
		errs = append(errs, fmt.Errorf("bad support address %q", p.SupportEmail))
	}
	if err := p.Renewal.validate(); err != nil {
		errs = append(errs, err)
	}
	if p.ExpiringSoonDays <= 0 {
		p.ExpiringSoonDays = 30
	}
	if p.ProductName.JA == "" {
		errs = append(errs, errors.New("no product name"))
	}
	return errors.Join(errs...)
}

// ManualRef returns the manual reference for a topic (zero when unknown).
func (p *Profile) ManualRef(topic string) (ManualRef, bool) {
	m, ok := p.Manual[topic]
	return m, ok
}

// IsVendorHost reports whether host is one of the vendor's domains or lies
// under one (see HostUnder: case, trailing dot and IDN form do not matter).
func (p *Profile) IsVendorHost(host string) bool { return HostUnder(host, p.Domains) }
