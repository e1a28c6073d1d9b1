#!/usr/bin/env bash
# Outbox delivery + History projection cost per event (issue 6): COPYs ingestion-shaped events (20,000 TicketMessageAdded,
# 10% of them with a TicketCreated and a ClientCreated) into a throwaway durable cluster, then times a real host process
# until History has an entry for each; prints events/s and CPU per event (host + PostgreSQL) with the load average.
# Usage: bash tools/bench/outbox.sh [messages=20000] [warmup=2000] [runs=1]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build host/ModularDesk.Host -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build tools/bench/OutboxBench -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet tools/bench/OutboxBench/bin/Release/net10.0/OutboxBench.dll "$@"
