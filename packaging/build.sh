#!/usr/bin/env bash
# make dist: every installer into dist/ (see packaging/README.md), each
# program built once and packaged from there.
#   dist/VERSION                              the one version (packaging/version.sh)
#   Linux: rootip-cert_VERSION_amd64.deb and rootip-cert-VERSION-linux-amd64.tar.xz
#          (/usr/bin/rootip-cert the command, /usr/bin/rootip-cert-gui the window,
#          /usr/libexec/rootip-cert/rootip-cert-pac their PAC script evaluator)
#   Windows: rootip-cert.exe (the window) and rootip-cert-cli.exe (the command),
#            rootip-cert-setup-VERSION.exe (NSIS, Japanese, per-user or /ALLUSERS)
#            and rootip-cert-VERSION.msi (per-user, or ALLUSERS=1); all signed
# macOS artifacts are built on a Mac by packaging/macos/build.sh.
# Env: VERSION (default packaging/version.sh), LDFLAGS and GO from the Makefile.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=ja_JP.UTF-8 GOTOOLCHAIN=go1.27.3   # Go 1.27.3 through the module proxy (README)
go=${GO:-go}
VERSION=${VERSION:-$(packaging/version.sh)}
numeric=$(packaging/version.sh --numeric "$VERSION")
export VERSION LDFLAGS=${LDFLAGS:--s -w -X rootip-cert/internal/cli.Version=$VERSION}
mkdir -p dist
rm -f dist/*.msi dist/*.deb dist/*.tar.xz dist/rootip-cert-setup-*.exe
echo "$VERSION" > dist/VERSION
export ROOTIP_SIGN_WORK=$PWD/dist/sign
mkdir -p "$ROOTIP_SIGN_WORK"

packaging/icon/render.sh
make build VERSION="$VERSION"
packaging/linux/build-deb.sh "$VERSION"
packaging/linux/build-tar.sh "$VERSION"

# Windows: the two programs (resources, signatures), then both installers
# from those same files.
convert packaging/icon/build/rootip-cert-{16,24,32,48,64,128,256}.png dist/rootip-cert.ico
packaging/windows/build-exe.sh
# The installer's PATH helper (NSIS strings end at 1024 characters).
CGO_ENABLED=0 GOOS=windows GOARCH=amd64 "$go" build -trimpath -ldflags "-s -w -H=windowsgui" \
  -o dist/pathedit.exe ./packaging/windows/pathedit
for f in dist/rootip-cert.exe dist/rootip-cert-cli.exe dist/pathedit.exe; do
  packaging/windows/sign.sh "$f"
done

setup=dist/rootip-cert-setup-$VERSION.exe
makensis -INPUTCHARSET UTF8 -V2 -DVERSION="$VERSION" -DNUMERIC="$numeric" -DDIST="$PWD/dist" \
  -DOUTFILE="$PWD/$setup" packaging/windows/rootip-cert.nsi
packaging/windows/sign.sh "$setup"

packaging/windows/build-msi.sh "$VERSION" "$numeric"
packaging/windows/sign.sh "dist/rootip-cert-$VERSION.msi"
ls -l dist
