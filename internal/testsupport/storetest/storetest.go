// Package storetest is test support, imported only by _test.go files:
// store doubles built on store.Memory for the tests of the install path
// (internal/flow, and the window that renders it).
package storetest

import (
	"context"
	"sync"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/store"
)

// Gated is a memory store whose imports wait until Release (or until their
// context ends): a test decides in which order stores finish.
type Gated struct {
	*store.Memory
	release chan struct{}
	once    sync.Once
}

// NewGated is an empty gated memory store of kind at location.
func NewGated(kind, location string) *Gated {
	return &Gated{Memory: store.NewMemory(kind, location), release: make(chan struct{})}
}

// Release lets every waiting and later import through; calling it again
// does nothing.
func (g *Gated) Release() { g.once.Do(func() { close(g.release) }) }

// Import implements store.Store: store.Memory's import, once released.
func (g *Gated) Import(ctx context.Context, id *certfile.Identity) error {
	select {
	case <-g.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	return g.Memory.Import(ctx, id)
}
