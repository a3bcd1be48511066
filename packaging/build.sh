#!/usr/bin/env bash
# make dist: every installer into dist/ (see packaging/README.md).
#   Linux: rootip-cert_VERSION_amd64.deb and rootip-cert-VERSION-linux-amd64.tar.xz
#   Windows: rootip-cert.exe (icon, version resource, manifest; signed) and
#            rootip-cert-VERSION.msi (per-user; signed)
# macOS artifacts are built on a Mac by packaging/macos/build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${PKG_VERSION:?PKG_VERSION like 0.1.0}
export LANG=ja_JP.UTF-8 GOTOOLCHAIN=go1.27.3   # Go 1.27.3 through the module proxy (README)
mkdir -p dist
export ROOTIP_SIGN_WORK=$PWD/dist/sign
mkdir -p "$ROOTIP_SIGN_WORK"

packaging/icon/render.sh
make build
packaging/linux/build-deb.sh "$version"
packaging/linux/build-tar.sh "$version"

# Windows: resources (icon, version, manifest) as a .syso that only the
# windows build links; removed again afterwards.
convert packaging/icon/build/rootip-cert-{16,24,32,48,64,128,256}.png dist/rootip-cert.ico
trap 'rm -f rsrc_windows_amd64.syso' EXIT
GOFLAGS= go run github.com/tc-hib/go-winres@v0.3.3 simply --arch amd64 --out rsrc \
  --icon packaging/icon/build/rootip-cert-256.png --manifest gui \
  --product-version "$version" --file-version "$version" \
  --product-name "root ipクラウド 電子証明書ツール" --file-description "root ipクラウド 電子証明書ツール" \
  --copyright "© root ip, Inc." --original-filename rootip-cert.exe
make windows
rm -f rsrc_windows_amd64.syso
packaging/windows/sign.sh dist/rootip-cert.exe

sed -e "s|@VERSION@|$version|" -e "s|@EXE@|dist/rootip-cert.exe|" -e "s|@ICON@|dist/rootip-cert.ico|" \
  packaging/windows/rootip-cert.wxs > dist/rootip-cert.wxs
wixl -a x64 -o "dist/rootip-cert-$version.msi" dist/rootip-cert.wxs
packaging/windows/sign.sh "dist/rootip-cert-$version.msi"
ls -l dist
