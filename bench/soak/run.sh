#!/usr/bin/env bash
# A bounded soak of the published sidecar: SoftHSM2 served through `p11-kit server` (restarted every
# P11_RESTART_EVERY s), the fake Binance behind a relay that resets every connection for FAULT_FOR s every
# FAULT_EVERY s, and a fixed request rate (RATE/s) for SOAK_SECONDS. At the end it checks and prints:
#
#   - RSS growth after warm-up under 5 % (median of the first 30 s after WARMUP against the median of the last 30 s);
#   - no growth in open file descriptors (/proc/PID/fd) or in HSM connections (the sidecar's sockets to the
#     p11-kit server, which carry its PKCS#11 sessions): the median of the last 30 s stays within the maximum of
#     the first 30 s after WARMUP;
#   Faults stop COOLDOWN s before the end while the load goes on, so the last 30 s measure what stayed after the
#   faults (a leak does) rather than one fault's transient (connections being re-made, a burst of retries).
#   - every request accounted for in the audit log (records by decision = the driver's count by answer), and the
#     chain verifies with `sidecar audit verify`;
#   - the fake exchange saw only verified signatures and the right API key;
#   - SIGTERM at the end stops the sidecar with exit code 0.
#
#   SOAK_SECONDS=120 bash bench/soak/run.sh
#
# Settings (environment): SOAK_SECONDS (600), RATE (40), WARMUP (SOAK_SECONDS/4), COOLDOWN (60), P11_RESTART_EVERY (45),
# FAULT_EVERY (30), FAULT_FOR (3), SOAK_SKIP_BUILD (unset: publish first), SOAK_SMAPS_EVERY (unset: a copy of
# /proc/PID/smaps every that many seconds into smaps/, to attribute RSS growth with bench/soak/smaps.py). Work files
# go to SOAK_WORK (.sidecar/soak/).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
cd "$repo_root"

soak_seconds="${SOAK_SECONDS:-600}"
rate="${RATE:-40}"
warmup="${WARMUP:-$((soak_seconds / 4))}"
p11_every="${P11_RESTART_EVERY:-45}"
export FAULT_EVERY="${FAULT_EVERY:-30}" FAULT_FOR="${FAULT_FOR:-3}"
work="${SOAK_WORK:-$repo_root/.sidecar/soak}"
cooldown="${COOLDOWN:-60}"
if [ "$cooldown" -lt 30 ] || [ $((soak_seconds - cooldown)) -le $((warmup + 30)) ]; then
  echo "COOLDOWN ($cooldown s) must be at least 30 s and leave faults running after WARMUP + 30 s ($((warmup + 30)) s) of SOAK_SECONDS ($soak_seconds s)" >&2
  exit 2
fi
sample_every=5

ensure_dotnet
ensure_debian_packages softhsm2 p11-kit
command -v node >/dev/null || { echo "soak: node is required for the driver" >&2; exit 1; }
command -v jq >/dev/null || ensure_debian_packages jq

if [ -z "${SOAK_SKIP_BUILD:-}" ]; then
  log "publishing sidecar and the fake exchange (Release) to artifacts/soak"
  dotnet publish proxy/Sidecar -c Release -o artifacts/soak/sidecar -nologo -v quiet
  dotnet publish tests/Sidecar.FakeExchange -c Release -o artifacts/soak/fake-exchange -nologo -v quiet
fi
export SIDECAR_BIN="$repo_root/artifacts/soak/sidecar/sidecar"

