#!/usr/bin/env bash
# Renders the icon's PNG sizes from the SVG source (rsvg-convert, Debian
# librsvg2-bin) into packaging/icon/build/ and assets/icon.png (Fyne's app icon).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p build
for s in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$s" -h "$s" rootip-cert.svg -o "build/rootip-cert-$s.png"
done
cp build/rootip-cert-256.png ../../assets/icon.png
