package store

import (
	"context"
	"crypto"
	"crypto/tls"
	"sort"
	"sync"

	"rootip-cert/internal/certfile"
)

// Memory is an in-memory Store for tests and for the GUI's previews. Fail
// hooks let a test make one operation fail.
type Memory struct {
	KindName string
	Where    string
	// Unavailable, when set, is returned by Available.
	Unavailable error
	// FailImport, when set, is returned by Import (nothing is written).
	FailImport error
	// FailList, when set, is returned by List.
	FailList error
	// ReadBy says who reads the store (default: its kind).
	ReadBy Reader
	// Running reports the reading browser as running.
	Running bool

	mu      sync.Mutex
	entries map[string]Entry
	keys    map[string]crypto.Signer
	imports int
}

// NewMemory returns an empty in-memory store of the given kind and location.
func NewMemory(kind, location string) *Memory {
	return &Memory{KindName: kind, Where: location, entries: map[string]Entry{}}
}

// Kind implements Store.
func (m *Memory) Kind() string { return m.KindName }

// Location implements Store.
func (m *Memory) Location() string { return m.Where }

// Reader implements Owned.
func (m *Memory) Reader() Reader {
	if m.ReadBy.Kind == "" {
		return Reader{Kind: m.KindName}
	}
	return m.ReadBy
}

// InUse implements Owned.
func (m *Memory) InUse() bool { return m.Running }

// Available implements Store.
func (m *Memory) Available() error { return m.Unavailable }

// Import implements Store.
func (m *Memory) Import(ctx context.Context, id *certfile.Identity) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if m.FailImport != nil {
		return m.FailImport
	}
	m.Put(Entry{Nickname: id.FriendlyName, Cert: id.Leaf, HasKey: true})
	m.mu.Lock()
	m.imports++
	if m.keys == nil {
		m.keys = map[string]crypto.Signer{}
	}
	m.keys[id.SHA256()] = id.Key
	m.mu.Unlock()
	return nil
}

// Signer implements SignerProvider with the keys of the identities
// imported (the demo's scratch store proves its own key, as real stores do).
func (m *Memory) Signer(sha256 string) (crypto.Signer, []tls.SignatureScheme, func(), error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k, ok := m.keys[sha256]
	if !ok {
		return nil, nil, nil, ErrNotFound
	}
	return k, nil, func() {}, nil
}

// Put places an entry directly (a test planting a certificate without key,
// an expired one ...).
func (m *Memory) Put(e Entry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = map[string]Entry{}
	}
	e.Store, e.Location = m.KindName, m.Where
	m.entries[e.SHA256()] = e
}

// Imports counts successful Import calls.
func (m *Memory) Imports() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.imports
}

// List implements Store, in a stable order (by expiry, then fingerprint).
func (m *Memory) List(ctx context.Context) ([]Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if m.FailList != nil {
		return nil, m.FailList
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Entry, 0, len(m.entries))
	for _, e := range m.entries {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Cert.NotAfter.Equal(out[j].Cert.NotAfter) {
			return out[i].Cert.NotAfter.Before(out[j].Cert.NotAfter)
		}
		return out[i].SHA256() < out[j].SHA256()
	})
	return out, nil
}

// Delete implements Store.
func (m *Memory) Delete(ctx context.Context, sha256 string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.entries[sha256]; !ok {
		return ErrNotFound
	}
	delete(m.entries, sha256)
	delete(m.keys, sha256)
	return nil
}
