// Package toolchain holds only a test: every place that selects the Go
// toolchain (README, .ci/run, the Makefile, the scripts that run go, the
// GitHub workflows) must name the release go.mod asks for. A machine's own
// Go ignores go.mod's requirement unless GOTOOLCHAIN says so, so a place
// that drifts builds with another Go, or not at all.
package toolchain
