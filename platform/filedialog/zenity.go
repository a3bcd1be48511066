package filedialog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// zenityArgs are zenity's arguments for an open (save false) or save
// dialog. A folder given as --filename must end in a separator for zenity
// to open it rather than preselect it.
func zenityArgs(save bool, title, startDir, defaultName string, filters []Filter) []string {
	args := []string{"--file-selection", "--title=" + title}
	start := ""
	if startDir != "" {
		start = strings.TrimSuffix(startDir, "/") + "/"
	}
	if save {
		args = append(args, "--save", "--confirm-overwrite")
		start += defaultName
	}
	if start != "" {
		args = append(args, "--filename="+start)
	}
	for _, f := range filters {
		args = append(args, "--file-filter="+zenityFilter(f))
	}
	return args
}

// zenityFilter is "NAME | *.p12 *.P12 …". zenity splits at "|", so the
// name keeps none.
func zenityFilter(f Filter) string {
	name := strings.ReplaceAll(f.Name, "|", "/")
	return name + " | " + strings.Join(withCase(f.Patterns), " ")
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
