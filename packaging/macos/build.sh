#!/usr/bin/env bash
# Builds the macOS .app and a .dmg. Runs on a Mac (the GitHub Actions macOS
# job of .github/workflows/release.yml); it cannot run on Linux.
#   MACOS_SIGN_IDENTITY   "Developer ID Application: …" (optional: codesign)
#   MACOS_NOTARY_PROFILE  a notarytool keychain profile (optional: notarize)
set -euo pipefail
cd "$(dirname "$0")/../.."
# The one version (packaging/version.sh); the bundle's version is numeric.
version=${VERSION:-$(packaging/version.sh)}
bundle_version=$(packaging/version.sh --numeric "$version" | cut -d. -f1-3)
export LANG=en_US.UTF-8 GOTOOLCHAIN=go1.27.3   # Go 1.27.3 through the module proxy (README)
ldflags="-s -w -X rootip-cert/internal/cli.Version=$version"
mkdir -p dist
app=rootip-cert.app
# The window program (build tags GUITAGS from the Makefile; no_emoji: Fyne's
# colour emoji font left out, as in the Linux and Windows window builds),
# built here so that it carries the version. fyne package makes it the
# bundle's executable (CFBundleExecutable rootip-cert-gui: what a
# double-click on the app starts).
rm -rf "$app"
go build -trimpath -tags "${GUITAGS-no_emoji}" -ldflags "$ldflags" -o rootip-cert-gui .
go run fyne.io/tools/cmd/fyne@v1.7.4 package -os darwin -executable rootip-cert-gui -icon assets/icon.png \
  -name rootip-cert -app-id jp.co.rootip.cert -app-version "$bundle_version" -release
rm -f rootip-cert-gui
# The command for scripts and the helpdesk (tag cli: no window linked, exit
# codes; Go's classic GC, CONSOLE_GOEXPERIMENT: see the Makefile), beside
# the window program, which it starts when run without arguments. Put on
# PATH with a link (packaging/README.md).
GOEXPERIMENT=${CONSOLE_GOEXPERIMENT-nogreenteagc} go build -trimpath -tags cli -ldflags "$ldflags" \
  -o "$app/Contents/MacOS/rootip-cert" .
# The helper that evaluates proxy auto-config scripts, beside the programs in
# Contents/MacOS where it looks first (internal/pac), signed with the bundle.
go build -trimpath -ldflags "-s -w" -o "$app/Contents/MacOS/rootip-cert-pac" ./internal/pac/rootip-cert-pac
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$app"
fi
hdiutil create -volname "root ip Cloud certificate tool" -srcfolder "$app" -ov -format UDZO "dist/rootip-cert-$version.dmg"
if [ -n "${MACOS_NOTARY_PROFILE:-}" ]; then
  xcrun notarytool submit "dist/rootip-cert-$version.dmg" --keychain-profile "$MACOS_NOTARY_PROFILE" --wait
  xcrun stapler staple "dist/rootip-cert-$version.dmg"
fi
