#!/usr/bin/env bash
# Builds the benchmarks in Release and runs the binance-hmac signing-step and raw PKCS#11 benchmarks against a
# throwaway SoftHSM2 token (created in a temp dir with generated PINs and secret, deleted at exit).
# Extra arguments go to BenchmarkDotNet, e.g.:  bench/run-signing.sh --filter '*Raw*'
# Takes about 3-4 minutes on 2 cores.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
artifacts="$root/bench/BenchmarkDotNet.Artifacts"
cd "$root"

if [[ ! -f /usr/lib/softhsm/libsofthsm2.so ]]; then
  echo "error: /usr/lib/softhsm/libsofthsm2.so missing (apt-get install softhsm2)" >&2
  exit 1
fi

dotnet build bench/Sidecar.Benchmarks -c Release --nologo -v quiet
if [[ $# -eq 0 ]]; then
  set -- --filter '*'
fi
dotnet run -c Release --no-build --project bench/Sidecar.Benchmarks -- --artifacts "$artifacts" "$@"

echo
echo "Results: $artifacts/results/"
ls -1 "$artifacts/results/" 2>/dev/null | sed 's/^/  /' || true
