// Package shared is test support: a fixture that is slow to make (keys,
// certificate files) built once and shared by all the tests of a package.
// Only tests import it.
package shared

import (
	"sync"
	"testing"
)

// Fixture returns the getter of build's value: the first call builds it,
// every later one returns the same value; when the build failed, each
// test that asks for it fails with the build's error.
func Fixture[T any](build func() (T, error)) func(testing.TB) T {
	get := sync.OnceValues(build)
	return func(t testing.TB) T {
		t.Helper()
		v, err := get()
		if err != nil {
			t.Fatalf("build the shared test fixture: %v", err)
		}
		return v
	}
}
