//go:build !windows && !darwin

package filedialog

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/godbus/dbus/v5"
	"github.com/rymdport/portal/filechooser"
)

// portalDialog asks the XDG desktop portal's FileChooser (rymdport/portal,
// which Fyne already depends on). It is unavailable without a session bus
// or when no portal service owns or can start on org.freedesktop.portal.Desktop.
func portalDialog(save bool, title, startDir, defaultName string, filters []Filter) (path string, err error) {
	if !portalPresent() {
		return "", fmt.Errorf("desktop portal: %w", ErrUnavailable)
	}
	defer func() { // the library type-asserts the portal's answer
		if r := recover(); r != nil {
			path, err = "", fmt.Errorf("desktop portal: unexpected answer: %v", r)
		}
	}()
	var uris []string
	if save {
		uris, err = filechooser.SaveFile("", title, &filechooser.SaveFileOptions{
			CurrentFolder: startDir, CurrentName: defaultName})
	} else {
		var fs []*filechooser.Filter
		for _, f := range filters {
			pf := &filechooser.Filter{Name: f.Name}
			for _, p := range withCase(f.Patterns) {
				pf.Rules = append(pf.Rules, filechooser.Rule{Type: filechooser.GlobPattern, Pattern: p})
			}
			fs = append(fs, pf)
		}
		uris, err = filechooser.OpenFile("", title, &filechooser.OpenFileOptions{CurrentFolder: startDir, Filters: fs})
	}
	if err != nil { // no chooser answered: another backend may do
		return "", fmt.Errorf("desktop portal: %w: %w", ErrUnavailable, err)
	}
	if len(uris) == 0 {
		return "", ErrCancelled
	}
	return fileURIPath(uris[0])
}

// fileURIPath is the local path of a file:// URI; the library has already
// undone its percent escapes.
func fileURIPath(uri string) (string, error) {
	path, ok := strings.CutPrefix(uri, "file://")
	if !ok || !filepath.IsAbs(path) {
		return "", fmt.Errorf("desktop portal: not a local file: %q", uri)
	}
	return path, nil
}

// portalPresent asks the session bus (only when one is configured: godbus
// would otherwise launch one) whether a portal runs or can be started.
func portalPresent() bool {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		return false
	}
	conn, err := dbus.SessionBus()
	if err != nil {
		return false
	}
	const name = "org.freedesktop.portal.Desktop"
	var owned bool
	if conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&owned) == nil && owned {
		return true
	}
	var names []string
	if conn.BusObject().Call("org.freedesktop.DBus.ListActivatableNames", 0).Store(&names) != nil {
		return false
	}
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}