rm -rf "$work"
mkdir -p "$work"
chmod 700 "$work"
pids=()
p11_pid=""
# p11-kit server forks one child per client connection: stopping it means stopping that child too.
kill_p11() { kill $(pgrep -P "$1") "$1" 2>/dev/null || true; }
cleanup() {
  [ -n "$p11_pid" ] && kill_p11 "$p11_pid"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

eval "$(softhsm/init-token.sh --dir "$work/softhsm" --label sidecar)"
api_key="soak$(od -An -tx1 -N14 /dev/urandom | tr -d ' \n')"
secret="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"

printf '%s\n%s\n' "$api_key" "$secret" | dotnet artifacts/soak/fake-exchange/Sidecar.FakeExchange.dll --port 0 > "$work/fake.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do grep -q 'listening on' "$work/fake.log" 2>/dev/null && break; sleep 0.1; done
fake_url="$(sed -n 's/^fake-binance listening on //p' "$work/fake.log")"
[ -n "$fake_url" ] || { cat "$work/fake.log"; exit 1; }

FAULT_STOP_FILE="$work/faults.stop" node bench/soak/driver.mjs proxy "$fake_url" > "$work/fault-proxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q 'listening on' "$work/fault-proxy.log" 2>/dev/null && break; sleep 0.1; done
relay_port="$(sed -n 's/^fault-proxy listening on //p' "$work/fault-proxy.log")"
[ -n "$relay_port" ] || { cat "$work/fault-proxy.log"; exit 1; }

p11_socket="$work/p11.sock"
export P11_KIT_SERVER_ADDRESS="unix:path=$p11_socket"
start_p11() {
  rm -f "$p11_socket"
  p11-kit server -f -n "$p11_socket" --provider /usr/lib/softhsm/libsofthsm2.so "pkcs11:token=sidecar" >> "$work/p11-kit.log" 2>&1 &
  p11_pid=$!
  for _ in $(seq 1 100); do [ -S "$p11_socket" ] && return 0; sleep 0.05; done
  echo "soak: p11-kit server did not start" >&2
  exit 1
}
start_p11

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
admin_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
cat > "$work/sidecar.json" <<JSON
{
  "Hsm": { "Module": "/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so", "Token": "sidecar", "PinFile": "$work/softhsm/user.pin" },
  "Listen": "http://127.0.0.1:$port",
  "Admin": "http://127.0.0.1:$admin_port",
  "Limits": { "UpstreamTimeoutMs": 5000 },
  "Audit": { "Path": "$work/audit.log" },
  "Venues": {
    "binance": { "Scheme": "binance-hmac", "Upstream": "http://127.0.0.1:$relay_port", "Hosts": ["api.binance.com"], "ApiKey": "$api_key", "Key": "soak-binance" }
  }
}
JSON
printf '%s' "$secret" | "$SIDECAR_BIN" keys import --config "$work/sidecar.json" --label soak-binance --type hmac --replace >/dev/null
unset secret

"$SIDECAR_BIN" run --config "$work/sidecar.json" > "$work/sidecar.log" 2>&1 &
sidecar_pid=$!
pids+=($sidecar_pid)
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$admin_port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$admin_port/readyz" >/dev/null || { cat "$work/sidecar.log"; exit 1; }

# The sidecar's Unix sockets whose peer is the p11-kit server's socket: its HSM connections.
hsm_connections() {
  ss -xpn 2>/dev/null | awk -v sock="$p11_socket" -v pid="pid=$sidecar_pid," '
    { line[NR] = $0; if ($5 == sock) server[$6] = 1 }
    END { n = 0; for (i in line) { split(line[i], f, " "); if (index(line[i], pid) && (f[8] in server)) n++ } print n }'
}
sample() {
  local rss fds
  rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$sidecar_pid/status")"
  fds="$(ls "/proc/$sidecar_pid/fd" | wc -l)"
  echo "$1,$rss,$fds,$(hsm_connections)"
  if [ -n "${SOAK_SMAPS_EVERY:-}" ] && [ $(($1 % SOAK_SMAPS_EVERY)) -lt "$sample_every" ]; then
    mkdir -p "$work/smaps" && cp "/proc/$sidecar_pid/smaps" "$work/smaps/$1" 2>/dev/null || true
  fi
}

log "soak: ${soak_seconds} s at ${rate} requests/s; warm-up ${warmup} s; p11-kit restarted every ${p11_every} s; upstream reset for ${FAULT_FOR} s every ${FAULT_EVERY} s; no faults in the last ${cooldown} s"
echo "t,rss_kb,fds,hsm_connections" > "$work/samples.csv"
started=$(date +%s)
(
  while sleep "$sample_every"; do
    kill -0 "$sidecar_pid" 2>/dev/null || exit 0
    sample "$(( $(date +%s) - started ))" >> "$work/samples.csv"
  done
) &
sampler=$!
restarts=0
(
  while sleep "$p11_every"; do
    [ -f "$work/load.done" ] || [ -f "$work/faults.stop" ] && exit 0
    kill_p11 "$(cat "$work/p11.pid")"
    sleep 2
    start_p11
    echo "$p11_pid" > "$work/p11.pid"
    echo restart >> "$work/p11-restarts"
  done
) &
restarter=$!
echo "$p11_pid" > "$work/p11.pid"
# The cool-down: no more faults (relay and p11-kit) for the last COOLDOWN s; the load goes on.
( sleep "$((soak_seconds - cooldown))"; touch "$work/faults.stop" ) &
pids+=($!)

RATE="$rate" SOAK_SECONDS="$soak_seconds" node bench/soak/driver.mjs load "http://127.0.0.1:$port/" "$work/driver.json"
touch "$work/load.done"
sample "$(( $(date +%s) - started ))" >> "$work/samples.csv"
kill "$sampler" "$restarter" 2>/dev/null || true
wait "$sampler" "$restarter" 2>/dev/null || true
p11_pid="$(cat "$work/p11.pid")"
[ -f "$work/p11-restarts" ] && restarts="$(wc -l < "$work/p11-restarts")"

# Stop as Kubernetes would, and expect a clean exit with the audit log flushed.
stop_started=$(date +%s%N)
kill -TERM "$sidecar_pid"
exit_code=0
wait "$sidecar_pid" || exit_code=$?
stop_ms=$(( ($(date +%s%N) - stop_started) / 1000000 ))

# ---- checks ----
failures=()
check() { # name, condition (0/1), detail
  if [ "$2" -eq 1 ]; then printf '  PASS  %-34s %s\n' "$1" "$3"; else printf '  FAIL  %-34s %s\n' "$1" "$3"; failures+=("$1"); fi
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
window_end=$((warmup + 30))
base_rss="$(awk -F, -v a="$warmup" -v b="$window_end" 'NR > 1 && $1 >= a && $1 <= b {print $2}' "$work/samples.csv" | median)"
# The last 30 s (inside the cool-down), as wide as the window after warm-up.
end_window="$((soak_seconds - 30))"
last_of() { awk -F, -v a="$end_window" -v c="$1" 'NR > 1 && $1 >= a {print $c}' "$work/samples.csv" | median; }
first_max() { awk -F, -v a="$warmup" -v b="$window_end" -v c="$1" 'NR > 1 && $1 >= a && $1 <= b {print $c}' "$work/samples.csv" | sort -n | tail -n 1; }
last_rss="$(last_of 2)"
base_fds="$(first_max 3)"
last_fds="$(last_of 3)"
base_hsm="$(first_max 4)"
last_hsm="$(last_of 4)"
growth="$(awk -v a="$base_rss" -v b="$last_rss" 'BEGIN { printf "%.2f", (b - a) * 100 / a }')"

cat "$work"/audit.log* > "$work/audit.all"
audit_count() { jq -r --arg d "$1" 'select(.decision == $d) | .decision' "$work/audit.all" | wc -l; }
verify="$("$SIDECAR_BIN" audit verify "$work/audit.log" 2>&1)" && verified=1 || verified=0
sent="$(jq .sent "$work/driver.json")"
records="$(wc -l < "$work/audit.all")"
bad_signatures="$(grep -cE 'signature (INVALID|MISSING)|key (WRONG|MISSING)' "$work/fake.log" || true)"
good_signatures="$(grep -c 'signature ok' "$work/fake.log" || true)"
faults="$(grep -c '^fault-proxy: fault' "$work/fault-proxy.log" || true)"

echo
log "soak result ($(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "  requests sent: $sent at $rate/s; p11-kit restarts: $restarts; upstream faults: $faults"
echo "  driver: $(jq -c '{signed, forwarded, refused, failed, noAnswer, unaudited, byCode, byStatus}' "$work/driver.json")"
echo "  audit:  $(jq -sc 'group_by(.decision) | map({(.[0].decision): length}) | add' "$work/audit.all")  failed by rule/outcome: $(jq -sc '[.[] | select(.decision == "failed")] | group_by(.rule + "/" + (.outcome // "-")) | map({(.[0].rule + "/" + (.[0].outcome // "-")): length}) | add' "$work/audit.all")"
check "RSS growth after warm-up < 5%" "$(awk -v g="$growth" 'BEGIN { print (g < 5) ? 1 : 0 }')" "${base_rss} kB -> ${last_rss} kB (${growth} %)"
check "open file descriptors" "$([ "$last_fds" -le "$base_fds" ] && echo 1 || echo 0)" "max of the first 30 s after warm-up ${base_fds}, median of the last 30 s ${last_fds}"
check "HSM connections (p11-kit)" "$([ "$last_hsm" -le "$base_hsm" ] && echo 1 || echo 0)" "max of the first 30 s after warm-up ${base_hsm}, median of the last 30 s ${last_hsm}"
check "every request audited" "$([ "$records" -eq "$sent" ] && echo 1 || echo 0)" "${records} records for ${sent} requests"
for decision in signed forwarded refused failed; do
  expected="$(jq ".$decision" "$work/driver.json")"
  got="$(audit_count "$decision")"
  check "  audit decision $decision" "$([ "$got" -eq "$expected" ] && echo 1 || echo 0)" "audit ${got}, driver ${expected}"
done
check "nothing refused for lack of audit" "$([ "$(jq .unaudited "$work/driver.json")" -eq 0 ] && echo 1 || echo 0)" "$(jq .unaudited "$work/driver.json") audit_unavailable answers"
check "audit chain verifies" "$verified" "$(echo "$verify" | tail -n 1)"
check "exchange saw only valid signatures" "$([ "$bad_signatures" -eq 0 ] && [ "$good_signatures" -gt 0 ] && echo 1 || echo 0)" "${good_signatures} verified, ${bad_signatures} invalid or missing"
check "SIGTERM exit code 0" "$([ "$exit_code" -eq 0 ] && echo 1 || echo 0)" "exit ${exit_code} after ${stop_ms} ms"
echo "  samples: $work/samples.csv; logs: $work/{sidecar,fake,fault-proxy,p11-kit}.log"
if [ ${#failures[@]} -gt 0 ]; then
  echo "soak: FAILED: ${failures[*]}" >&2
  exit 1
fi
log "soak passed"
