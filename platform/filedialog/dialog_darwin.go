package filedialog

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
)

func hostDirs() dirs { return osDirs() }

func openFile(title, startDir string, filters []Filter) (string, error) {
	return osascript(appleScript(false, title, startDir, "", filters))
}

func saveFile(title, startDir, defaultName string) (string, error) {
	return osascript(appleScript(true, title, startDir, defaultName, nil))
}

// osascript runs the script (on stdin: nothing lands in argv but the
// interpreter's name) and reads the POSIX path it prints.
func osascript(script string) (string, error) {
	bin, err := exec.LookPath("osascript")
	if err != nil {
		return "", fmt.Errorf("osascript: %w", ErrUnavailable)
	}
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(context.Background(), bin, "-")
	cmd.Stdin = strings.NewReader(script)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		if appleCancelled(errOut.String()) {
			return "", ErrCancelled
		}
		return "", fmt.Errorf("osascript: %w: %s", err, strings.TrimSpace(errOut.String()))
	}
	path := strings.TrimSuffix(out.String(), "\n")
	if !strings.HasPrefix(path, "/") {
		return "", fmt.Errorf("osascript: unexpected answer %q", path)
	}
	return path, nil
}
