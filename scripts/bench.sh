#!/usr/bin/env bash
# Reproduces the figures in BENCHMARKS.md: each of our commands next to a
# peer tool doing the same job on the same input in the same run.
# Needs: make build sample; hyperfine (Debian package, installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8
command -v hyperfine >/dev/null || { apt-get install -y -qq hyperfine >/dev/null; }
bin=bin/rootip-cert
file=sample/クライアント証明書.p12
echo "== inspect vs openssl pkcs12 -info (same file, whole process)"
hyperfine -N --warmup 5 --runs 50 \
  "$bin inspect $file" \
  "openssl pkcs12 -info -noout -in $file -passin pass:rootip"
echo "== refusal of a 20 MiB file"
big=$(mktemp); truncate -s 20M "$big"
hyperfine -N --warmup 3 --runs 30 -i "$bin inspect $big"
rm -f "$big"
echo "== peak memory (max RSS, KiB)"
for cmd in "$bin inspect $file" "openssl pkcs12 -info -noout -in $file -passin pass:rootip"; do
  /usr/bin/time -f "%M KiB  $cmd" $cmd >/dev/null 2>/tmp/bench-time || true
  tail -1 /tmp/bench-time
done
