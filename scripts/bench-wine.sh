#!/usr/bin/env bash
# Wine timings of the Windows store adapter (import into 個人, list) for
# BENCHMARKS.md. These are Wine figures on Linux, not Windows ones.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8 GOTOOLCHAIN=go1.27.3   # Go 1.27.3 through the module proxy (README)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEARCH=win64
timeout 180 "$wine" wineboot --init >/dev/null 2>&1
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  internal/testsupport/winetest/stub/processprng.c -lbcrypt
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -c -o "$work/winstore.test.exe" ./platform/winstore
(cd platform/winstore && timeout 600 "$wine" "$work/winstore.test.exe" -test.run '^$' -test.bench . -test.benchtime 30x -test.benchmem)
