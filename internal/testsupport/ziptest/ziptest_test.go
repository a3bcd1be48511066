package ziptest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReadGivesEveryMemberInOrder: names, contents and dates come back in
// the archive's order, from bytes and from a file.
func TestReadGivesEveryMemberInOrder(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	when := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	for _, name := range []string{"report.txt", "report.json", "screenshot-1.png"} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: when})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(w, "contents of %s", name)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.zip")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	data, fromFile := ReadFile(t, path)
	if !bytes.Equal(data, buf.Bytes()) {
		t.Errorf("ReadFile gave %d bytes, want the file's %d", len(data), buf.Len())
	}
	for _, members := range [][]Member{Read(t, buf.Bytes()), fromFile} {
		var got []string
		for _, m := range members {
			got = append(got, m.Name+"="+string(m.Data))
			if !m.Modified.Equal(when) {
				t.Errorf("%s: dated %v, want %v", m.Name, m.Modified, when)
			}
		}
		want := "report.txt=contents of report.txt|report.json=contents of report.json|screenshot-1.png=contents of screenshot-1.png"
		if strings.Join(got, "|") != want {
			t.Errorf("members %q, want %q", got, want)
		}
	}
}
