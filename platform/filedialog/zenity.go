package filedialog

import (
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
