#!/usr/bin/env bash
# Issue 6 benchmarks (ingestion throughput vs COPY, accept → processed latency at a steady rate, client panel on
# 1M clients / 5M messages) on a real host process and a throwaway durable PostgreSQL cluster. ~20 min on 2 cores.
# Usage: tools/bench/tickets-ingest.sh [all|ingest|latency|panel|senders] [messages=50000] [known=5000] [rate=1000] [seconds=30]
#        [path=inbox|http|both] [clients=1000000] [total=5000000] [requests=400]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build host/ModularDesk.Host -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build tools/bench/TicketsIngest -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet tools/bench/TicketsIngest/bin/Release/net10.0/TicketsIngest.dll "${@:-all}"
