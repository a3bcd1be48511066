#!/usr/bin/env bash
# govulncheck over the whole module, offline (make vuln; make test runs it).
#   scripts/vuln.sh           source scans: every package as built on this OS,
#                             and the Windows and macOS builds of internal/ and
#                             platform/ (the packages that build without cgo)
#   scripts/vuln.sh FILE...   binary scans of built programs (make vuln-dist:
#                             dist/rootip-cert.exe and bin/rootip-cert)
# The vulnerability database is the Go module golang.org/x/vulndb, fetched
# through the module proxy like any other module. The module holds the
# database's OSV files (data/osv/GO-*.json) but not the v1 layout that
# `govulncheck -db file://DIR` reads (index/db.json, index/modules.json,
# ID/GO-*.json): scripts/vulndb builds that layout from the OSV files,
# deterministically, once per database version, into bin/vulndb-VERSION.
# The scans then run with GOPROXY=off: nothing is fetched and vuln.go.dev is
# never asked. govulncheck exits 3 when code can reach a vulnerability.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8 GOTOOLCHAIN=go1.27.3
govulncheck=golang.org/x/vuln/cmd/govulncheck@v1.9.0
vulndb=golang.org/x/vulndb@v0.0.0-20261105234957-e22db6528018

# Online part, through the module proxy: the module's dependencies (for the
# source scans of every OS), the database module and govulncheck.
go mod download
go mod download "$vulndb"
GOBIN=$PWD/bin/tools go install "$govulncheck"
db=$PWD/bin/vulndb-${vulndb#*@}
if [ ! -d "$db" ]; then
  go run ./scripts/vulndb -osv "$(go env GOMODCACHE)/$vulndb/data/osv" -out "$db"
fi

dburl=file://$db
if command -v cygpath >/dev/null; then
  dburl=file:///$(cygpath -m "$db")   # Git Bash on Windows: file:///D:/a/...
fi

export GOPROXY=off
scan() {
  echo "== govulncheck ${GOOS:-$(go env GOOS)}/${GOARCH:-$(go env GOARCH)} $*"
  bin/tools/govulncheck -db "$dburl" "$@"
}
if [ $# -gt 0 ]; then
  for f in "$@"; do
    scan -mode binary "$f"
  done
  exit 0
fi
scan ./...
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 scan ./internal/... ./platform/...
GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 scan ./internal/... ./platform/...
