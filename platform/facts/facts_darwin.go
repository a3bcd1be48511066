package facts

import (
	"context"
	"os"
	"os/exec"
	"time"

	"rootip-cert/internal/machine"
)

func run(name string, args ...string) []byte {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	out, _ := exec.CommandContext(ctx, name, args...).Output()
	return out
}

func bootTime() time.Time { return parseBootTime(run("/usr/sbin/sysctl", "-n", "kern.boottime")) }

func runningBrowsers() map[string]time.Time {
	return parsePsBrowsers(run("/bin/ps", "-axo", "etime=,comm="), time.Now())
}

// Machine returns macOS's name and version and the installed browsers;
// those running lists (runningBrowsers' names) are marked running.
func Machine(running map[string]time.Time) (machine.OSInfo, []machine.Browser) {
	info := parseSwVers(run("/usr/bin/sw_vers"))
	var out []machine.Browser
	for _, b := range []struct{ name, app, key string }{
		{"Safari", "/Applications/Safari.app", "Safari"},
		{"Chrome", "/Applications/Google Chrome.app", "Chrome"},
		{"Edge", "/Applications/Microsoft Edge.app", "Edge"},
		{"Firefox", "/Applications/Firefox.app", "Firefox"},
	} {
		data, err := os.ReadFile(b.app + "/Contents/Info.plist")
		if err != nil {
			continue
		}
		_, isRunning := running[b.key]
		out = append(out, machine.Browser{Name: b.name, Version: plistVersion(data), Running: isRunning})
	}
	return info, out
}

// Proxy reads the system proxy settings (scutil --proxy), which Chrome and
// Safari follow; a proxy environment variable is named as not followed.
func Proxy() machine.Proxy {
	return osSettings(parseScutilProxy(run("/usr/sbin/scutil", "--proxy")), machine.ProxyScutil, os.Getenv)
}
