#!/usr/bin/env bash
# The one version string of a build, for every artefact (make dist; the
# Makefile's VERSION, `rootip-cert version`, the .deb, the MSI, the NSIS
# installer, the .exe version resource).
#   packaging/version.sh                 from git: the nearest tag (v1.2.3 →
#                                        1.2.3; 3 commits later 1.2.3-3-gHASH),
#                                        without a tag 0.0.0-dev+HASH; a
#                                        ".dirty" mark when the tree has changes
#   packaging/version.sh --numeric [V]   the 4-part numeric form that MSI
#                                        ProductVersion, NSIS VIProductVersion
#                                        and the .exe FILEVERSION need:
#                                        1.2.3 → 1.2.3.0, 1.2.3-3-gHASH →
#                                        1.2.3.3, 0.0.0-dev+HASH → 0.0.0.0
#                                        (V, or $VERSION, or git's)
set -euo pipefail
export LANG=C.UTF-8
cd "$(dirname "$0")/.."

fromgit() {
  local v hash
  if v=$(git describe --tags --match 'v[0-9]*' --dirty=.dirty 2>/dev/null); then
    # v1.2.3, v1.2.3-4-gabc1234, v1.2.3.dirty
    echo "${v#v}"
    return
  fi
  hash=$(git rev-parse --short=7 HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    hash=$hash.dirty
  fi
  echo "0.0.0-dev+$hash"
}

# numeric V: MAJOR.MINOR.PATCH.N, N the commits since the tag (0 for a tag
# or a dev build). MSI limits: major, minor ≤ 255, build ≤ 65535.
numeric() {
  local v=$1 re='^([0-9]+)\.([0-9]+)\.([0-9]+)(-([0-9]+)-g[0-9a-f]+)?([-+.].*)?$'
  if [[ ! $v =~ $re ]]; then
    echo "version.sh: $v is not MAJOR.MINOR.PATCH[-N-gHASH][suffix] (tag as v1.2.3)" >&2
    exit 2
  fi
  local major=$((10#${BASH_REMATCH[1]})) minor=$((10#${BASH_REMATCH[2]})) patch=$((10#${BASH_REMATCH[3]}))
  local n=$((10#${BASH_REMATCH[5]:-0}))
  if [ "$major" -gt 255 ] || [ "$minor" -gt 255 ] || [ "$patch" -gt 65535 ] || [ "$n" -gt 65535 ]; then
    echo "version.sh: $v is beyond what MSI allows (255.255.65535)" >&2
    exit 2
  fi
  echo "$major.$minor.$patch.$n"
}

case "${1:-}" in
  --numeric) numeric "${2:-${VERSION:-$(fromgit)}}" ;;
  "") fromgit ;;
  *) echo "usage: packaging/version.sh [--numeric [VERSION]]" >&2; exit 2 ;;
esac
