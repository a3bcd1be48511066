//go:build !windows && !darwin

package filedialog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func hostDirs() dirs { return osDirs() }

// backends are tried in order: the desktop portal (the desktop's own
// chooser, sandboxes included), then zenity. A backend answers
// ErrUnavailable when it is not there; the next one is tried then.
var backends = []func(save bool, title, startDir, defaultName string, filters []Filter) (string, error){
	portalDialog, zenityDialog,
}

func openFile(title, startDir string, filters []Filter) (string, error) {
	return firstAvailable(false, title, startDir, "", filters)
}

func saveFile(title, startDir, defaultName string) (string, error) {
	return firstAvailable(true, title, startDir, defaultName, nil)
}

func firstAvailable(save bool, title, startDir, defaultName string, filters []Filter) (string, error) {
	var errs []error
	for _, b := range backends {
		path, err := b(save, title, startDir, defaultName, filters)
		if !errors.Is(err, ErrUnavailable) {
			return path, err
		}
		errs = append(errs, err)
	}
	return "", errors.Join(errs...)
}

// zenityDialog runs zenity where a display is there to show it on.
func zenityDialog(save bool, title, startDir, defaultName string, filters []Filter) (string, error) {
	bin, err := exec.LookPath("zenity")
	if err != nil {
		return "", fmt.Errorf("zenity: %w", ErrUnavailable)
	}
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return "", fmt.Errorf("zenity: no display: %w", ErrUnavailable)
	}
	return zenity(context.Background(), bin, zenityArgs(save, title, startDir, defaultName, filters))
}

// zenity runs zenity and reads the chosen path from its output. Exit
// status 1 is zenity's cancel (Escape, the Cancel button, closing).
func zenity(ctx context.Context, bin string, args []string) (string, error) {
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		return "", ErrCancelled
	case err != nil:
		return "", fmt.Errorf("run zenity: %w: %s", err, strings.TrimSpace(errOut.String()))
	}
	path := strings.TrimSuffix(out.String(), "\n")
	if path == "" || !filepath.IsAbs(path) {
		return "", fmt.Errorf("run zenity: unexpected answer %q", path)
	}
	return path, nil
}
