#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need, builds, runs every test project, and ends
# with one line "N passed, N failed" summed over all projects' TRX results. Fails when a test fails,
# when the runner fails, or when no test ran at all.
set -uo pipefail
cd "$(dirname "$0")/.."
source tools/lib/system-packages.sh

require_package postgresql has_postgres_server || exit 1

results="$PWD/TestResults"
rm -rf "$results"

dotnet build ModularDesk.sln -c Release -nologo -clp:ErrorsOnly || { echo "0 passed, 0 failed (build failed)"; exit 1; }

dotnet test ModularDesk.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  --blame-hang-timeout 10m
runner_status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

status=0
if [ "$runner_status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then status=1; fi
echo "$passed passed, $failed failed"
exit $status
