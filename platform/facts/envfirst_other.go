//go:build !linux

package facts

// envOverridesOS: on Windows and macOS a proxy environment variable, set
// by whoever runs the tool, wins over the OS settings (resolve.go).
const envOverridesOS = true
