package facts

import (
	"context"
	"os"
	"os/exec"
	"time"

	"rootip-cert/internal/machine"
)

// Machine returns the OS and the installed browsers with their versions;
// those running lists (runningBrowsers' names) are marked running.
func Machine(running map[string]time.Time) (machine.OSInfo, []machine.Browser) {
	osInfo := machine.OSInfo{Name: "Linux"}
	if data, err := os.ReadFile("/etc/os-release"); err == nil {
		osInfo = parseOSRelease(data)
	}
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		osInfo.Build = "kernel " + string(trimNL(data))
	}
	var out []machine.Browser
	for _, f := range []struct{ name, ini string }{
		{"Firefox ESR", "/usr/lib/firefox-esr/application.ini"},
		{"Firefox", "/usr/lib/firefox/application.ini"},
		{"Firefox", "/opt/firefox/application.ini"},
	} {
		if v := iniValue(f.ini, "Version"); v != "" {
			_, isRunning := running["Firefox"]
			out = append(out, machine.Browser{Name: f.name, Version: v, Running: isRunning})
		}
	}
	for _, c := range []struct{ name, bin, key string }{
		{"Chromium", "chromium", "Chromium"},
		{"Google Chrome", "google-chrome", "Chrome"},
		{"Microsoft Edge", "microsoft-edge", "Edge"},
	} {
		path, err := exec.LookPath(c.bin)
		if err != nil {
			continue
		}
		_, isRunning := running[c.key]
		out = append(out, machine.Browser{Name: c.name, Version: browserVersion(path, c.bin), Running: isRunning})
	}
	return osInfo, out
}

func trimNL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// browserVersion reads the package's version from dpkg's database first
// (a fraction of a millisecond) and asks the browser itself only when no
// installed package says (starting Chromium to print its version takes
// about a second).
func browserVersion(path, pkg string) string {
	if f, err := os.Open(dpkgStatus); err == nil {
		v := dpkgVersion(f, pkg)
		f.Close()
		if v != "" {
			return debianUpstream(v)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	line, _ := exec.CommandContext(ctx, path, "--version").Output()
	return versionFrom(string(line))
}
