#!/usr/bin/env bash
# The load benchmark, in one command: Sidecar against a plain YARP hop, an nginx hop and a Node.js signing proxy,
# all on loopback in front of the same fast upstream (nginx answering a small JSON body), loaded with wrk sending
# what a bot sends unsigned (bench/load/requests.lua), in two shapes (LOAD_SHAPES, default both):
#   order     POST /api/v3/order with a form body (Sidecar signs the body)
#   account   GET /api/v3/account?… with no body (Sidecar signs the query)
#
#   bench/load/run.sh
#
# Modes (LOAD_MODES, space-separated, default all):
#   direct        wrk → upstream
#   nginx         wrk → nginx reverse proxy (upstream keep-alive) → upstream
#   yarp          wrk → bench/PlainYarp (YARP, default settings, no signing) → upstream
#   sidecar       wrk → sidecar (signs in SoftHSM2, module loaded in-process) → upstream
#   sidecar-p11   wrk → sidecar → p11-kit-client.so → p11-kit server → SoftHSM2 (the isolated mode)
#   sidecar-audit as sidecar, with Audit:Path set (hash-chained audit log, group commit, fsync per batch)
#   sidecar-aot   as sidecar, the Native AOT build (-p:SidecarAot=true, in artifacts/bin-aot); not in the default
#                 set: its publish takes minutes
#   node          wrk → Node.js http-proxy signing with the secret in memory (bench/load/node-proxy)
#   sidecar-base  as sidecar, another build of it (LOAD_BASE_BIN, e.g. the parent commit's publish): a change
#                 measured against what it changes, in the same rounds; not in the default set
#
# Each round runs every mode and shape once at 1 connection (latency) and once at LOAD_CONNECTIONS (throughput), the
# modes' order rotating from round to round, so drift on the machine hits all modes alike. Medians over rounds.
# Then (LOAD_COUNT_SECONDS > 0) the counts that do not depend on the machine being quiet, per request at 1
# connection and each shape: context switches and CPU migrations of the proxy's threads (perf stat), thread-pool
# work items and contended locks (.NET proxies), and, under strace -f -c in a separate run, its syscalls.
# LOAD_ROUNDS=0 takes only those counts (for a busy machine).
#
# Environment (defaults keep the whole run at about 25 minutes on 2 cores: two shapes, then the counts):
#   LOAD_ROUNDS=3  LOAD_LATENCY_SECONDS=8  LOAD_THROUGHPUT_SECONDS=8  LOAD_WARMUP_SECONDS=20  LOAD_CONNECTIONS=32
#   (20 s of warm-up: a JIT process, plain YARP's or Sidecar's, is still compiling hot methods for about 20 s under
#   load; with 5 s the first round measured half-compiled code)
#   LOAD_WRK_THREADS=1  LOAD_BASE_PORT=18100 (uses the next 20 ports)  LOAD_RECORD=1 (append to bench/RESULTS.md)
#   LOAD_NOTE="…" (a line recorded with the results, e.g. the machine's load)
#   LOAD_SKIP_BUILD=1 (reuse artifacts/bin and artifacts/plain-yarp as they are)
#   LOAD_SHAPES="order account"  LOAD_COUNT_SECONDS=5 (0: no counts)  LOAD_BASE_BIN=… (for sidecar-base)
#   LOAD_STAGES=1 (Sidecar's per-stage timestamps on, SIDECAR_STAGE_TIMING=1, read after the counts; they cost a
#   clock read per stage, so leave them off when timing)
#   LOAD_SIDECAR_ENV="NAME=value …" (extra environment for every sidecar process, to try runtime settings, e.g.
#   DOTNET_GCgen0size=0x400000; recorded with the results)
#   LOAD_AOT_ENV="NAME=value …" (extra environment for the sidecar-aot process only, e.g. DOTNET_GCHeapHardLimit=3000000:
#   the 48 MiB heap limit .NET sets by itself under a 64 MiB container memory limit; recorded with the results)
#
# Installs what is missing (nginx-light, wrk, softhsm2, p11-kit, nodejs/npm, the pinned http-proxy), publishes
# sidecar and PlainYarp in Release, and stops every process it started on exit. PINs, the API key and the secret
# are generated and passed through files (0600) and standard input, never on a command line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
cd "$repo_root"
command_line="bench/load/run.sh"
for name in LOAD_SIDECAR_ENV LOAD_AOT_ENV LOAD_BASE_BIN LOAD_MODES LOAD_SHAPES LOAD_COUNT_SECONDS LOAD_STAGES LOAD_ROUNDS LOAD_LATENCY_SECONDS LOAD_THROUGHPUT_SECONDS LOAD_WARMUP_SECONDS LOAD_CONNECTIONS LOAD_WRK_THREADS; do
  [ -n "${!name:-}" ] && command_line="$name=\"${!name}\" $command_line"
