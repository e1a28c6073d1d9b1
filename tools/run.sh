#!/usr/bin/env bash
# Builds and runs ModularDesk with its embedded PostgreSQL (installed with apt-get when missing).
# Data lives in ./.modulardesk (MODULARDESK_DATA_DIR); set ConnectionStrings__ModularDesk to use your own server.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/lib/system-packages.sh

if [ -z "${ConnectionStrings__ModularDesk:-}" ]; then
  require_package postgresql has_postgres_server
fi

dotnet build ModularDesk.sln -c Release -nologo -v quiet -clp:ErrorsOnly

export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:${MODULARDESK_PORT:-5080}}"
export MODULARDESK_DATA_DIR="${MODULARDESK_DATA_DIR:-$PWD/.modulardesk}"
export Plugins__Directory="${Plugins__Directory:-$PWD/artifacts/plugins}"
echo "ModularDesk starts at ${ASPNETCORE_URLS%%;*}  (API reference: /api/docs, jobs: /hangfire)"
echo "Data directory: $MODULARDESK_DATA_DIR"
exec dotnet host/ModularDesk.Host/bin/Release/net10.0/ModularDesk.Host.dll
