#!/usr/bin/env bash
# Builds the two Windows programs into dist/, each once, with its resources
# (icon, version, manifest; go-winres writes a .syso that only this build
# links, removed again afterwards):
#   dist/rootip-cert.exe      the window: GUI subsystem (no console window on
#                             a double-click), cross-built with mingw (Fyne
#                             needs cgo; slow when cold)
#   dist/rootip-cert-cli.exe  the command for scripts and the helpdesk:
#                             console subsystem (cmd waits, ERRORLEVEL works),
#                             -tags cli (no Fyne), CGO_ENABLED=0 (fast), Go's
#                             classic GC (CONSOLE_GOEXPERIMENT: see the Makefile)
# Env: VERSION (packaging/version.sh), LDFLAGS and GUITAGS (the Makefile's:
# no_emoji, Fyne's emoji font left out; CONSOLE_GOEXPERIMENT), GO.
set -euo pipefail
cd "$(dirname "$0")/../.."
export LANG=ja_JP.UTF-8 GOTOOLCHAIN=go1.27.3
go=${GO:-go}
version=${VERSION:-$(packaging/version.sh)}
numeric=$(packaging/version.sh --numeric "$version")
ldflags=${LDFLAGS:--s -w -X rootip-cert/internal/cli.Version=$version}
name="root ipクラウド 電子証明書ツール"
mkdir -p dist
[ -f packaging/icon/build/rootip-cert-256.png ] || packaging/icon/render.sh
trap 'rm -f rsrc_windows_amd64.syso' EXIT

# resources MANIFEST FILENAME DESCRIPTION: the .syso for the next build. The
# product version string is the full one (1.2.3-4-gHASH), the fixed
# FILEVERSION its numeric form (1.2.3.4).
resources() {
  GOFLAGS= "$go" run github.com/tc-hib/go-winres@v0.3.3 simply --arch amd64 --out rsrc \
    --icon packaging/icon/build/rootip-cert-256.png --manifest "$1" \
    --product-version "$version" --file-version "$numeric" \
    --product-name "$name" --file-description "$3" \
    --copyright "© root ip, Inc." --original-filename "$2"
}

resources gui rootip-cert.exe "$name"
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
  "$go" build -trimpath -tags "${GUITAGS-no_emoji}" -ldflags "$ldflags -H=windowsgui" -o dist/rootip-cert.exe .

resources cli rootip-cert-cli.exe "$name (command line)"
CGO_ENABLED=0 GOOS=windows GOARCH=amd64 \
  GOEXPERIMENT=${CONSOLE_GOEXPERIMENT-nogreenteagc} "$go" build -trimpath -tags cli -ldflags "$ldflags" -o dist/rootip-cert-cli.exe .
rm -f rsrc_windows_amd64.syso