done

modes="${LOAD_MODES:-direct nginx yarp sidecar sidecar-p11 sidecar-audit node}"
shapes="${LOAD_SHAPES:-order account}"
count_seconds="${LOAD_COUNT_SECONDS:-5}"
stages="${LOAD_STAGES:-0}"
rounds="${LOAD_ROUNDS:-3}"
latency_seconds="${LOAD_LATENCY_SECONDS:-8}"
throughput_seconds="${LOAD_THROUGHPUT_SECONDS:-8}"
warmup_seconds="${LOAD_WARMUP_SECONDS:-20}"
connections="${LOAD_CONNECTIONS:-32}"
wrk_threads="${LOAD_WRK_THREADS:-1}"
base="${LOAD_BASE_PORT:-18100}"
record="${LOAD_RECORD:-1}"

ensure_dotnet
ensure_debian_packages softhsm2 p11-kit p11-kit-modules nginx-light wrk
[ "$count_seconds" -gt 0 ] && ensure_debian_packages linux-perf strace
node_dir="$repo_root/bench/load/node-proxy"
ensure_npm_project "$node_dir" http-proxy http-proxy
p11_client="$(find /usr/lib -name p11-kit-client.so -path '*pkcs11*' 2>/dev/null | head -n1)"
[ -n "$p11_client" ] || { echo "p11-kit-client.so not found (p11-kit-modules)" >&2; exit 1; }

if [ "${LOAD_SKIP_BUILD:-0}" = 1 ] && [ -x artifacts/bin/sidecar ] && [ -x artifacts/plain-yarp/PlainYarp ]; then
  log "LOAD_SKIP_BUILD=1: using the sidecar and PlainYarp already in artifacts/"
else
  log "publishing sidecar and PlainYarp (Release)"
  dotnet publish proxy/Sidecar -c Release -o artifacts/bin -nologo -v quiet
  dotnet publish bench/PlainYarp -c Release -o artifacts/plain-yarp -nologo -v quiet
fi
export SIDECAR_BIN="$repo_root/artifacts/bin/sidecar"
if [[ " $modes " == *" sidecar-aot "* ]]; then
  if [ "${LOAD_SKIP_BUILD:-0}" = 1 ] && [ -x artifacts/bin-aot/sidecar ]; then
    log "LOAD_SKIP_BUILD=1: using the Native AOT sidecar already in artifacts/bin-aot"
  else
    # The AOT linker step needs a C toolchain (gcc or clang: the machine's gcc serves) and zlib's headers.
    ensure_debian_packages zlib1g-dev
    command -v clang >/dev/null || command -v gcc >/dev/null || ensure_debian_packages gcc
    log "publishing sidecar with Native AOT (Release, linux-x64; a few minutes)"
    dotnet publish proxy/Sidecar -c Release -r linux-x64 -p:SidecarAot=true -o artifacts/bin-aot -nologo -v quiet
  fi
fi

work="$repo_root/.sidecar/load"
rm -rf "$work"
mkdir -p "$work"
chmod 700 "$work"

