#!/usr/bin/env bash
# History read models (issue 7): seeds 5M timeline entries (one client with 10,000) and 2.5M card changes into a throwaway
# database, shows the plans, then measures first pages through HTTP against the real host process (p50/p95/p99 + load).
# Usage: bash tools/bench/history.sh [totalEntries=5000000] [requests=400]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/lib/system-packages.sh
require_package postgresql has_postgres_server
dotnet build host/ModularDesk.Host/ModularDesk.Host.csproj -c Release -nologo -clp:ErrorsOnly
dotnet build tools/bench/HistoryBench/HistoryBench.csproj -c Release -nologo -clp:ErrorsOnly
dotnet tools/bench/HistoryBench/bin/Release/net10.0/HistoryBench.dll "$@"
