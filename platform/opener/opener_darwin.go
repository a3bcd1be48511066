package opener

import (
	"fmt"
	"net/url"
	"os/exec"
)

// macOS: open(1) hands the request to Launch Services and returns.

func openURL(u *url.URL) error { return run("open", u.String()) }

func showFolder(dir string) error {
	dir, err := absolute(dir)
	if err != nil {
		return fmt.Errorf("show folder: %w", err)
	}
	return run("open", dir)
}

// showFile reveals the file in the Finder, selected.
func showFile(path string) error {
	path, err := absolute(path)
	if err != nil {
		return fmt.Errorf("show file: %w", err)
	}
	return run("open", "-R", path)
}

func fileManager() error { return nil } // the Finder is always there

func run(name string, args ...string) error {
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		return fmt.Errorf("%s %v: %w: %s", name, args, err, out)
	}
	return nil
}
