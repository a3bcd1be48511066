//go:build !darwin

package deploy

import "context"

// CanSign reports whether SignProfile works on this OS.
const CanSign = false

// SignProfile needs macOS: elsewhere it returns ErrSignUnsupported.
func SignProfile(ctx context.Context, identity string, unsigned []byte) ([]byte, error) {
	return nil, ErrSignUnsupported
}
