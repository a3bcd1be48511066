package facts

import (
	"os"
	"strings"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"

	"rootip-cert/internal/machine"
)

var procGetTickCount64 = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetTickCount64")

func bootTime() time.Time {
	ms, _, _ := procGetTickCount64.Call()
	return time.Now().Add(-time.Duration(ms) * time.Millisecond)
}

func regString(root registry.Key, path, name string) string {
	k, err := registry.OpenKey(root, path, registry.QUERY_VALUE)
	if err != nil {
		return ""
	}
	defer k.Close()
	v, _, err := k.GetStringValue(name)
	if err != nil {
		return ""
	}
	return v
}

func regInt(root registry.Key, path, name string) uint64 {
	k, err := registry.OpenKey(root, path, registry.QUERY_VALUE)
	if err != nil {
		return 0
	}
	defer k.Close()
	v, _, err := k.GetIntegerValue(name)
	if err != nil {
		return 0
	}
	return v
}

// Machine returns Windows' name and version (Windows 11 from the build
// number) and the installed browsers with their versions; those running
// lists (runningBrowsers' names) are marked running.
func Machine(running map[string]time.Time) (machine.OSInfo, []machine.Browser) {
	const cv = `SOFTWARE\Microsoft\Windows NT\CurrentVersion`
	lm := registry.LOCAL_MACHINE
	info := windowsVersion(regString(lm, cv, "ProductName"), regString(lm, cv, "DisplayVersion"),
		regString(lm, cv, "ReleaseId"), regString(lm, cv, "CurrentBuild"), regInt(lm, cv, "UBR"))
	var out []machine.Browser
	for _, b := range []struct{ name, key, value string }{
		{"Chrome", `Software\Google\Chrome\BLBeacon`, "version"},
		{"Edge", `Software\Microsoft\Edge\BLBeacon`, "version"},
	} {
		v := regString(registry.CURRENT_USER, b.key, b.value)
		if v == "" {
			continue
		}
		_, isRunning := running[b.name]
		out = append(out, machine.Browser{Name: b.name, Version: v, Running: isRunning})
	}
	if v := regString(lm, `SOFTWARE\Mozilla\Mozilla Firefox`, "CurrentVersion"); v != "" {
		_, isRunning := running["Firefox"]
		out = append(out, machine.Browser{Name: "Firefox", Version: strings.Fields(v)[0], Running: isRunning})
	}
	return info, out
}

var winBrowsers = map[string]string{"chrome.exe": "Chrome", "msedge.exe": "Edge", "firefox.exe": "Firefox"}

// runningBrowsers lists browser processes and their oldest start time.
func runningBrowsers() map[string]time.Time {
	out := map[string]time.Time{}
	snap, err := windows.CreateToolhelp32Snapshot(windows.TH32CS_SNAPPROCESS, 0)
	if err != nil {
		return out
	}
	defer windows.CloseHandle(snap)
	var e windows.ProcessEntry32
	e.Size = uint32(unsafe.Sizeof(e))
	for err := windows.Process32First(snap, &e); err == nil; err = windows.Process32Next(snap, &e) {
		name, ok := winBrowsers[strings.ToLower(windows.UTF16ToString(e.ExeFile[:]))]
		if !ok {
			continue
		}
		started := processStart(e.ProcessID)
		if prev, seen := out[name]; !seen || (!started.IsZero() && started.Before(prev)) {
			out[name] = started
		}
	}
	return out
}

func processStart(pid uint32) time.Time {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return time.Time{}
	}
	defer windows.CloseHandle(h)
	var created, exited, kernel, user windows.Filetime
	if err := windows.GetProcessTimes(h, &created, &exited, &kernel, &user); err != nil {
		return time.Time{}
	}
	return time.Unix(0, created.Nanoseconds())
}

// Proxy reads the user's WinINet proxy settings (what Chrome and Edge use);
// a proxy environment variable, which they do not read, is named as not
// followed.
func Proxy() machine.Proxy {
	const is = `Software\Microsoft\Windows\CurrentVersion\Internet Settings`
	cu := registry.CURRENT_USER
	return osSettings(parseWinINet(regInt(cu, is, "ProxyEnable"), regString(cu, is, "ProxyServer"),
		regString(cu, is, "ProxyOverride"), regString(cu, is, "AutoConfigURL"), autoDetect(cu)), machine.ProxyWinINet, os.Getenv)
}

// autoDetect reads WPAD's switch: byte 8 of DefaultConnectionSettings has
// bit 0x08 set when "automatically detect settings" is on.
func autoDetect(root registry.Key) bool {
	k, err := registry.OpenKey(root, `Software\Microsoft\Windows\CurrentVersion\Internet Settings\Connections`, registry.QUERY_VALUE)
	if err != nil {
		return false
	}
	defer k.Close()
	v, _, err := k.GetBinaryValue("DefaultConnectionSettings")
	return err == nil && len(v) > 8 && v[8]&0x08 != 0
}
