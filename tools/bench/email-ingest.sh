#!/usr/bin/env bash
# Email channel end to end on a real host process + Dovecot: ingest rate of a 10,000-message mailbox into tickets and
# APPEND -> ticket (API) latency while idle, with the load average. Usage: bash tools/bench/email-ingest.sh [messages=10000] [probes=50]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/lib/system-packages.sh
require_package postgresql has_postgres_server
require_package dovecot-imapd has_dovecot
dotnet build host/ModularDesk.Host -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build tools/bench/EmailIngest/EmailIngest.csproj -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet tools/bench/EmailIngest/bin/Release/net10.0/EmailIngest.dll "$@"
