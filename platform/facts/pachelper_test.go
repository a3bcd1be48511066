//go:build !windows

package facts

import (
	"testing"

	"rootip-cert/internal/pac/pactest"
)

// TestMain runs the scripts' tests (resolve_other_test.go,
// proxy_linux_test.go) with the helper program that evaluates them.
func TestMain(m *testing.M) { pactest.Main(m) }
