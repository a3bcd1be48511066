//go:build !linux && !darwin && !windows

package facts

import (
	"runtime"

	"rootip-cert/internal/report"
)

// Machine: the Windows (registry ProductName/DisplayVersion/UBR, browser
// versions) and macOS (sw_vers, Info.plist) readers arrive with their
// platform issues.
func Machine() (report.OSInfo, []report.Browser) {
	return report.OSInfo{Name: runtime.GOOS}, nil
}
