#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, only when one is
# missing (idempotent; a second run does nothing). Run as root or with sudo.
#   scripts/deps.sh            build + unit tests
#   scripts/deps.sh all        also the real-component suites' packages
set -euo pipefail

build=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
       libxinerama-dev libxi-dev libxxf86vm-dev openssl)
real=(python3 libnss3 libnss3-tools sqlite3 gnutls-bin python3-cryptography-vectors nginx-light desktop-file-utils libglib2.0-bin gsettings-desktop-schemas firefox-esr chromium xvfb xdotool imagemagick curl wine64 gcc-mingw-w64-x86-64 wixl msitools lintian librsvg2-bin osslsigncode nsis locales zenity fonts-ipafont-gothic)
# fonts-ipafont-gothic: a Japanese desktop has a Japanese system font; the
# window embeds its own, but zenity's dialog and the browsers under Xvfb
# showed empty boxes without one.

want=("${build[@]}")
[ "${1:-}" = all ] && want+=("${real[@]}")

# Wine and Fyne see a Japanese system only with a generated ja_JP.UTF-8
# locale (the Makefile's LANG; the installers' Japanese file names).
japanese_locale() {
  locale -a 2>/dev/null | grep -qi '^ja_JP\.utf-\?8$' && return 0
  [ "${1:-}" = all ] || return 0
  dpkg-query -W -f='${Status}' locales 2>/dev/null | grep -q "install ok installed" || return 0
  ${sudo:-} localedef -i ja_JP -f UTF-8 ja_JP.UTF-8
}

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
if [ ${#missing[@]} -eq 0 ]; then
  japanese_locale "${1:-}"
  exit 0
fi

echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
japanese_locale "${1:-}"
