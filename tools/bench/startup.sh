#!/usr/bin/env bash
# Measures (1) time from process start to /health/ready = 200 on an existing data directory and
# (2) the host's resident memory after it has been idle. Usage: tools/bench/startup.sh [runs]
# Builds Release first; the first (untimed) start creates the data directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
data="$(mktemp -d /tmp/modulardesk-bench-XXXX)"
port=5181
dll=host/ModularDesk.Host/bin/Release/net10.0/ModularDesk.Host.dll
dotnet build host/ModularDesk.Host -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null

start_host() {
  MODULARDESK_DATA_DIR="$data" ASPNETCORE_URLS="http://127.0.0.1:$port" Serilog__MinimumLevel__Default=Warning \
    dotnet "$dll" >"$data/host.log" 2>&1 &
  pid=$!
}

stop_host() {
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
}

wait_ready() {
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = "200" ]; do sleep 0.02; done
}

start_host; wait_ready; stop_host

for i in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  start_host; wait_ready
  t1=$(date +%s%N)
  echo "run $i: start to ready $(( (t1 - t0) / 1000000 )) ms"
  if [ "$i" = "$runs" ]; then
    sleep "${IDLE_SECONDS:-30}"
    echo "idle RSS after ${IDLE_SECONDS:-30} s: $(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status) MB"
  fi
  stop_host
done
rm -rf "$data"
