package opener

import (
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// xdgHome is a scratch freedesktop.org setup: its own data and config
// folders (nothing of the machine's mimeapps.list or desktop files), no
// desktop environment (xdg-mime's generic lookup), and a bin folder first
// on PATH holding a recording xdg-open and file manager.
type xdgHome struct {
	t                 *testing.T
	data, config, bin string
	fmLog, xdgOpenLog string
}

func newXDGHome(t *testing.T) *xdgHome {
	if _, err := exec.LookPath("xdg-mime"); err != nil {
		t.Skip("needs xdg-mime (Debian xdg-utils)")
	}
	dir := t.TempDir()
	h := &xdgHome{t: t, data: filepath.Join(dir, "data"), config: filepath.Join(dir, "config"), bin: filepath.Join(dir, "bin"),
		fmLog: filepath.Join(dir, "fm.log"), xdgOpenLog: filepath.Join(dir, "xdg-open.log")}
	for _, d := range []string{filepath.Join(h.data, "applications"), h.config, h.bin, filepath.Join(dir, "sys")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("HOME", dir)
	t.Setenv("XDG_DATA_HOME", h.data)
	t.Setenv("XDG_CONFIG_HOME", h.config)
	t.Setenv("XDG_DATA_DIRS", filepath.Join(dir, "sys"))
	t.Setenv("XDG_CONFIG_DIRS", filepath.Join(dir, "sys"))
	for _, v := range []string{"XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION", "GNOME_DESKTOP_SESSION_ID",
		"MATE_DESKTOP_SESSION_ID", "DBUS_SESSION_BUS_ADDRESS"} {
		t.Setenv(v, "")
	}
	t.Setenv("PATH", h.bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	h.recorder("recording-fm", h.fmLog)
	h.recorder("xdg-open", h.xdgOpenLog)
	return h
}

// recorder writes a script that records its arguments, one a line, in log.
func (h *xdgHome) recorder(name, log string) {
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + log + ".tmp' && mv '" + log + ".tmp' '" + log + "'\n"
	if err := os.WriteFile(filepath.Join(h.bin, name), []byte(script), 0o755); err != nil {
		h.t.Fatal(err)
	}
}

// registerFM makes recording-fm the default handler for inode/directory.
func (h *xdgHome) registerFM() {
	entry := "[Desktop Entry]\nType=Application\nName=Recording FM\nExec=recording-fm --new-window %U\nMimeType=inode/directory;\n"
	if err := os.WriteFile(filepath.Join(h.data, "applications", "recording-fm.desktop"), []byte(entry), 0o644); err != nil {
		h.t.Fatal(err)
	}
	list := "[Default Applications]\ninode/directory=recording-fm.desktop\n"
	if err := os.WriteFile(filepath.Join(h.config, "mimeapps.list"), []byte(list), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// recorded waits (at most 20 s) for a recorder's arguments.
func (h *xdgHome) recorded(log string) []string {
	h.t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if data, err := os.ReadFile(log); err == nil {
			return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%s was never written", log)
		}
	}
}

// children are this process's child processes and their states (R, S,
// Z …), from /proc/<pid>/stat.
func children(t *testing.T) map[int]string {
	t.Helper()
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		t.Fatal(err)
	}
	self := os.Getpid()
	out := map[int]string{}
	for _, p := range stats {
		data, err := os.ReadFile(p)
		if err != nil {
			continue // gone
		}
		// pid (comm) state ppid …: comm may hold blanks and parentheses.
		s := string(data)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) < 2 {
			continue
		}
		if ppid, _ := strconv.Atoi(fields[1]); ppid == self {
			pid, _ := strconv.Atoi(strings.Fields(s)[0])
			out[pid] = fields[0]
		}
	}
	return out
}

func noZombie(t *testing.T, after string) {
	t.Helper()
	for pid, state := range children(t) {
		if state == "Z" {
			t.Errorf("after %s: child %d is a zombie", after, pid)
		}
	}
}

// TestShowFolderUsesTheInodeDirectoryHandler: with a default handler for
// inode/directory, ShowFolder and ShowFile start it on the folder (a
// file: URI for its %U), nothing goes to xdg-open, and no child of this
// process is left a zombie.
func TestShowFolderUsesTheInodeDirectoryHandler(t *testing.T) {
	h := newXDGHome(t)
	h.registerFM()
	folder := filepath.Join(t.TempDir(), "保存 先")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := (System{}).FileManager(); err != nil {
		t.Fatalf("FileManager: %v", err)
	}
	if err := (System{}).ShowFile(filepath.Join(folder, "report.zip")); err != nil {
		t.Fatalf("ShowFile: %v", err)
	}
	noZombie(t, "ShowFile")
	want := (&url.URL{Scheme: "file", Path: folder}).String()
	if got := h.recorded(h.fmLog); len(got) != 2 || got[0] != "--new-window" || got[1] != want {
		t.Errorf("the file manager got %q, want [--new-window %s]", got, want)
	}
	noZombie(t, "the file manager's exit")
	if _, err := os.Stat(h.xdgOpenLog); err == nil {
		t.Error("xdg-open was started for a folder")
	}
}

// TestShowFolderWithoutFileManager: with no handler for inode/directory
// ShowFolder says NoFileManager and starts nothing (xdg-open would have
// opened the web browser).
func TestShowFolderWithoutFileManager(t *testing.T) {
	h := newXDGHome(t)
	err := (System{}).FileManager()
	if !errors.Is(err, ErrNoFileManager) {
		t.Fatalf("FileManager = %v, want NoFileManager", err)
	}
	var fact interface{ NoFileManager() bool }
	if !errors.As(err, &fact) {
		t.Error("the fact is not recognisable without this package")
	}
	if err := (System{}).ShowFolder(t.TempDir()); !errors.Is(err, ErrNoFileManager) {
		t.Fatalf("ShowFolder = %v, want NoFileManager", err)
	}
	noZombie(t, "ShowFolder")
	// Proof that a start would have been seen: a link does go to xdg-open.
	if err := (System{}).OpenURL(&url.URL{Scheme: "https", Host: "acme.rootip-cloud.net", Path: "/"}); err != nil {
		t.Fatal(err)
	}
	if got := h.recorded(h.xdgOpenLog); len(got) != 1 || got[0] != "https://acme.rootip-cloud.net/" {
		t.Errorf("xdg-open got %q", got)
	}
	if _, err := os.Stat(h.fmLog); err == nil {
		t.Error("the unregistered file manager was started")
	}
	noZombie(t, "OpenURL")
}

// fakeXDGOpen replaces the recording xdg-open by a script.
func (h *xdgHome) fakeXDGOpen(script string) {
	if err := os.WriteFile(filepath.Join(h.bin, "xdg-open"), []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		h.t.Fatal(err)
	}
}

// waitNoChild waits (at most 20 s) until this process has no child left.
func waitNoChild(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); len(children(t)) > 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("children left: %v", children(t))
		}
	}
}

