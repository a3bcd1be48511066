// Package pactest is test support: the helper program that evaluates
// proxy auto-config scripts (internal/pac/rootip-cert-pac), built once for
// a package's tests so that pac.Evaluate runs it as the installed programs
// do. Only tests import it.
package pactest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Env and Name are internal/pac's HelperEnv and HelperName (that package's
// tests import this one, so it cannot import that; pac's tests check they
// agree).
const (
	Env  = "ROOTIP_CERT_PAC_HELPER"
	Name = "rootip-cert-pac"
)

// Main runs m's tests with the helper program: the one named by
// Env when it is set (make's bin/rootip-cert-pac, built once
// for every suite), else one built here into a temporary folder.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if os.Getenv(Env) == "" {
		dir, err := os.MkdirTemp("", "rootip-cert-pac-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "pactest:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		bin, err := Build(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "pactest:", err)
			return 1
		}
		os.Setenv(Env, bin)
	}
	return m.Run()
}

// Build builds the helper program into dir and returns its path.
func Build(dir string) (string, error) {
	bin := filepath.Join(dir, Name)
	out, err := exec.Command("go", "build", "-trimpath", "-o", bin, "rootip-cert/internal/pac/rootip-cert-pac").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("build %s: %v\n%s", Name, err, out)
	}
	return bin, nil
}
