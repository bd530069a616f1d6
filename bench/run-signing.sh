#!/usr/bin/env bash
# Builds the benchmarks in Release and runs the binance-hmac signing-step and raw PKCS#11 benchmarks against a
# throwaway SoftHSM2 token (created in a temp dir with generated PINs and secret, deleted at exit).
# With no arguments it runs every benchmark, then three quick cross-checks (--alloc-check: exact managed bytes over
# 50,000 calls each; --paired: interleaved HSM-sign / raw-loop ratio; --audit-check: the audit log's bytes per
# record on the request thread and process-wide; --concurrency: signs/s and CPU per sign from 1, 2 and 4 threads).
# Extra arguments go to BenchmarkDotNet
# instead, e.g.:  bench/run-signing.sh --filter '*Raw*'
# Takes about 2 minutes on 2 cores.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
artifacts="$root/bench/BenchmarkDotNet.Artifacts"
cd "$root"

if [[ ! -f /usr/lib/softhsm/libsofthsm2.so ]]; then
  echo "error: /usr/lib/softhsm/libsofthsm2.so missing (apt-get install softhsm2)" >&2
  exit 1
fi

dotnet build bench/Sidecar.Benchmarks -c Release --nologo -v quiet
run() { dotnet run -c Release --no-build --project bench/Sidecar.Benchmarks -- "$@"; }
if [[ $# -gt 0 ]]; then
  run --artifacts "$artifacts" "$@"
else
  run --artifacts "$artifacts" --filter '*'
  echo
  echo "== Allocation cross-check (GC.GetAllocatedBytesForCurrentThread) =="
  run --alloc-check
  echo
  echo "== Interleaved ratio, HSM sign vs raw C_SignInit+C_Sign =="
  run --paired
  echo
  echo "== Audit log allocation per record (request thread vs process) =="
  run --audit-check
  echo
  echo "== Signing from several threads at once (signs/s, CPU per sign) =="
  run --concurrency
fi

echo
echo "Results: $artifacts/results/"
ls -1 "$artifacts/results/" 2>/dev/null | sed 's/^/  /' || true