var portal = &url.URL{Scheme: "https", Host: "acme.rootip-cloud.net", Path: "/"}

// TestOpenURLReportsXDGOpenFailure: xdg-open exiting 4 (the browser
// could not be started) is an error, naming the exit; nothing is left a
// zombie.
func TestOpenURLReportsXDGOpenFailure(t *testing.T) {
	h := newXDGHome(t)
	h.fakeXDGOpen("echo 'chromium: cannot open display' >&2\nexit 4\n")
	err := (System{}).OpenURL(portal)
	if err == nil || !strings.Contains(err.Error(), "exit status 4") {
		t.Fatalf("OpenURL = %v, want xdg-open's exit status 4", err)
	}
	noZombie(t, "a failed OpenURL")
}

// TestOpenURLSucceedsWhenXDGOpenExitsZero: exit 0 is success.
func TestOpenURLSucceedsWhenXDGOpenExitsZero(t *testing.T) {
	h := newXDGHome(t)
	h.fakeXDGOpen("exit 0\n")
	if err := (System{}).OpenURL(portal); err != nil {
		t.Fatalf("OpenURL = %v, want nil", err)
	}
	noZombie(t, "OpenURL")
}

// TestOpenURLDoesNotWaitForABrowserThatStays: an xdg-open that is still
// running after the hand-off time (it runs the browser itself) is
// success, the call returns, and when it exits later it is reaped.
func TestOpenURLDoesNotWaitForABrowserThatStays(t *testing.T) {
	h := newXDGHome(t)
	stop := filepath.Join(t.TempDir(), "close-browser")
	h.fakeXDGOpen("while [ ! -e '" + stop + "' ]; do sleep 0.05; done\nexit 4\n")
	defer func(d time.Duration) { handOff = d }(handOff)
	handOff = 100 * time.Millisecond
	if err := (System{}).OpenURL(portal); err != nil {
		t.Fatalf("OpenURL = %v, want nil while the browser runs", err)
	}
	if len(children(t)) == 0 {
		t.Fatal("xdg-open is not running: the test proves nothing")
	}
	if err := os.WriteFile(stop, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	waitNoChild(t)
}
