#!/usr/bin/env bash
# Routing latency at 200 tickets/s: the router alone, then creation -> assignment through ingestion, with the rules and
# without any (what routing adds to accept -> processed); the bench prints p50/p95/p99 and the load average.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export ASPNETCORE_TEST_CONTENTROOT_MODULARDESK_HOST="$root/host/ModularDesk.Host"
project="$root/tools/bench/ModularDesk.Bench.Routing"
dotnet build "$project" -c Release -nologo -clp:ErrorsOnly
(cd "$project" && dotnet run -c Release --no-build -- "${RATE:-200}" "${SECONDS_TO_RUN:-20}")
(cd "$project" && dotnet run -c Release --no-build -- e2e "${RATE:-200}" "${SECONDS_TO_RUN:-20}")
