#!/usr/bin/env bash
# Search and sender resolution on 1,000,000 client cards: seeds a throwaway database (binary COPY, production indexes),
# measures GET /api/v1/clients/search on a real host process and IClientSenderResolver, prints p50/p95/p99 and plans.
# Usage: tools/bench/clients-search.sh [clients=1000000] [--server <maintenance connection string>] [--keep] [--reuse <db>]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build host/ModularDesk.Host -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build tools/bench/ClientsSearch -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet tools/bench/ClientsSearch/bin/Release/net10.0/ClientsSearch.dll "$@"
