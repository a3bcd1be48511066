// Package ziptest is test support, imported only by _test.go files: it
// reads back a ZIP archive a test made (a support report's bundle).
package ziptest

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"testing"
	"time"
)

// Member is one file of an archive: its name, contents and date.
type Member struct {
	Name     string
	Data     []byte
	Modified time.Time
}

// Read returns the members of the ZIP archive data, in the archive's
// order; an archive or a member that cannot be read fails the test.
func Read(t testing.TB, data []byte) []Member {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var members []Member
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		members = append(members, Member{Name: f.Name, Data: b, Modified: f.Modified})
	}
	return members
}

// ReadFile is Read of the archive at path; it returns the file's bytes too.
func ReadFile(t testing.TB, path string) ([]byte, []Member) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data, Read(t, data)
}
