// Package packaging holds the installer build scripts (build.sh, windows/,
// linux/, macos/, icon/) and, in packaging_test.go, the checks `make test`
// runs on what `make dist` built.
package packaging
