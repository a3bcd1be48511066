#!/usr/bin/env bash
# GUI figures for BENCHMARKS.md under Xvfb: time from start to the window
# being mapped (first frame follows within one refresh), and the process's
# memory after the checklist ran (the home screen's "接続を診断" clicked).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/bin/rootip-cert-gui   # the window program (make build)
work=$(mktemp -d)
display=:$((200 + $$ % 500))
Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
export DISPLAY=$display LANG=ja_JP.UTF-8 HOME=$work XDG_CONFIG_HOME=$work/config
title="root ipクラウド 電子証明書ツール"
echo "== start to window mapped (10 runs)"
for i in $(seq 10); do
  s=$(date +%s%N)
  "$bin" >/dev/null 2>&1 & pid=$!
  timeout 30 xdotool search --sync --name "$title" >/dev/null
  e=$(date +%s%N)
  echo "$(( (e - s) / 1000000 )) ms"
  kill $pid; wait $pid 2>/dev/null || true
done | sort -n | awk '{a[NR]=$1} END {print "min " a[1] " ms, median " a[int((NR+1)/2)] " ms, max " a[NR] " ms"}'
echo "== memory after the checklist ran"
"$bin" >/dev/null 2>&1 & pid=$!
win=$(timeout 30 xdotool search --sync --name "$title" | head -1)
sleep 1
echo "before: $(grep VmRSS /proc/$pid/status)"
xdotool mousemove --window "$win" 380 217 click 1   # 接続を診断
sleep 6
echo "after:  $(grep VmRSS /proc/$pid/status) (peak $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}'))"
import -window root "$work/after.png" && cp "$work/after.png" "${GUI_SHOT:-/dev/null}" 2>/dev/null || true
kill $pid
