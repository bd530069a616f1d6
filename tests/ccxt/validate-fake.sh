#!/usr/bin/env bash
# Validates the fake exchange (tests/Sidecar.FakeExchange) against ccxt's own signer, with no Sidecar involved:
#   1. start the fake with a freshly generated API key and secret (given on its standard input);
#   2. run bot.mjs in direct mode for MARKET=spot and MARKET=usdm with the same credentials: every step must pass,
#      and the fake must have logged "signature ok" for each of the 4 signed calls and "key ok" for the 3
#      listenKey calls, and no other verdict;
#   3. run the spot bot once more with a wrong secret: it must fail with -1022, and the fake must say INVALID.
# Needs: dotnet, node 20.19+, `npm ci` done in tests/ccxt. Exit code 0 when all of it holds.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
fake_pid=""

cleanup() {
  if [[ -n "$fake_pid" ]] && kill -0 "$fake_pid" 2>/dev/null; then
    kill -TERM "$fake_pid"
    wait "$fake_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building the fake exchange"
dotnet build "$repo/tests/Sidecar.FakeExchange" -c Release -o "$work/fake" --nologo -v quiet >/dev/null

api_key="$(node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('hex'))")"
secret="$(node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('hex'))")"
wrong_secret="$(node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('hex'))")"

echo "== starting the fake exchange (credentials on stdin)"
printf '%s\n%s\n' "$api_key" "$secret" | dotnet "$work/fake/Sidecar.FakeExchange.dll" >"$work/fake.log" 2>&1 &
fake_pid=$!
for _ in $(seq 1 100); do
  grep -q '^fake-binance listening on ' "$work/fake.log" && break
  kill -0 "$fake_pid" 2>/dev/null || { cat "$work/fake.log"; echo "the fake exchange exited"; exit 1; }
  sleep 0.1
done
base_url="$(sed -n 's/^fake-binance listening on //p' "$work/fake.log")"
[[ -n "$base_url" ]] || { cat "$work/fake.log"; echo "the fake exchange did not start"; exit 1; }
echo "$base_url"

run_bot() { # market secret
  SIDECAR_MODE=direct MARKET="$1" BINANCE_URL="$base_url" BINANCE_API_KEY="$api_key" BINANCE_SECRET="$2" \
    node "$here/bot.mjs"
}

failed=0
for market in spot usdm; do
  echo "== direct mode, MARKET=$market"
  before=$(wc -l <"$work/fake.log")
  if ! run_bot "$market" "$secret"; then
    echo "FAIL: the $market bot failed against the fake"; failed=1
  fi
  log="$(tail -n +"$((before + 1))" "$work/fake.log")"
  echo "$log"
  # Signed: fetchBalance, createOrder, fetchOpenOrders, cancelOrder. API key only: the three listenKey calls.
  signed=$(grep -c 'key ok, signature ok -> 200' <<<"$log" || true)
  stream=$(grep -c 'key ok, no signature needed -> 200' <<<"$log" || true)
  if grep -q -e 'INVALID' -e 'MISSING' -e 'WRONG' <<<"$log" || ((signed != 4 || stream != 3)); then
    echo "FAIL: expected 4 'signature ok' and 3 'no signature needed' lines, nothing else (got $signed, $stream)"; failed=1
  fi
done

echo "== direct mode, MARKET=spot, wrong secret (must be rejected with -1022)"
before=$(wc -l <"$work/fake.log")
if output="$(run_bot spot "$wrong_secret")"; then
  echo "$output"; echo "FAIL: the bot succeeded with a wrong secret"; failed=1
else
  echo "$output"
  grep -q -- '-1022' <<<"$output" || { echo "FAIL: no -1022 in the bot's output"; failed=1; }
fi
log="$(tail -n +"$((before + 1))" "$work/fake.log")"
echo "$log"
grep -q 'signature INVALID -> 400 (-1022)' <<<"$log" || { echo "FAIL: the fake did not report an INVALID signature"; failed=1; }

if ((failed)); then
  echo "validate-fake: FAILED"
  exit 1
fi
echo "validate-fake: OK"
