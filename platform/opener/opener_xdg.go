//go:build unix && !darwin

package opener

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Linux and the BSDs: the freedesktop.org way. A folder goes to the
// handler xdg-mime names for inode/directory, started directly: xdg-open
// would fall back to the web browser when there is none; it is started
// detached (see detach). A link goes to xdg-open, waited for (see
// handOff): its exit status is the answer whether a browser took it.

// handOff is how long xdg-open is given to answer. It normally exits as
// soon as it has handed the link to the browser; where it runs the
// browser itself ($BROWSER, no desktop environment) it is still running
// after this and has, as far as can be known, succeeded.
var handOff = 3 * time.Second

// openURL runs xdg-open on the link and returns its answer: an error when
// it exits with a failure within handOff (xdg-open says 3 for a missing
// tool, 4 when the browser could not be started), else nil. It is waited
// for to the end in the background, whenever that is, so it leaves no
// zombie; it runs in its own session, so a Ctrl-C to this program in a
// terminal does not close the browser. The caller waits up to handOff:
// the window calls it off the UI thread.
func openURL(u *url.URL) error {
	xdgOpen, err := exec.LookPath("xdg-open")
	if err != nil {
		return fmt.Errorf("open %s: %w", u.Redacted(), err)
	}
	cmd := exec.Command(xdgOpen, u.String())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open %s: %w", u.Redacted(), err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	timer := time.NewTimer(handOff)
	defer timer.Stop()
	select {
	case err := <-exited:
		if err != nil {
			return fmt.Errorf("open %s: xdg-open: %w", u.Redacted(), err)
		}
		return nil
	case <-timer.C:
		return nil // still running: the browser, or a hand-off yet to finish
	}
}

func showFolder(dir string) error {
	dir, err := absolute(dir)
	if err != nil {
		return fmt.Errorf("show folder: %w", err)
	}
	e, err := folderHandler()
	if err != nil {
		return err
	}
	argv, err := e.command(dir)
	if err != nil {
		return fmt.Errorf("show folder: %w", err)
	}
	return detach(argv)
}

// showFile opens the file's folder: the freedesktop.org way to select a
// file (the FileManager1 D-Bus interface) is not everywhere.
func showFile(path string) error {
	path, err := absolute(path)
	if err != nil {
		return fmt.Errorf("show file: %w", err)
	}
	return showFolder(filepath.Dir(path))
}

func fileManager() error {
	_, err := folderHandler()
	return err
}

// folderHandler is the default handler for inode/directory as xdg-mime
// reports it, its desktop file found and its program present; anything
// less is NoFileManager.
func folderHandler() (desktopEntry, error) {
	xdgMime, err := exec.LookPath("xdg-mime")
	if err != nil {
		return desktopEntry{}, NoFileManager{Detail: "no xdg-mime"}
	}
	var out bytes.Buffer
	cmd := exec.Command(xdgMime, "query", "default", "inode/directory")
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return desktopEntry{}, NoFileManager{Detail: fmt.Sprintf("xdg-mime query default inode/directory: %v", err)}
	}
	// xdg-mime may print several IDs separated by ";": the first is the default.
	id, _, _ := strings.Cut(strings.TrimSpace(out.String()), ";")
	id = strings.TrimSpace(id)
	if id == "" {
		return desktopEntry{}, NoFileManager{Detail: "no default application for inode/directory"}
	}
	e, err := findDesktopEntry(id, dataDirs(os.Getenv))
	if err != nil {
		return e, NoFileManager{Detail: err.Error()}
	}
	if e.hidden {
		return e, NoFileManager{Detail: e.path + " is hidden"}
	}
	if e.tryExec != "" {
		if _, err := exec.LookPath(e.tryExec); err != nil {
			return e, NoFileManager{Detail: fmt.Sprintf("%s: TryExec %s: %v", e.path, e.tryExec, err)}
		}
	}
	argv, err := e.command("/")
	if err != nil {
		return e, NoFileManager{Detail: err.Error()}
	}
	if _, err := exec.LookPath(argv[0]); err != nil {
		return e, NoFileManager{Detail: fmt.Sprintf("%s: %v", e.path, err)}
	}
	return e, nil
}

// detach starts argv through a shell that puts it in the background and
// exits at once; the shell is waited for here, and the program, orphaned,
// belongs to init (or the session's subreaper), which reaps it. So a
// program that runs as long as the user keeps its window (a file manager,
// a browser that xdg-open waits for) leaves no zombie in this process,
// and the call returns at once. argv[0] is checked before, because the
// shell's exit status cannot say whether the program started.
func detach(argv []string) error {
	if _, err := exec.LookPath(argv[0]); err != nil {
		return fmt.Errorf("start %s: %w", argv[0], err)
	}
	cmd := exec.Command("/bin/sh", append([]string{"-c", `"$@" </dev/null >/dev/null 2>&1 &`, "sh"}, argv...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("start %s: %w: %s", argv[0], err, out)
	}
	return nil
}
