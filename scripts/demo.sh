#!/usr/bin/env bash
# The demo: a bot's account query and limit order go through Sidecar unsigned, are signed inside SoftHSM2, and are
# accepted by a local fake Binance that verifies Binance's signature algorithm with its own code. Then a real
# ccxt bot with placeholder credentials does the same through both route forms, and a ccxt pro bot trades over
# Binance's WebSocket API and watches its own order update arrive, every frame signed by Sidecar.
#
# Installs what is missing (softhsm2, p11-kit, ccxt), builds, and cleans up its processes on exit.
# Ports: SIDECAR_DEMO_PORT (default 8080) for the proxy, +1821 (9901) for the admin listener.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$repo_root"

ensure_dotnet
ensure_debian_packages softhsm2 p11-kit
ensure_ccxt

port="${SIDECAR_DEMO_PORT:-8080}"
admin_port=$((port + 1821))
work="$repo_root/.sidecar/demo"
rm -rf "$work"
mkdir -p "$work"
chmod 700 "$work"

log "building sidecar and the fake exchange (Release)"
dotnet publish proxy/Sidecar -c Release -o artifacts/bin -nologo -v quiet
dotnet publish tests/Sidecar.FakeExchange -c Release -o artifacts/fake-exchange -nologo -v quiet
export SIDECAR_BIN="$repo_root/artifacts/bin/sidecar"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

log "creating a SoftHSM2 token in $work/softhsm (PINs generated, stored 0600, never on a command line)"
eval "$(softhsm/init-token.sh --dir "$work/softhsm" --label sidecar)"

# A demo account: the exchange's API key and secret, generated here. Only the fake exchange and the HSM get the
# secret, both through standard input.
api_key="demo$(od -An -tx1 -N14 /dev/urandom | tr -d ' \n')"
secret="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"

log "starting the fake Binance (verifies HMAC-SHA256 signatures from Binance's docs)"
printf '%s\n%s\n' "$api_key" "$secret" | dotnet artifacts/fake-exchange/Sidecar.FakeExchange.dll --port 0 > "$work/fake.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q 'listening on' "$work/fake.log" 2>/dev/null && break; sleep 0.1; done
fake_url="$(sed -n 's/^fake-binance listening on //p' "$work/fake.log")"
[ -n "$fake_url" ] || { cat "$work/fake.log"; exit 1; }
# The fake serves Binance's WebSocket API on the same port; a real venue's upstream would be wss://ws-api.binance.com.
fake_ws="ws://${fake_url#http://}"

cat > "$work/sidecar.json" <<JSON
{
  "Hsm": { "Module": "/usr/lib/softhsm/libsofthsm2.so", "Token": "sidecar", "PinFile": "$work/softhsm/user.pin" },
  "Listen": "http://127.0.0.1:$port",
  "Admin": "http://127.0.0.1:$admin_port",
  "Audit": { "Path": "$work/audit.log" },
  "Venues": {
    "binance":      { "Scheme": "binance-hmac", "Upstream": "$fake_url", "Hosts": ["api.binance.com"],  "ApiKey": "$api_key", "Key": "demo-binance" },
    "binance-usdm": { "Scheme": "binance-hmac", "Upstream": "$fake_url", "Hosts": ["fapi.binance.com"], "ApiKey": "$api_key", "Key": "demo-binance" },
    "binance-ws":          { "Scheme": "binance-hmac", "Upstream": "$fake_ws", "ApiKey": "$api_key", "Key": "demo-binance", "RateLimitsFrom": "binance" },
    "binance-usdm-ws":     { "Scheme": "binance-hmac", "Upstream": "$fake_ws", "ApiKey": "$api_key", "Key": "demo-binance", "RateLimitsFrom": "binance-usdm" },
    "binance-usdm-stream": { "Scheme": "binance-hmac", "Upstream": "$fake_ws", "ApiKey": "$api_key", "Key": "demo-binance", "RateLimitsFrom": "binance-usdm" }
  }
}
JSON

log "importing the secret into the HSM: sidecar keys import … < stdin"
printf '%s' "$secret" | "$SIDECAR_BIN" keys import --config "$work/sidecar.json" --label demo-binance --type hmac --replace
unset secret
"$SIDECAR_BIN" keys list --config "$work/sidecar.json"

log "starting sidecar: proxy on 127.0.0.1:$port, admin on 127.0.0.1:$admin_port"
"$SIDECAR_BIN" run --config "$work/sidecar.json" > "$work/sidecar.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$admin_port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "http://127.0.0.1:$admin_port/readyz"; echo

show() { printf '\n\033[36m$ %s\033[0m\n' "$*"; "$@"; echo; }

log "a bot's requests, sent unsigned (no key, no timestamp, no signature)"
show curl -sS "http://127.0.0.1:$port/binance/api/v3/account?omitZeroBalances=true"
show curl -sS -X POST "http://127.0.0.1:$port/binance/api/v3/order" \
  -d 'symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=50000&newClientOrderId=demo-1'
show curl -sS "http://127.0.0.1:$port/binance/api/v3/openOrders?symbol=BTCUSDT"
show curl -sS -i "http://127.0.0.1:$port/unknown-venue/api/v3/account"

log "a ccxt bot (npm ccxt, pinned) with placeholder credentials: exchange.proxyUrl = 'http://127.0.0.1:$port/'"
(cd tests/ccxt && SIDECAR_MODE=proxyUrl MARKET=spot SIDECAR_URL="http://127.0.0.1:$port/" node bot.mjs)
log "the same bot on USD-M futures, with a base-URL override instead: http://127.0.0.1:$port/binance-usdm/…"
(cd tests/ccxt && SIDECAR_MODE=prefix MARKET=usdm SIDECAR_URL="http://127.0.0.1:$port/" node bot.mjs)
log "a ccxt pro bot over WebSockets: ws URLs overridden to ws://127.0.0.1:$port/<venue>/…, placeholder credentials"
log "  watchBalance (user data stream), createOrderWs, watchOrders (its own order's update arrives), cancelOrderWs"
(cd tests/ccxt && SIDECAR_MODE=sidecar MARKET=spot SIDECAR_URL="http://127.0.0.1:$port/" SIDECAR_WS="ws://127.0.0.1:$port" node binance-ws-bot.mjs)

log "what the fake exchange saw (it checked every signature itself)"
grep -v 'listening on' "$work/fake.log"
if grep -q 'signature INVALID' "$work/fake.log"; then
  echo "demo: the exchange rejected a signature" >&2
  exit 1
fi
log "a refused withdrawal: the key may trade, never move funds"
show curl -sS -X POST "http://127.0.0.1:$port/binance/sapi/v1/capital/withdraw/apply" -d 'coin=BTC&address=x&amount=1'

log "what sidecar logged"
cat "$work/sidecar.log"
log "metrics (admin listener, Prometheus text)"
curl -fsS "http://127.0.0.1:$admin_port/metrics" | grep -E '^sidecar_(requests_total|policy_refusals_total|websocket_)' || true
log "the audit log: one hash-chained line per decision (here the WebSocket frames: signed, then the exchange's answer)"
grep '"method":"WS"' "$work/audit.log"
tail -n 1 "$work/audit.log"
"$SIDECAR_BIN" audit verify "$work/audit.log"
log "demo complete: every signed request was accepted; the bot never held the secret"
