#!/usr/bin/env bash
# Builds dist/rootip-cert-VERSION-linux-amd64.tar.xz in the layout
# `fyne package -os linux` uses: usr/local/{bin,share/...} plus a Makefile
# whose `make install` copies it into place (PREFIX=/usr/local by default).
set -euo pipefail
version=$1
cd "$(dirname "$0")/../.."
root=$(mktemp -d); trap 'rm -rf "$root"' EXIT
# The command (rootip-cert), the window (rootip-cert-gui, the .desktop
# entry's program) and the helper both run to evaluate a proxy auto-config
# script (found in ../libexec/rootip-cert from either).
install -D -m 0755 bin/rootip-cert "$root/usr/local/bin/rootip-cert"
install -D -m 0755 bin/rootip-cert-gui "$root/usr/local/bin/rootip-cert-gui"
install -D -m 0755 bin/rootip-cert-pac "$root/usr/local/libexec/rootip-cert/rootip-cert-pac"
install -D -m 0644 packaging/linux/rootip-cert.desktop "$root/usr/local/share/applications/jp.co.rootip.cert.desktop"
install -D -m 0644 packaging/icon/build/rootip-cert-256.png "$root/usr/local/share/pixmaps/rootip-cert.png"
cat > "$root/Makefile" <<'MK'
PREFIX ?= /usr/local
install:
	install -D -m 0755 usr/local/bin/rootip-cert $(DESTDIR)$(PREFIX)/bin/rootip-cert
	install -D -m 0755 usr/local/bin/rootip-cert-gui $(DESTDIR)$(PREFIX)/bin/rootip-cert-gui
	install -D -m 0755 usr/local/libexec/rootip-cert/rootip-cert-pac $(DESTDIR)$(PREFIX)/libexec/rootip-cert/rootip-cert-pac
	install -D -m 0644 usr/local/share/applications/jp.co.rootip.cert.desktop $(DESTDIR)$(PREFIX)/share/applications/jp.co.rootip.cert.desktop
	install -D -m 0644 usr/local/share/pixmaps/rootip-cert.png $(DESTDIR)$(PREFIX)/share/pixmaps/rootip-cert.png
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/rootip-cert $(DESTDIR)$(PREFIX)/bin/rootip-cert-gui $(DESTDIR)$(PREFIX)/libexec/rootip-cert/rootip-cert-pac $(DESTDIR)$(PREFIX)/share/applications/jp.co.rootip.cert.desktop $(DESTDIR)$(PREFIX)/share/pixmaps/rootip-cert.png
MK
tar -C "$root" -cJf "dist/rootip-cert-${version}-linux-amd64.tar.xz" usr Makefile
