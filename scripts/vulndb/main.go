// Command vulndb turns the OSV files that the Go module golang.org/x/vulndb
// ships (data/osv/GO-YYYY-NNNN.json) into the v1 database layout that
// govulncheck reads with -db file://DIR:
//
//	DIR/index/db.json       {"modified": the newest entry's modified time}
//	DIR/index/modules.json  every affected module with the ids of its entries
//	DIR/ID/GO-YYYY-NNNN.json the OSV entries, byte for byte
//
// The optional "fixed" field of modules.json is left out on purpose: then
// govulncheck reads every entry of a module and checks its version ranges
// itself, so nothing computed here can hide a vulnerability. The output
// depends only on the input files (sorted, no clock), and is written to a
// temporary folder that is renamed into place, so an interrupted run leaves
// nothing half-written behind.
//
//	go run ./scripts/vulndb -osv "$(go env GOMODCACHE)/golang.org/x/vulndb@VERSION/data/osv" -out DIR
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

func main() {
	osvDir := flag.String("osv", "", "folder of OSV files (golang.org/x/vulndb's data/osv)")
	out := flag.String("out", "", "folder to write the v1 database to (must not exist)")
	flag.Parse()
	if *osvDir == "" || *out == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: vulndb -osv DIR -out DIR")
		os.Exit(2)
	}
	n, err := build(*osvDir, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "vulndb:", err)
		os.Exit(1)
	}
	fmt.Printf("vulndb: %d entries into %s\n", n, *out)
}

// entry is the part of an OSV entry the index needs.
type entry struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Affected []struct {
		Package struct {
			Name string `json:"name"`
		} `json:"package"`
	} `json:"affected"`
}

type moduleVuln struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
}

type module struct {
	Path  string       `json:"path"`
	Vulns []moduleVuln `json:"vulns"`
}

var idRE = regexp.MustCompile(`^GO-[0-9]{4}-[0-9]{4,}$`)

// maxEntrySize bounds one OSV file; the largest real ones are about 100 KiB.
const maxEntrySize = 8 << 20

// build converts osvDir into a v1 database at out and returns the number of
// entries.
func build(osvDir, out string) (n int, err error) {
	if _, err := os.Lstat(out); err == nil {
		return 0, fmt.Errorf("write %s: already exists", out)
	}
	names, err := filepath.Glob(filepath.Join(osvDir, "*.json"))
	if err != nil {
		return 0, fmt.Errorf("list %s: %w", osvDir, err)
	}
	if len(names) == 0 {
		return 0, fmt.Errorf("list %s: no OSV files", osvDir)
	}
	slices.Sort(names)

	tmp := out + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return 0, fmt.Errorf("clear %s: %w", tmp, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.MkdirAll(filepath.Join(tmp, "ID"), 0o755); err != nil {
		return 0, fmt.Errorf("create %s: %w", tmp, err)
	}
	if err := os.MkdirAll(filepath.Join(tmp, "index"), 0o755); err != nil {
		return 0, fmt.Errorf("create %s: %w", tmp, err)
	}

	var newest time.Time
	modules := map[string]*module{}
	for _, name := range names {
		data, err := readEntry(name)
		if err != nil {
			return 0, err
		}
		var e entry
		if err := json.Unmarshal(data, &e); err != nil {
			return 0, fmt.Errorf("decode %s: %w", name, err)
		}
		if !idRE.MatchString(e.ID) || filepath.Base(name) != e.ID+".json" {
			return 0, fmt.Errorf("decode %s: id %q does not match the file name", name, e.ID)
		}
		if e.Modified.After(newest) {
			newest = e.Modified
		}
		for _, a := range e.Affected {
			path := a.Package.Name
			if path == "" {
				return 0, fmt.Errorf("decode %s: affected package without a name", name)
			}
			m := modules[path]
			if m == nil {
				m = &module{Path: path}
				modules[path] = m
			}
			m.Vulns = append(m.Vulns, moduleVuln{ID: e.ID, Modified: e.Modified})
		}
		if err := os.WriteFile(filepath.Join(tmp, "ID", e.ID+".json"), data, 0o644); err != nil {
			return 0, fmt.Errorf("write %s: %w", e.ID, err)
		}
	}

	index := make([]*module, 0, len(modules))
	for _, m := range modules {
		index = append(index, m)
	}
	slices.SortFunc(index, func(a, b *module) int { return strings.Compare(a.Path, b.Path) })
	if err := writeJSON(filepath.Join(tmp, "index", "modules.json"), index); err != nil {
		return 0, err
	}
	if err := writeJSON(filepath.Join(tmp, "index", "db.json"), struct {
		Modified time.Time `json:"modified"`
	}{newest}); err != nil {
		return 0, err
	}
	if err := os.Rename(tmp, out); err != nil {
		return 0, fmt.Errorf("write %s: %w", out, err)
	}
	return len(names), nil
}

func readEntry(name string) ([]byte, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if !fi.Mode().IsRegular() || fi.Size() > maxEntrySize {
		return nil, fmt.Errorf("read %s: not a regular file under %d bytes", name, maxEntrySize)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return data, nil
}

func writeJSON(path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
