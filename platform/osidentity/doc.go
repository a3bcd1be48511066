// Package osidentity finds a certificate's identity in the OS store through
// tailscale/certstore (the Windows user store, the macOS login keychain) and
// returns its signer. It builds only where certstore does: Windows, and
// macOS with cgo; elsewhere the package is empty.
package osidentity
