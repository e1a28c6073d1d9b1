#!/usr/bin/env bash
# Email connector throughput: ingest rate of a 10,000-message mailbox and APPEND → inbox latency under IDLE.
# Usage: bash tools/bench/email-ingest.sh [messages=10000] [latency probes=20]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/lib/system-packages.sh
require_package postgresql has_postgres_server
require_package dovecot-imapd has_dovecot
dotnet build tools/bench/EmailIngest/EmailIngest.csproj -c Release -nologo -clp:ErrorsOnly
dotnet tools/bench/EmailIngest/bin/Release/net10.0/EmailIngest.dll "$@"
