#!/usr/bin/env bash
# Builds dist/rootip-cert_VERSION_amd64.deb from make build's programs:
# /usr/bin/rootip-cert (the command, bin/rootip-cert) and
# /usr/bin/rootip-cert-gui (the window, bin/rootip-cert-gui, which the
# .desktop entry starts; it opens .p12 files too),
# /usr/libexec/rootip-cert/rootip-cert-pac (bin/rootip-cert-pac, which both
# run to evaluate a proxy auto-config script), the icon in every size,
# the copyright (ours and the embedded font's SIL OFL).
set -euo pipefail
version=$1
cd "$(dirname "$0")/../.."
root=$(mktemp -d); trap 'rm -rf "$root"' EXIT
for p in rootip-cert rootip-cert-gui; do
  install -D -m 0755 "bin/$p" "$root/usr/bin/$p"
  strip --strip-unneeded "$root/usr/bin/$p"
done
install -D -m 0755 bin/rootip-cert-pac "$root/usr/libexec/rootip-cert/rootip-cert-pac"
strip --strip-unneeded "$root/usr/libexec/rootip-cert/rootip-cert-pac"
install -D -m 0644 packaging/linux/rootip-cert.desktop "$root/usr/share/applications/jp.co.rootip.cert.desktop"
for s in 16 24 32 48 64 128 256 512; do
  install -D -m 0644 "packaging/icon/build/rootip-cert-$s.png" "$root/usr/share/icons/hicolor/${s}x${s}/apps/rootip-cert.png"
done
install -D -m 0644 packaging/linux/copyright "$root/usr/share/doc/rootip-cert/copyright"
cat assets/fonts/OFL.txt >> "$root/usr/share/doc/rootip-cert/copyright"
printf 'rootip-cert (%s) stable; urgency=medium\n\n  * Release %s.\n\n -- root ip <mail@rootip.co.jp>  %s\n' \
  "$version" "$version" "$(date -R)" | gzip -9n > "$root/usr/share/doc/rootip-cert/changelog.Debian.gz"
chmod 0644 "$root/usr/share/doc/rootip-cert/changelog.Debian.gz"
mkdir -p "$root/DEBIAN"
size=$(du -sk "$root/usr" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" packaging/linux/control > "$root/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz --build "$root" "dist/rootip-cert_${version}_amd64.deb" >/dev/null
