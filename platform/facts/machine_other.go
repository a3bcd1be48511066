//go:build !linux && !darwin && !windows

package facts

import (
	"runtime"
	"time"

	"rootip-cert/internal/machine"
)

// Machine: the Windows (registry ProductName/DisplayVersion/UBR, browser
// versions) and macOS (sw_vers, Info.plist) readers arrive with their
// platform issues.
func Machine(map[string]time.Time) (machine.OSInfo, []machine.Browser) {
	return machine.OSInfo{Name: runtime.GOOS}, nil
}
