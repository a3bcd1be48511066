package cli

import (
	"fmt"
	"runtime"
)

func init() {
	register(command{name: "version", flags: []string{"json"}, run: runVersion, noProfile: true})
}

func runVersion(r *run) int {
	if r.opts.JSON {
		r.writeJSON(map[string]string{
			"version": Version, "go": runtime.Version(), "os": runtime.GOOS, "arch": runtime.GOARCH,
		})
		return ExitOK
	}
	fmt.Fprintf(r.env.Stdout, "rootip-cert %s (%s, %s/%s)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return ExitOK
}
