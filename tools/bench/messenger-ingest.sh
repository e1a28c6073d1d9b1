#!/usr/bin/env bash
# Throughput and latency of the Telegram and WhatsApp connectors on a real host process and a durable PostgreSQL
# cluster: 1,000 Telegram updates by long polling, 1,000 signed WhatsApp webhooks 16 at a time, webhooks offered at a
# fixed rate (default 500/s for 10 s), and the REST inbox; rates until stored and until every message is a ticket,
# webhook response percentiles, CPU per message (host and PostgreSQL) and the load average.
# Usage: tools/bench/messenger-ingest.sh [count] [--rate 500] [--seconds 10] [--ephemeral] [--store-only]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build tools/bench/MessengerIngest -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet tools/bench/MessengerIngest/bin/Release/net10.0/MessengerIngest.dll "${@:-1000}"
