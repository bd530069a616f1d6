#!/usr/bin/env bash
# Runs every test: unit, SoftHSM2 known-answer, end-to-end through the real proxy, and the ccxt bot.
# Installs what is missing first (softhsm2, p11-kit and prometheus via apt-get, NuGet packages via restore, ccxt
# via npm ci); kubectl (for the k8s/ manifest tests) must be on the machine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$repo_root"

ensure_dotnet
ensure_debian_packages softhsm2 p11-kit
ensure_debian_packages --no-install-recommends prometheus
ensure_ccxt
ensure_kubectl

log "scanning the repository for secrets"
bash "$repo_root/scripts/secret-scan.sh"

log "building (Release)"
dotnet build Sidecar.sln -c Release -warnaserror -nologo -v quiet

results="$repo_root/artifacts/test-results"
rm -rf "$results"
log "testing"
status=0
dotnet test Sidecar.sln -c Release --no-build --nologo \
  --logger "console;verbosity=normal" --logger trx --results-directory "$results" || status=$?

# One plain summary line for CI, from the TRX counters.
passed=0
failed=0
while read -r counters; do
  passed=$((passed + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")))
  failed=$((failed + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")))
done < <(grep -ho '<Counters [^>]*>' "$results"/*.trx 2>/dev/null || true)
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
if [ "${passed:-0}" -eq 0 ]; then
  echo "no tests ran" >&2
  exit 1
fi
exit "$status"
