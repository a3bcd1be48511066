#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, only when one is
# missing (idempotent; a second run does nothing). Run as root or with sudo.
#   scripts/deps.sh            build + unit tests
#   scripts/deps.sh all        also the real-component suites' packages
set -euo pipefail

build=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
       libxinerama-dev libxi-dev libxxf86vm-dev openssl)
real=(python3 libnss3 libnss3-tools sqlite3 gnutls-bin python3-cryptography-vectors nginx-light desktop-file-utils libglib2.0-bin firefox-esr chromium xvfb xdotool imagemagick curl wine64 gcc-mingw-w64-x86-64 wixl msitools lintian librsvg2-bin osslsigncode zenity)

want=("${build[@]}")
[ "${1:-}" = all ] && want+=("${real[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
