#!/usr/bin/env bash
# Reproduces the figures in BENCHMARKS.md: each of our commands next to a
# peer tool doing the same job on the same input in the same run.
# Run: make bench   (builds bin/rootip-cert and the sample first)
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8 GOTOOLCHAIN=go1.27.3   # Go 1.27.3 through the module proxy (README)
for tool in hyperfine certutil pk12util openssl /usr/bin/time curl; do
  command -v "$tool" >/dev/null || apt-get install -y -qq hyperfine time libnss3-tools openssl curl >/dev/null
done
# The console build (no window linked, Go's classic GC: see the Makefile),
# as scripts and the helpdesk run it.
GOEXPERIMENT=${CONSOLE_GOEXPERIMENT-nogreenteagc} go build -tags cli -trimpath -ldflags "-s -w" -o bin/rootip-cert-console .
bin=$PWD/bin/rootip-cert-console
file=$PWD/sample/クライアント証明書.p12
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"   # remembered settings stay in the scratch directory

echo "== inspect vs openssl pkcs12 -info (same file, whole process)"
hyperfine -N --warmup 5 --runs 50 \
  "$bin inspect $file" \
  "openssl pkcs12 -info -noout -in $file -passin pass:rootip"

echo "== start-up: the console binary doing nothing, next to a Go hello world"
printf 'package main\nimport "fmt"\nfunc main() { fmt.Println("hello") }\n' > "$work/hello.go"
go build -o "$work/hello" "$work/hello.go"
hyperfine -N --warmup 5 --runs 50 "$bin version" "$work/hello"

echo "== refusal of a 20 MiB file"
truncate -s 20M "$work/big.p12"
hyperfine -N --warmup 3 --runs 30 -i "$bin inspect $work/big.p12"

echo "== import into a fresh NSS database vs pk12util -i (same file)"
fresh="rm -rf $work/db && mkdir $work/db && certutil -N --empty-password -d sql:$work/db"
hyperfine -N --warmup 3 --runs 30 --prepare "sh -c '$fresh'" \
  "$bin import $file --nss-db $work/db" \
  "pk12util -i $file -d sql:$work/db -W rootip"

echo "== list a database of 2,000 certificates vs certutil -L"
go run ./internal/pki/mksample -out "$work/many" -certs 2000 >/dev/null
mkdir "$work/big" && certutil -N --empty-password -d "sql:$work/big"
for p in "$work"/many/certs/*.pem; do certutil -A -d "sql:$work/big" -n "$(basename "$p" .pem)" -t ",," -i "$p"; done
hyperfine -N --warmup 2 --runs 20 \
  "$bin list --nss-db $work/big --json" \
  "certutil -L -d sql:$work/big"

echo "== diagnose (all 18 checks) vs curl (one mutual-TLS handshake and GET), same loopback server"
go run ./internal/demo/demoserver -out "$work" & srv=$!
for _ in $(seq 100); do [ -f "$work/env" ] && break; sleep 0.1; done
. "$work/env"
$bin import "$P12" --nss-db "$work/nss" >/dev/null   # so every check can be green
hyperfine -N --warmup 3 --runs 30 \
  "$bin diagnose --url $URL --resolve $RESOLVE --server-ca $CA --p12 $P12 --nss-db $work/nss --json" \
  "curl -s -o /dev/null --resolve $RESOLVE --cacert $CA --cert $CERT --key $KEY $URL"
echo "== black hole (accepts TCP, never answers): wall time vs --timeout 2s"
hyperfine -N --runs 5 -i "$bin diagnose --url $HOLE --resolve $HOLE_RESOLVE --server-ca $CA --p12 $P12 --nss-db $work/nss --timeout 2s"

echo "== the window's memory on the home screen (Xvfb, Mesa llvmpipe; goal <= 150 MiB)"
# Fyne also loads the system's font for the user's language (Japanese here)
# as a fallback face, whether or not a character needs it: say which.
echo "system fonts for Japanese: $(fc-list :lang=ja file 2>/dev/null | tr -d : | tr '\n' ' ')"
if command -v Xvfb >/dev/null && command -v xdotool >/dev/null && [ -x bin/rootip-cert-gui ]; then
  display=:$((200 + $$ % 500))
  Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
  sleep 1
  # Runs 1-3 start the binary as the build left it in the page cache; the
  # kernel may map a freshly linked file with 2 MiB pages (FilePmdMapped),
  # making whole stretches of it resident. Runs 4-6 drop its pages first
  # (dd iflag=nocache), so it is read from disk as after installing or a
  # reboot: 4 KiB pages, only what is touched (and its read-around).
  for i in 1 2 3 4 5 6; do
    [ "$i" -gt 3 ] && dd if=bin/rootip-cert-gui iflag=nocache count=0 status=none
    DISPLAY=$display LANG=ja_JP.UTF-8 HOME=$work LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe \
      bin/rootip-cert-gui >/dev/null 2>&1 & gui=$!
    DISPLAY=$display timeout 30 xdotool search --sync --name "root ipクラウド 電子証明書ツール" >/dev/null
    sleep 2   # the home screen drawn and idle
    pmd=$(awk '/rootip-cert-gui$/ {p=1; next} /^[0-9a-f]+-/ {p=0} p && /^FilePmdMapped/ {s+=$2} END {print s/1024}' /proc/$gui/smaps)
    echo "run $i: $(grep VmRSS /proc/$gui/status | awk '{print $2/1024 " MiB"}') resident, peak $(grep VmHWM /proc/$gui/status | awk '{print $2/1024 " MiB"}'), binary mapped in 2 MiB pages: $pmd MiB"
    kill $gui; wait $gui 2>/dev/null || true
  done
  kill $xvfb
else
  echo "skipped: needs Xvfb, xdotool and bin/rootip-cert-gui (make build)"
fi

echo "== peak memory (max RSS)"
rm -rf "$work/db" && mkdir "$work/db" && certutil -N --empty-password -d "sql:$work/db"
for cmd in "$bin inspect $file" "openssl pkcs12 -info -noout -in $file -passin pass:rootip" \
           "$bin import $file --nss-db $work/db" "pk12util -i $file -d sql:$work/db -W rootip" \
           "$bin list --nss-db $work/big --json" "certutil -L -d sql:$work/big" \
           "$bin diagnose --url $URL --resolve $RESOLVE --server-ca $CA --p12 $P12 --nss-db $work/nss --json" \
           "curl -s -o /dev/null --resolve $RESOLVE --cacert $CA --cert $CERT --key $KEY $URL"; do
  /usr/bin/time -f "%M KiB	$cmd" $cmd >/dev/null 2>"$work/t" || true
  tail -1 "$work/t" | sed "s#$work#WORK#g; s#$PWD/##g"
done
kill $srv
