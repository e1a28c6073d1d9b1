#!/usr/bin/env bash
# Throughput of the Telegram and WhatsApp connectors: 1,000 Telegram updates by long polling and 1,000 signed
# WhatsApp webhooks into a real host process; prints ingest rates and webhook response percentiles.
# Usage: tools/bench/messenger-ingest.sh [count]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build host/ModularDesk.Host -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build tools/bench/MessengerIngest -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet tools/bench/MessengerIngest/bin/Release/net10.0/MessengerIngest.dll "${1:-1000}"
