package opener

import (
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"syscall"
)

// Windows: the shell's URL handler and Explorer. Explorer exits with 1
// even when it opened the window, so its exit status says nothing; it is
// waited for in the background (its handle released).

func openURL(u *url.URL) error {
	return start(exec.Command("rundll32", "url.dll,FileProtocolHandler", u.String()))
}

func showFolder(dir string) error {
	dir, err := absolute(dir)
	if err != nil {
		return fmt.Errorf("show folder: %w", err)
	}
	return start(exec.Command("explorer", filepath.Clean(dir)))
}

// showFile opens the file's folder with the file selected. Explorer reads
// its own command line: /select, then the path in quotes, not the quoting
// of the whole argument that Go would apply.
func showFile(path string) error {
	path, err := absolute(path)
	if err != nil {
		return fmt.Errorf("show file: %w", err)
	}
	cmd := exec.Command("explorer")
	cmd.SysProcAttr = &syscall.SysProcAttr{CmdLine: `explorer /select,"` + filepath.Clean(path) + `"`}
	return start(cmd)
}

func fileManager() error { return nil } // Explorer is always there

func start(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	go cmd.Wait()
	return nil
}
