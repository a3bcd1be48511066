//go:build !darwin && !windows

package facts

// Proxy summarises the OS proxy settings; on Linux the environment
// variables are the settings (the CLI reads them), and the Windows WinINET
// reader arrives with the Windows adapter.
func Proxy() string { return "" }
