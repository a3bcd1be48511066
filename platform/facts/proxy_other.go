//go:build !darwin && !windows

package facts

import (
	"os"

	"rootip-cert/internal/machine"
)

// Proxy reads the proxy settings: on Linux the environment variables are
// the settings browsers honour when no desktop setting overrides them.
func Proxy() machine.Proxy { return machine.FromEnv(os.Getenv) }
