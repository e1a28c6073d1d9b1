#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need, builds, runs every test project, and ends
# with one line "N passed, N failed" summed over all projects' TRX results. Fails when a test fails,
# when the runner fails, or when no test ran at all.
set -uo pipefail
cd "$(dirname "$0")/.."
source tools/lib/system-packages.sh

require_package postgresql has_postgres_server || exit 1
# The email connector's tests run a real Dovecot IMAP server (rootless, on a free port).
require_package dovecot-imapd has_dovecot || exit 1

results="$PWD/TestResults"
rm -rf "$results"

dotnet build ModularDesk.sln -c Release -nologo -clp:ErrorsOnly || { echo "0 passed, 0 failed (build failed)"; exit 1; }

# One run per test project, each with its own TRX file (TRX names from a solution-wide run collide
# within the same second and overwrite each other).
runner_status=0
projects=$(grep -l '<IsTestProject>true</IsTestProject>' tests/*/*.csproj | sort)
[ -n "$projects" ] || { echo "0 passed, 0 failed (no test projects)"; exit 1; }
for project in $projects; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" \
    --blame-hang-timeout 10m || runner_status=1
  [ -e "$results/$name.trx" ] || { echo "$name produced no results"; runner_status=1; }
done

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