upstream_port=$base
declare -A port=([direct]=$base [nginx]=$((base + 1)) [yarp]=$((base + 2)) [sidecar]=$((base + 3)) [sidecar-p11]=$((base + 4)) [sidecar-audit]=$((base + 5)) [node]=$((base + 6)) [sidecar-aot]=$((base + 8)) [sidecar-base]=$((base + 9)))
declare -A prefix=([direct]="" [nginx]="" [yarp]="" [sidecar]="/binance" [sidecar-p11]="/binance" [sidecar-audit]="/binance" [node]="" [sidecar-aot]="/binance" [sidecar-base]="/binance")
declare -A admin=([sidecar]=$((base + 13)) [sidecar-p11]=$((base + 14)) [sidecar-audit]=$((base + 15)) [sidecar-aot]=$((base + 18)) [sidecar-base]=$((base + 10)))
declare -A bin_of=([sidecar-aot]="$repo_root/artifacts/bin-aot/sidecar" [sidecar-base]="${LOAD_BASE_BIN:-}")
if [[ " $modes " == *" sidecar-base "* ]]; then
  [ -x "${LOAD_BASE_BIN:-}" ] || { echo "run.sh: mode sidecar-base needs LOAD_BASE_BIN, another sidecar executable" >&2; exit 1; }
fi
declare -A pid_of=()

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  # The audit log of the audit mode can be large; the table and the logs stay.
  rm -f "$work"/audit.log*
}
trap cleanup EXIT

# Keeps the first MiB of a process's output (start-up errors), drops the rest (a long run with per-request Debug lines on).
capped() { head -c 1048576 > "$1"; cat > /dev/null; }

