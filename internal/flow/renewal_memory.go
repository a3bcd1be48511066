package flow

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"time"

	"rootip-cert/internal/boundedio"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/renewal"
)

// renewalMemory is what the renewal flow remembers between runs, beside
// the settings: the mutual-TLS proofs of installed certificates (so that
// the reminder and the report know a successor works without a network
// call) and the day the reminder last showed.
type renewalMemory struct {
	Proofs   []renewal.Proof `json:"proofs,omitempty"`
	Reminded string          `json:"reminded,omitempty"` // YYYY-MM-DD in the clock's zone
}

// maxProofs bounds what is remembered (a few certificates a year).
const maxProofs = 16

// maxMemoryFile bounds the file read.
const maxMemoryFile = 64 << 10

func (f *Flow) memoryPath() string {
	if f.d.SettingsPath == "" {
		return ""
	}
	return filepath.Join(filepath.Dir(f.d.SettingsPath), "renewal.json")
}

func (f *Flow) loadMemory() renewalMemory {
	var m renewalMemory
	path := f.memoryPath()
	if path == "" {
		return m
	}
	data, err := boundedio.ReadFile(path, maxMemoryFile)
	if err != nil || json.Unmarshal(data, &m) != nil {
		return renewalMemory{}
	}
	return m
}

func (f *Flow) saveMemory(change func(*renewalMemory)) error {
	path := f.memoryPath()
	if path == "" {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.loadMemory()
	change(&m)
	if err := profile.SaveJSON(path, m); err != nil {
		return fmt.Errorf("save renewal memory: %w", err)
	}
	return nil
}

// proofs are the remembered handshakes.
func (f *Flow) proofs() []renewal.Proof { return f.loadMemory().Proofs }

// RememberProof keeps a handshake's result (the newest per certificate and
// host), so that later runs without a network call know it.
func (f *Flow) RememberProof(p renewal.Proof) error {
	if p.SHA256 == "" || (p.Status != renewal.Proven && p.Status != renewal.Rejected) {
		return nil
	}
	return f.saveMemory(func(m *renewalMemory) {
		kept := []renewal.Proof{p}
		for _, old := range m.Proofs {
			if old.SHA256 != p.SHA256 || old.Host != p.Host {
				kept = append(kept, old)
			}
		}
		sort.SliceStable(kept, func(i, j int) bool { return kept[i].At.After(kept[j].At) })
		if len(kept) > maxProofs {
			kept = kept[:maxProofs]
		}
		m.Proofs = kept
	})
}

// Reminded returns the day the reminder last showed ("" when never).
func (f *Flow) Reminded() string { return f.loadMemory().Reminded }

// RememberReminded records that the reminder showed on the day of t.
func (f *Flow) RememberReminded(t time.Time) error {
	return f.saveMemory(func(m *renewalMemory) { m.Reminded = t.Format(time.DateOnly) })
}
