//go:build !darwin && !windows && !linux

package facts

import (
	"os"

	"rootip-cert/internal/machine"
)

// Proxy reads the proxy settings: the environment variables, which the
// browsers honour where no desktop setting is read.
func Proxy() machine.Proxy { return machine.FromEnv(os.Getenv) }
