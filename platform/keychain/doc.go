// Package keychain is the certificate store adapter for the macOS login
// keychain, driven through Apple's /usr/bin/security. Everything but the
// command execution lives in portable files: building the argv, parsing
// the tool's output, choosing the browsers to allow. Tests run it on Linux
// with a fake runner and recorded outputs (testdata/README.md says where
// each recording's format comes from).
package keychain