wait_for() { # what, command...
  local what="$1"; shift
  for _ in $(seq 1 200); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "run.sh: $what did not come up" >&2
  tail -n 20 "$work"/*.log >&2 || true
  exit 1
}

nginx_conf() { # dir, body
  mkdir -p "$1"
  cat > "$1/nginx.conf" <<NGINX
worker_processes auto;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $1/body;
  proxy_temp_path $1/proxy;
  fastcgi_temp_path $1/fastcgi;
  uwsgi_temp_path $1/uwsgi;
  scgi_temp_path $1/scgi;
  keepalive_requests 10000000;
  $2
}
NGINX
}

log "starting the upstream: nginx on 127.0.0.1:$upstream_port answering a small JSON body (keep-alive)"
nginx_conf "$work/nginx-upstream" "server {
    listen 127.0.0.1:$upstream_port;
    location = /api/v3/account {
      default_type application/json;
      return 200 '{\"makerCommission\":15,\"takerCommission\":15,\"canTrade\":true,\"canWithdraw\":false,\"updateTime\":1507725176595,\"accountType\":\"SPOT\",\"balances\":[{\"asset\":\"BTC\",\"free\":\"4723846.89208129\",\"locked\":\"0.00000000\"}]}';
    }
    location / {
      default_type application/json;
      return 200 '{\"symbol\":\"BTCUSDT\",\"orderId\":28,\"orderListId\":-1,\"clientOrderId\":\"6gCrw2kRUAF9CvJDGP16IP\",\"transactTime\":1507725176595}';
    }
  }"
nginx -p "$work/nginx-upstream" -c "$work/nginx-upstream/nginx.conf" -g 'daemon off;' > "$work/nginx-upstream.log" 2>&1 &
pids+=($!)
wait_for "the upstream" curl -fs "http://127.0.0.1:$upstream_port/"

wants() { [[ " $modes " == *" $1 "* ]]; }

if wants nginx; then
  log "starting the nginx reverse proxy on 127.0.0.1:${port[nginx]}"
  nginx_conf "$work/nginx-proxy" "upstream exchange { server 127.0.0.1:$upstream_port; keepalive 64; }
  server {
    listen 127.0.0.1:${port[nginx]};
    location / { proxy_pass http://exchange; proxy_http_version 1.1; proxy_set_header Connection \"\"; }
  }"
  nginx -p "$work/nginx-proxy" -c "$work/nginx-proxy/nginx.conf" -g 'daemon off;' > "$work/nginx-proxy.log" 2>&1 &
  pid_of[nginx]=$!
  pids+=($!)
fi

if wants yarp; then
  log "starting PlainYarp on 127.0.0.1:${port[yarp]}"
  # shellcheck disable=SC2046 # no word or one NAME=value word
  env $([ "$stages" = 1 ] && echo SIDECAR_STAGE_TIMING=1) "$repo_root/artifacts/plain-yarp/PlainYarp" --listen "http://127.0.0.1:${port[yarp]}" --upstream "http://127.0.0.1:$upstream_port" \
    > >(capped "$work/yarp.log") 2>&1 &
  pid_of[yarp]=$!
  pids+=($!)
fi

# One Binance account for Sidecar and the Node proxy: key id and secret generated here.
api_key="bench$(od -An -tx1 -N14 /dev/urandom | tr -d ' \n')"
secret="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"

if wants node; then
  log "starting the Node.js signing proxy on 127.0.0.1:${port[node]}"
  printf '%s\n%s\n' "$api_key" "$secret" | node "$node_dir/proxy.mjs" --port "${port[node]}" --upstream "http://127.0.0.1:$upstream_port" \
    > "$work/node.log" 2>&1 &
  pid_of[node]=$!
  pids+=($!)
fi

# The upstream is nginx, not an exchange: it has no time endpoint (local clock) and no permission endpoint
# (no start-up posture check), so neither adds requests of its own to the measurement.
sidecar_config() { # mode (or "import": no listener), module, audit path or ""
  local audit=""
  [ -n "$3" ] && audit="\"Audit\": { \"Path\": \"$3\" },"
  cat > "$work/$1.json" <<JSON
{
  "Hsm": { "Module": "$2", "Token": "sidecar", "PinFile": "$work/softhsm/user.pin" },
  "Listen": "http://127.0.0.1:${port[$1]:-$((base + 19))}",
  "Admin": "http://127.0.0.1:${admin[$1]:-$((base + 19))}",
  $audit
  "Clock": { "LocalClockVenues": ["binance"] },
  "Posture": { "CheckAtStartup": false },
  "Venues": {
    "binance": { "Scheme": "binance-hmac", "Upstream": "http://127.0.0.1:$upstream_port", "Hosts": ["api.binance.com"],
                 "ApiKey": "$api_key", "Key": "bench-binance",
                 "Policy": { "RequestsPerSecond": 0, "OrdersPer10Seconds": 0, "ExchangeLimits": false } }
  }
}
JSON
}

start_sidecar() { # mode, module, audit path, extra environment...
  local mode="$1" module="$2" audit_path="$3"
  shift 3
  sidecar_config "$mode" "$module" "$audit_path"
  log "starting sidecar ($mode) on 127.0.0.1:${port[$mode]}, admin 127.0.0.1:${admin[$mode]}"
  # shellcheck disable=SC2086 # LOAD_SIDECAR_ENV is a list of NAME=value words
  local diagnostics=()
  [ "$stages" = 1 ] && diagnostics=(SIDECAR_STAGE_TIMING=1)
  env "$@" "${diagnostics[@]}" ${LOAD_SIDECAR_ENV:-} "${bin_of[$mode]:-$SIDECAR_BIN}" run --config "$work/$mode.json" > >(capped "$work/$mode.log") 2>&1 &
  pid_of[$mode]=$!
  pids+=($!)
}

if wants sidecar || wants sidecar-p11 || wants sidecar-audit || wants sidecar-aot || wants sidecar-base; then
  log "creating a SoftHSM2 token in $work/softhsm and importing the secret (stdin)"
  eval "$(softhsm/init-token.sh --dir "$work/softhsm" --label sidecar)"
  sidecar_config import /usr/lib/softhsm/libsofthsm2.so ""
  printf '%s' "$secret" | "$SIDECAR_BIN" keys import --config "$work/import.json" --label bench-binance --type hmac --replace >/dev/null
fi
wants sidecar && start_sidecar sidecar /usr/lib/softhsm/libsofthsm2.so ""
wants sidecar-audit && start_sidecar sidecar-audit /usr/lib/softhsm/libsofthsm2.so "$work/audit.log"
# shellcheck disable=SC2086 # LOAD_AOT_ENV is a list of NAME=value words
wants sidecar-aot && start_sidecar sidecar-aot /usr/lib/softhsm/libsofthsm2.so "" ${LOAD_AOT_ENV:-}
wants sidecar-base && start_sidecar sidecar-base /usr/lib/softhsm/libsofthsm2.so ""
if wants sidecar-p11; then
  log "starting p11-kit server on $work/p11kit.sock (serves the token to p11-kit-client.so)"
  p11-kit server -f -n "$work/p11kit.sock" --provider /usr/lib/softhsm/libsofthsm2.so "pkcs11:token=sidecar" > "$work/p11-kit.log" 2>&1 &
  pid_of[p11-kit]=$!
  pids+=($!)
  wait_for "p11-kit server" test -S "$work/p11kit.sock"
  start_sidecar sidecar-p11 "$p11_client" "" "P11_KIT_SERVER_ADDRESS=unix:path=$work/p11kit.sock"
fi
unset secret

log "checking every mode answers each shape with the upstream's body"
order_body='symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=65000.5&newClientOrderId=check-1&recvWindow=5000'
for mode in $modes; do
  url="http://127.0.0.1:${port[$mode]}${prefix[$mode]}"
  wait_for "$mode" curl -fs -o /dev/null -X POST -d "$order_body" "$url/api/v3/order"
  body="$(curl -sS -X POST -d "$order_body" "$url/api/v3/order")"
  [[ "$body" == *'"orderId":28'* ]] || { echo "run.sh: $mode answered the order: $body" >&2; exit 1; }
  body="$(curl -sS "$url/api/v3/account?omitZeroBalances=true&recvWindow=5000")"
  [[ "$body" == *'"balances":'* ]] || { echo "run.sh: $mode answered the account query: $body" >&2; exit 1; }
done

# A .NET proxy's counters so far: managed bytes allocated, thread-pool work items completed, contended locks (the
# runtime's dotnet.gc.heap.total_allocated, dotnet.thread_pool.work_item.count, dotnet.monitor.lock_contentions);
# "- - -" for the others.
counters() {
  case "$1" in
    sidecar*) curl -fsS "http://127.0.0.1:${admin[$1]}/metrics" | awk '
        /^dotnet_gc_heap_total_allocated_bytes_total[ {]/ { allocated = $NF }
        /^dotnet_thread_pool_work_item_count_total[ {]/ { items = $NF }
        /^dotnet_monitor_lock_contentions_total[ {]/ { contentions = $NF }
        END { printf "%d %d %d\n", allocated, items, contentions }' ;;
    yarp) curl -fsS "http://127.0.0.1:${port[yarp]}/_bench/counters"; echo ;;
    *) echo - - - ;;
  esac
}

# CPU time (user + system, in clock ticks) a mode's processes have used so far: the proxy and its children (nginx's
# workers), and for sidecar-p11 the p11-kit server too (it does that mode's HSM work); "-" for direct. Read from
# /proc/PID/stat after the command name, which may hold spaces.
cpu_ticks() {
  [ -n "${pid_of[$1]:-}" ] || { echo -; return; }
  local total=0 pid ticks
  local -a roots=("${pid_of[$1]}")
  [ "$1" = sidecar-p11 ] && roots+=("${pid_of[p11-kit]}")
  for pid in $(with_children "${roots[@]}"); do
    ticks="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }')"
    total=$((total + ${ticks:-0}))
  done
  echo "$total"
}
# The given processes and their direct children (nginx's workers).
with_children() {
  local pid
  for pid in "$@"; do echo "$pid"; pgrep -P "$pid" || true; done
}
clock_ticks="$(getconf CLK_TCK)"

results="$work/results.tsv"
printf 'mode\tshape\tphase\tround\trequests\tseconds\tp50_us\tp99_us\terrors\tallocated_bytes\tcpu_us\n' > "$results"

load() { # mode, shape, connections, seconds → the RESULT line's fields
  local url="http://127.0.0.1:${port[$1]}"
  wrk -t "$(( $3 < wrk_threads ? $3 : wrk_threads ))" -c "$3" -d "${4}s" --timeout 5s -s bench/load/requests.lua "$url" -- "${prefix[$1]}" "$2" \
    | sed -n 's/^RESULT //p'
}

field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<< "$2"; }

load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
log "warming up every mode ($warmup_seconds s at $connections connections per mode and shape)"
for mode in $modes; do
  for shape in $shapes; do load "$mode" "$shape" "$connections" "$warmup_seconds" > /dev/null; done
done

read -r -a mode_list <<< "$modes"
count=${#mode_list[@]}
for round in $(seq 1 "$rounds"); do
  for phase in latency throughput; do
    if [ "$phase" = latency ]; then conns=1 seconds=$latency_seconds; else conns=$connections seconds=$throughput_seconds; fi
    for shape in $shapes; do
      log "round $round/$rounds, $phase, $shape ($conns connection(s), $seconds s per mode)"
      for i in $(seq 0 $((count - 1))); do
        mode="${mode_list[$(( (i + round - 1) % count ))]}"
        read -r before _ <<< "$(counters "$mode")"
        cpu_before="$(cpu_ticks "$mode")"
        line="$(load "$mode" "$shape" "$conns" "$seconds")"
        cpu_after="$(cpu_ticks "$mode")"
        read -r after _ <<< "$(counters "$mode")"
        bytes=- cpu=-
        [ "$before" != - ] && bytes=$((after - before))
        [ "$cpu_before" != - ] && cpu=$(( (cpu_after - cpu_before) * 1000000 / clock_ticks ))
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$shape" "$phase" "$round" "$(field requests "$line")" "$(field seconds "$line")" \
          "$(field p50_us "$line")" "$(field p99_us "$line")" "$(field errors "$line")" "$bytes" "$cpu" >> "$results"
        printf '  %-14s %-8s %s\n' "$mode" "$shape" "$line" >&2
      done
    done
  done
done

# Counts per request that do not need a quiet machine, at 1 connection (each request waits for the one before, so
# every wake-up and hop is on its path) and at LOAD_CONNECTIONS: the proxy's context switches and CPU migrations
# (perf stat on all its threads; nginx's workers too), thread-pool work items and contended locks (.NET), and in a
# separate run under strace -f -c, its syscalls by name (strace slows the process; the counts stay per request).
counts="$work/counts.tsv"
printf 'mode\tshape\tconnections\trequests\tcontext_switches\tmigrations\ttask_clock_ms\twork_items\tcontentions\n' > "$counts"
syscalls="$work/syscalls.tsv"
printf 'mode\tshape\trequests\tsyscall\tcalls\n' > "$syscalls"
perf_pids() { local IFS=,; echo "$*"; }
if [ "$count_seconds" -gt 0 ]; then
  for mode in $modes; do
    [ -n "${pid_of[$mode]:-}" ] || continue
    for shape in $shapes; do
      for conns in 1 "$connections"; do
        log "counting $mode $shape at $conns connection(s) ($count_seconds s)"
        read -r -a targets <<< "$(with_children "${pid_of[$mode]}" | tr '\n' ' ')"
        read -r _ items_before contentions_before <<< "$(counters "$mode")"
        stages_url=""
        if [ "$stages" = 1 ] && [ "$conns" = 1 ]; then
          case "$mode" in
            sidecar*) stages_url="http://127.0.0.1:${admin[$mode]}/diagnostics/stages" ;;
            yarp) stages_url="http://127.0.0.1:${port[yarp]}/_bench/stages" ;;
          esac
        fi
        [ -n "$stages_url" ] && curl -fsS -o /dev/null -X POST "$stages_url/reset"
        perf stat -x, -e context-switches,cpu-migrations,task-clock -p "$(perf_pids "${targets[@]}")" -o "$work/perf.csv" &
        perf_pid=$!
        sleep 0.5
        line="$(load "$mode" "$shape" "$conns" "$count_seconds")"
        kill -INT "$perf_pid"; wait "$perf_pid" || true
        read -r _ items_after contentions_after <<< "$(counters "$mode")"
        [ -n "$stages_url" ] && curl -fsS "$stages_url" > "$work/stages-$mode-$shape.tsv"
        items=- contentions=-
        [ "$items_before" != - ] && items=$((items_after - items_before)) contentions=$((contentions_after - contentions_before))
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$shape" "$conns" "$(field requests "$line")" \
          "$(awk -F, '$3 == "context-switches" { print $1 }' "$work/perf.csv")" "$(awk -F, '$3 == "cpu-migrations" { print $1 }' "$work/perf.csv")" \
          "$(awk -F, '$3 == "task-clock" { print $1 }' "$work/perf.csv")" "$items" "$contentions" >> "$counts"
      done
      log "counting $mode $shape syscalls under strace at 1 connection ($count_seconds s)"
      strace -f -c -U name,calls -o "$work/strace.txt" -p "${pid_of[$mode]}" 2> /dev/null &
      strace_pid=$!
      sleep 1
      line="$(load "$mode" "$shape" 1 "$count_seconds")"
      kill -INT "$strace_pid"; wait "$strace_pid" || true
      awk -v mode="$mode" -v shape="$shape" -v requests="$(field requests "$line")" \
        'NF == 2 && $2 ~ /^[0-9]+$/ && $1 != "total" { printf "%s\t%s\t%s\t%s\t%s\n", mode, shape, requests, $1, $2 }' "$work/strace.txt" >> "$syscalls"
    done
  done
fi

# The raw sign on this machine, in C (bench/load/sign-loop.c): C_SignInit + C_Sign on a session-object copy of the
# bench key, nothing else. Issue #22's CPU budget is plain YARP's CPU per request + this + 5 µs.
if [[ " $modes " == *" sidecar"* ]]; then
  ensure_debian_packages gcc libc6-dev libp11-kit-dev
  log "timing the raw C_SignInit + C_Sign loop in C (SoftHSM2, session object)"
  gcc -O2 -Wall -Wextra -Werror -I/usr/include/p11-kit-1 -o "$work/sign-loop" bench/load/sign-loop.c -ldl
  "$work/sign-loop" /usr/lib/softhsm/libsofthsm2.so sidecar bench-binance 20000 < "$work/softhsm/user.pin" > "$work/signloop.tsv"
fi

# Peak resident set (VmHWM) of each proxy, summed over its processes (nginx: master and workers).
peak_rss_kib() {
  local total=0 pid kib
  for pid in $(with_children "$1"); do
    kib="$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)"
    total=$((total + ${kib:-0}))
  done
  echo "$total"
}
# And what the resident set is made of at the end (one process): private anonymous memory (heaps, stacks), file
# pages (mapped runtime and libraries, shared with every process mapping the same files) and shared memory (.NET's
# W^X double mapping of JIT-compiled code).
rss_parts() { awk '/^(RssAnon|RssFile|RssShmem):/ { printf "%s%s", sep, $2; sep = "\t" }' "/proc/$1/status" 2>/dev/null || printf '\t\t'; }
rss="$work/rss.tsv"
printf 'mode\tpeak_rss_kib\tanon_kib\tfile_kib\tshmem_kib\n' > "$rss"
for mode in $modes; do
  [ -n "${pid_of[$mode]:-}" ] && printf '%s\t%s\t%s\n' "$mode" "$(peak_rss_kib "${pid_of[$mode]}")" "$(rss_parts "${pid_of[$mode]}")" >> "$rss"
done
[ -n "${pid_of[p11-kit]:-}" ] && printf '%s\t%s\t%s\n' "p11-kit-server" "$(peak_rss_kib "${pid_of[p11-kit]}")" "$(rss_parts "${pid_of[p11-kit]}")" >> "$rss"

# Every Sidecar mode really signed: its own counter of signed requests.
printf 'mode\tcheck\tvalue\n' > "$work/checks.tsv"
for mode in $modes; do
  if [[ "$mode" == sidecar* ]]; then
    signed="$(curl -fsS "http://127.0.0.1:${admin[$mode]}/metrics" | awk '/^sidecar_requests_total\{.*decision="signed"/ { sum += $NF } END { print sum + 0 }')"
    printf '%s\tsigned_requests\t%s\n' "$mode" "$signed" >> "$work/checks.tsv"
  fi
done

# The hot path's PKCS#11 calls, counted: a separate sidecar in the p11-kit mode with the p11-kit client's call log
# on (P11_KIT_DEBUG=rpc writes "C_Xxx: enter" per call to stderr). After a warm-up, the calls made while serving a
# short load must be one C_SignInit and one C_Sign per request and no C_FindObjects or C_OpenSession. Not timed.
if wants sidecar-p11; then
  log "counting PKCS#11 calls on the hot path (p11-kit client call log)"
  port[sidecar-calls]=$((base + 7)); admin[sidecar-calls]=$((base + 17)); prefix[sidecar-calls]=/binance
  sidecar_config sidecar-calls "$p11_client" ""
  # shellcheck disable=SC2086
  env P11_KIT_DEBUG=rpc P11_KIT_SERVER_ADDRESS="unix:path=$work/p11kit.sock" ${LOAD_SIDECAR_ENV:-} "$SIDECAR_BIN" run --config "$work/sidecar-calls.json" > "$work/calls.log" 2>&1 &
  calls_pid=$!
  pids+=($calls_pid)
  wait_for "sidecar (call log)" curl -fs "http://127.0.0.1:${admin[sidecar-calls]}/readyz"
  load sidecar-calls order "$connections" 2 > /dev/null
  sleep 0.5
  mark="$(wc -l < "$work/calls.log")"
  line="$(load sidecar-calls order "$connections" 3)"
  sleep 0.5
  kill "$calls_pid" 2>/dev/null || true
  wait "$calls_pid" 2>/dev/null || true
  tail -n +"$((mark + 1))" "$work/calls.log" | grep -o ': C_[A-Za-z]*: enter' | sed 's/^: //; s/: enter$//' | sort | uniq -c > "$work/calls.count" || true
  {
    printf 'call\tcount\n'
    printf 'requests\t%s\n' "$(field requests "$line")"
    awk '$2 ~ /^C_(SignInit|Sign|FindObjectsInit|FindObjects|OpenSession)$/ { printf "%s\t%s\n", $2, $1; next } { other += $1 } END { printf "other\t%d\n", other }' "$work/calls.count"
  } > "$work/calls.tsv"
  rm -f "$work/calls.log"
fi

report="$(node bench/load/report.mjs "$work")"
echo
echo "$report"
echo

if [ "$record" = 1 ]; then
  {
    echo
    echo "## Load benchmark ($(date -u '+%Y-%m-%d %H:%M UTC'), commit \`$(git rev-parse --short HEAD)\`$(git diff --quiet HEAD -- proxy bench ':!bench/RESULTS.md' || echo ', with uncommitted changes'))"
    echo
    echo '```sh'
    echo "$command_line"
    echo '```'
    echo
    echo "Machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n1), $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r), .NET $(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \([^ ]*\).*/\1/p' | tail -n1), $(nginx -v 2>&1 | sed 's/^nginx version: //'), wrk $(wrk -v 2>&1 | sed -n 's/^wrk \([^ ]*\).*/\1/p'), Node.js $(node --version)."
    echo "Load average (1/5/15 min) at the start: $load_at_start; at the end: $(cut -d' ' -f1-3 /proc/loadavg). $rounds rounds, $latency_seconds s at 1 connection and $throughput_seconds s at $connections connections per mode and round (wrk, $wrk_threads thread(s)); medians over rounds."
    [ -n "${LOAD_NOTE:-}" ] && echo "Note: $LOAD_NOTE"
    echo
    echo "$report"
  } >> bench/RESULTS.md
  log "appended to bench/RESULTS.md"
fi
