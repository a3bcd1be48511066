package main

import (
	"strings"
	"testing"
)

func TestAdd(t *testing.T) {
	dir := `C:\Users\山田\AppData\Local\Programs\rootip-cert\bin`
	long := strings.Repeat(`C:\Program Files\Some Vendor\Tool\bin;`, 60) + `%SystemRoot%\system32`
	for _, c := range []struct {
		name, path, want string
		changed          bool
	}{
		{"empty", "", dir, true},
		{"one", `C:\a`, `C:\a;` + dir, true},
		{"trailing separator", `C:\a;`, `C:\a;` + dir + ";", true},
		{"present", `C:\a;` + dir + `;C:\b`, `C:\a;` + dir + `;C:\b`, false},
		{"present other case and slash", strings.ToUpper(dir) + `\`, strings.ToUpper(dir) + `\`, false},
		{"present quoted", `"` + dir + `"`, `"` + dir + `"`, false},
		{"longer than NSIS strings", long, long + ";" + dir, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, changed := Add(c.path, dir)
			if got != c.want || changed != c.changed {
				t.Errorf("Add(%q) = %q, %v; want %q, %v", c.path, got, changed, c.want, c.changed)
			}
		})
	}
}

func TestRemove(t *testing.T) {
	dir := `C:\Program Files\rootip-cert\bin`
	long := strings.Repeat(`C:\Program Files\Some Vendor\Tool\bin;`, 60) + `%SystemRoot%\system32`
	for _, c := range []struct {
		name, path, want string
		changed          bool
	}{
		{"only", dir, "", true},
		{"last", `C:\a;` + dir, `C:\a`, true},
		{"middle", `C:\a;` + dir + `\;C:\b`, `C:\a;C:\b`, true},
		{"twice", dir + `;C:\a;` + strings.ToLower(dir), `C:\a`, true},
		{"absent", `C:\a;;C:\b`, `C:\a;;C:\b`, false},
		{"a longer folder stays", dir + `2;C:\a`, dir + `2;C:\a`, false},
		{"long", long + ";" + dir, long, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, changed := Remove(c.path, dir)
			if got != c.want || changed != c.changed {
				t.Errorf("Remove(%q) = %q, %v; want %q, %v", c.path, got, changed, c.want, c.changed)
			}
		})
	}
	// Add then Remove gives back the PATH exactly.
	for _, p := range []string{"", `C:\a`, `C:\a;`, long} {
		added, _ := Add(p, dir)
		if back, _ := Remove(added, dir); back != p {
			t.Errorf("Remove(Add(%q)) = %q", p, back)
		}
	}
}
