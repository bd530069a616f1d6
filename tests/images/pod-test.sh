#!/usr/bin/env bash
# The images run for real, the way k8s/overlays/isolated runs the pod. Started by `scripts/images.sh test`, which
# builds the images first and passes their names (SIDECAR_IMAGE, SIDECAR_JIT_IMAGE or "" when IMAGES_JIT=0,
# SOFTHSM_IMAGE, INJECTOR_IMAGE) and podman's configuration (CONTAINERS_CONF). Installs what it needs (softhsm2,
# gdb for gcore, wrk, nginx-light, openssl, curl, the pinned ccxt). PINs, the API key and the secret are generated
# and passed through files (0440/0600), the environment and standard input, never on a command line.
#
# 1. A workstation makes a SoftHSM2 token and imports the exchange secret as k8s/README.md says (init-token.sh, then
#    `sidecar keys import` reading standard input), with the sidecar executable copied out of the image.
# 2. A podman pod: the softhsm-token init container unpacks the token, the softhsm container serves it with
#    p11-kit server, then the sidecar container logs in through the socket. Each non-root, read-only root, all
#    capabilities dropped, no new privileges; the PIN from a mounted file; the two share only the socket volume.
# 3. A real ccxt bot on the host, with placeholder credentials, trades through the containerised Sidecar against the
#    fake Binance (tests/Sidecar.FakeExchange), which verifies every signature with its own code.
# 4. gcore of the Sidecar container's process: the API key is in it (control), the secret is not.
# 5. Peak resident memory under a short wrk load, read inside the container, for the AOT and the JIT image.
# 6. The injector image answers an AdmissionReview over TLS.
# Prints one line per check and "images: N passed, N failed"; exits non-zero when any failed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
cd "$repo_root"
: "${SIDECAR_IMAGE:?run through scripts/images.sh test}" "${SOFTHSM_IMAGE:?}" "${INJECTOR_IMAGE:?}" "${CONTAINERS_CONF:?}"

ensure_dotnet
ensure_debian_packages softhsm2 gdb wrk nginx-light openssl curl
ensure_ccxt

work="$repo_root/.sidecar/images"
rm -rf "$work"
mkdir -p "$work"
chmod 700 "$work"
run="sidecar-images-$$"
pod="$run-pod"

# --- checks and clean-up ------------------------------------------------------------------------------------------

passed=0
failed=0
pass() { passed=$((passed + 1)); printf '\033[32mok\033[0m   %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf '\033[31mFAIL\033[0m %s\n' "$*"; }
check() { # what, command...: one check, passed when the command succeeds
  local what="$1"
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
summary() { echo "images: $passed passed, $failed failed"; }
# A step the rest depends on failed: count it, show the containers' last words, stop.
fatal() {
  fail "$1"
  for name in softhsm sidecar injector; do
    podman logs "$run-$name" 2>&1 | tail -n 20 | sed "s/^/  $name: /" >&2 || true
  done
  summary
  exit 1
}

# Every pod this script makes carries the label sidecar.images.run=<its PID>. podman's containers outlive a script
# that is killed, so a run first removes the pods of runs whose process is gone.
label="sidecar.images.run"
for stale in $(podman pod ls --filter "label=$label" --format '{{.Name}}'); do
  owner="$(podman pod inspect --format "{{ index .Labels \"$label\" }}" "$stale" 2>/dev/null || true)"
  if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then
    podman pod rm -f "$stale" > /dev/null
  fi
done

pids=()
cleanup() {
  podman pod rm -f "$pod" "$run-injector-pod" > /dev/null 2>&1 || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -f "$work"/core.*
}
trap cleanup EXIT
trap 'exit 143' TERM INT

free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }

wait_for() { # what, seconds, command...
  local what="$1" seconds="$2"
  shift 2
  for _ in $(seq 1 $((seconds * 5))); do "$@" > /dev/null 2>&1 && return 0; sleep 0.2; done
  fatal "$what within $seconds s"
}

# The restricted securityContext of every container in k8s/overlays/isolated: UID 10001, readOnlyRootFilesystem
# (and no writable /tmp or /run either, which podman's --read-only would add: --read-only-tmpfs=false),
# capabilities drop ALL, allowPrivilegeEscalation false (no_new_privs). podman's default seccomp profile stands for
# RuntimeDefault.
hardened=(--user 10001:10001 --read-only --read-only-tmpfs=false --cap-drop ALL --security-opt no-new-privileges)
expected_posture="uid=10001 bounding-caps=0000000000000000 no-new-privs=1 root=ro"

# A container's main process, seen from inside: its UID, its capability bounding set (a non-root process has no
# effective capabilities anyway; --cap-drop ALL is what empties the bounding set, so none can be regained), its
# no_new_privs flag, and the mount options of its root file system.
posture() {
  podman exec "$1" sh -c 'status() { awk -v key="$1:" "\$1 == key { print \$2 }" /proc/1/status; };
    root=$(awk "\$5 == \"/\" { split(\$6, options, \",\"); print options[1] }" /proc/1/mountinfo);
    echo "uid=$(status Uid) bounding-caps=$(status CapBnd) no-new-privs=$(status NoNewPrivs) root=$root"'
}

# --- the exchange: the fake Binance on the host ------------------------------------------------------------------

log "publishing the fake exchange (Release)"
dotnet publish tests/Sidecar.FakeExchange -c Release -o artifacts/fake-exchange -nologo -v quiet

# A demo account, generated here: only the fake exchange and the HSM get the secret, both through standard input.
api_key="img$(od -An -tx1 -N14 /dev/urandom | tr -d ' \n')"
secret="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"

log "starting the fake Binance on the host (verifies every signature with its own code)"
printf '%s\n%s\n' "$api_key" "$secret" | dotnet artifacts/fake-exchange/Sidecar.FakeExchange.dll --port 0 > "$work/fake.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q 'listening on' "$work/fake.log" 2>/dev/null && break; sleep 0.1; done
fake_url="$(sed -n 's/^fake-binance listening on //p' "$work/fake.log")"
[ -n "$fake_url" ] || { cat "$work/fake.log" >&2; fatal "the fake exchange starts"; }

# --- the workstation: a token made and a key imported as k8s/README.md says --------------------------------------

log "workstation: softhsm/init-token.sh and sidecar keys import, with /app/sidecar copied out of $SIDECAR_IMAGE"
workstation="$work/workstation"
mkdir -p "$workstation"
copy="$(podman create "$SIDECAR_IMAGE")"
podman cp "$copy:/app" "$workstation/app"
podman rm "$copy" > /dev/null
export SIDECAR_BIN="$workstation/app/sidecar"
eval "$(softhsm/init-token.sh --dir "$workstation/softhsm" --label sidecar)"
printf '{"Hsm":{"Module":"/usr/lib/softhsm/libsofthsm2.so","Token":"sidecar","PinFile":"%s"}}' \
  "$workstation/softhsm/user.pin" > "$workstation/hsm.json"
printf '%s' "$secret" | "$SIDECAR_BIN" keys import --config "$workstation/hsm.json" --label binance-main --type hmac > /dev/null
tar -C "$workstation/softhsm" -cf "$workstation/token.tar" tokens

# --- the pod's volumes, laid out as kubelet would -----------------------------------------------------------------
# Secrets: root-owned files of mode 0440 (defaultMode: 288) that the pod's fsGroup 10001 may read. ConfigMaps:
# read-only files. emptyDirs: directories the containers' user can write.

volumes="$work/volumes"
install -d -m 0750 -o 0 -g 10001 "$volumes/softhsm-token" "$volumes/hsm-pin" "$volumes/softhsm-config" \
  "$volumes/sidecar-config" "$volumes/load-config"
install -m 0440 -o 0 -g 10001 "$workstation/token.tar" "$volumes/softhsm-token/token.tar"
install -m 0440 -o 0 -g 10001 "$workstation/softhsm/user.pin" "$volumes/hsm-pin/pin"
install -m 0444 k8s/overlays/isolated/softhsm2.conf "$volumes/softhsm-config/softhsm2.conf"
install -d -m 0700 -o 10001 -g 10001 "$volumes/softhsm-tokens" "$volumes/p11-kit" "$volumes/sidecar-state" "$volumes/sidecar-audit"

# The pod shares the host's network here (there is no pod network, and the bot and the exchange run on the host), so
# Sidecar listens on free loopback ports instead of 8080 and 9901.
proxy_port="$(free_port)"
admin_port="$(free_port)"

# sidecar.json: k8s/base/sidecar.json as shipped, pointed at the fake exchange and those ports.
node -e '
  const [file, upstream, apiKey, listen, admin] = process.argv.slice(1);
  const config = JSON.parse(require("fs").readFileSync(file, "utf8"));
  for (const venue of Object.values(config.Venues)) { venue.Upstream = upstream; venue.ApiKey = apiKey; }
  Object.assign(config, { Listen: listen, Admin: admin });
  console.log(JSON.stringify(config, null, 2));
' k8s/base/sidecar.json "$fake_url" "$api_key" "http://127.0.0.1:$proxy_port" "http://127.0.0.1:$admin_port" \
  > "$volumes/sidecar-config/sidecar.json"

# For the load: the same file with bench/load/run.sh's changes, so every order is signed and answered 200 by an
# nginx upstream: no rate limits (the policy would refuse most of the load before signing), the local clock and no
# start-up posture check (nginx has neither endpoint).
load_upstream_port="$(free_port)"
node -e '
  const [file, upstream] = process.argv.slice(1);
  const config = JSON.parse(require("fs").readFileSync(file, "utf8"));
  config.Venues = { binance: { ...config.Venues.binance, Upstream: upstream, Policy: { RequestsPerSecond: 0, OrdersPer10Seconds: 0, ExchangeLimits: false } } };
  Object.assign(config, { Clock: { LocalClockVenues: ["binance"] }, Posture: { CheckAtStartup: false } });
  console.log(JSON.stringify(config, null, 2));
' "$volumes/sidecar-config/sidecar.json" "http://127.0.0.1:$load_upstream_port" > "$volumes/load-config/sidecar.json"
chmod 0444 "$volumes/sidecar-config/sidecar.json" "$volumes/load-config/sidecar.json"

# --- the pod: k8s/overlays/isolated, container by container, in kubelet's start order ------------------------------
# Its containers share no process namespace (shareProcessNamespace: false) and no volume but the ones each mounts.

log "pod $pod: softhsm-token (init), softhsm (p11-kit server), then sidecar"
podman pod create --name "$pod" --label "$label=$$" --network host > /dev/null

podman run --rm --pod "$pod" --name "$run-softhsm-token" "${hardened[@]}" --memory 64m --cpus 0.2 \
  -v "$volumes/softhsm-token:/run/softhsm-token:ro" -v "$volumes/softhsm-tokens:/var/lib/softhsm" \
  --entrypoint tar "$SOFTHSM_IMAGE" -xf /run/softhsm-token/token.tar -C /var/lib/softhsm \
  || fatal "the softhsm-token init container unpacks the token"

podman run -d --pod "$pod" --name "$run-softhsm" "${hardened[@]}" --memory 128m --cpus 0.5 \
  -v "$volumes/softhsm-config:/etc/softhsm:ro" -v "$volumes/softhsm-tokens:/var/lib/softhsm" \
  -v "$volumes/p11-kit:/run/p11-kit" "$SOFTHSM_IMAGE" > /dev/null
# The overlay's startup probe, the same command: Sidecar starts only once the socket exists.
wait_for "the softhsm container's socket (startup probe: test -S /run/p11-kit/pkcs11)" 30 \
  podman exec "$run-softhsm" test -S /run/p11-kit/pkcs11

start_sidecar() { # image, config volume
  podman rm -f "$run-sidecar" > /dev/null 2>&1 || true
  podman run -d --pod "$pod" --name "$run-sidecar" "${hardened[@]}" --memory 256m --cpus 1 \
    -e SIDECAR_Hsm__Module=/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so \
    -e P11_KIT_SERVER_ADDRESS=unix:path=/run/p11-kit/pkcs11 \
    -e DOTNET_EnableDiagnostics=0 \
    -v "$volumes/$2:/etc/sidecar:ro" -v "$volumes/hsm-pin:/run/secrets/hsm:ro" \
    -v "$volumes/sidecar-state:/var/lib/sidecar" -v "$volumes/sidecar-audit:/var/log/sidecar" \
    --mount type=tmpfs,destination=/tmp,tmpfs-size=16m,tmpfs-mode=1777 \
    -v "$volumes/p11-kit:/run/p11-kit:ro" "$1" > /dev/null
  # The startup probe: /healthz answers only after the HSM login (through the socket) and every key lookup.
  wait_for "Sidecar ($1) answers /healthz" 60 curl -fs "http://127.0.0.1:$admin_port/healthz"
  wait_for "Sidecar ($1) is ready (/readyz)" 30 curl -fs "http://127.0.0.1:$admin_port/readyz"
}
start_sidecar "$SIDECAR_IMAGE" sidecar-config

check "softhsm container: $(posture "$run-softhsm")" [ "$(posture "$run-softhsm")" = "$expected_posture" ]
check "sidecar container: $(posture "$run-sidecar")" [ "$(posture "$run-sidecar")" = "$expected_posture" ]
# Who gets what (the overlay's kustomization.yaml): the volumes each running container has, by name.
mounts() { podman inspect --format '{{range .Mounts}}{{println .Source}}{{end}}' "$1" | sed -n "s|^$volumes/||p" | sort | paste -sd ' '; }
check "softhsm container's volumes: $(mounts "$run-softhsm") (the token, no PIN)" \
  [ "$(mounts "$run-softhsm")" = "p11-kit softhsm-config softhsm-tokens" ]
check "sidecar container's volumes: $(mounts "$run-sidecar") (the PIN, no token; the socket is the only one shared)" \
  [ "$(mounts "$run-sidecar")" = "hsm-pin p11-kit sidecar-audit sidecar-config sidecar-state" ]
check "the sidecar container sees no process of the softhsm container (no shared PID namespace)" \
  podman exec "$run-sidecar" sh -c '! grep -qs p11-kit /proc/[0-9]*/comm'

# --- a real ccxt bot on the host, with placeholder credentials, through the containerised Sidecar ----------------

run_bot() { # mode, market
  (cd tests/ccxt && SIDECAR_MODE="$1" MARKET="$2" SIDECAR_URL="http://127.0.0.1:$proxy_port/" node bot.mjs) \
    > "$work/bot-$1-$2.log" 2>&1 || { sed 's/^/  bot: /' "$work/bot-$1-$2.log" >&2; return 1; }
}
check "ccxt bot (spot, exchange.proxyUrl): markets, balance, order, open orders, cancel, listen key" run_bot proxyUrl spot
check "ccxt bot (USD-M futures, base-URL override): the same steps" run_bot prefix usdm
signed_ok="$(grep -c 'key ok, signature ok' "$work/fake.log" || true)"
check "the fake exchange verified $signed_ok signed requests and refused none" \
  sh -c '[ "$0" -gt 0 ] && ! grep -Eq "signature INVALID|key WRONG|key MISSING" "$1"' "$signed_ok" "$work/fake.log"

# --- the secret is not in the Sidecar container's process (as CoreDumpTests does for processes) ------------------

sidecar_pid="$(podman inspect --format '{{.State.Pid}}' "$run-sidecar")"
gcore -o "$work/core" "$sidecar_pid" > "$work/gcore.log" 2>&1 \
  || { tail -n 5 "$work/gcore.log" >&2; fatal "gcore of the Sidecar container's process"; }
core="$work/core.$sidecar_pid"
log "core dump of the Sidecar container's process (host PID $sidecar_pid): $(($(stat -c %s "$core") / 1048576)) MiB"
core_holds() { NEEDLE="$1" node tests/images/core-holds.mjs "$core" || true; } # the value goes through the environment
api_key_found="$(core_holds "$api_key")"
check "control: the API key is in the Sidecar process's core ($api_key_found)" [ "$api_key_found" != none ]
secret_found="$(core_holds "$secret")"
check "the exchange secret is not in the Sidecar process's core ($secret_found)" [ "$secret_found" = none ]
rm -f "$core"
check "the audit log the container wrote verifies (sidecar audit verify)" \
  sh -c '"$0" audit verify "$1" > /dev/null' "$SIDECAR_BIN" "$volumes/sidecar-audit/audit.log"

# --- size and peak resident memory under a short load, measured inside the container -----------------------------
# wrk sends unsigned limit orders (bench/load/requests.lua) through Sidecar to nginx: every one is signed through the
# socket, in the softhsm container. Then, inside the container: VmHWM of PID 1, the sidecar process, its peak
# resident set. (Not the memory cgroup's peak: file pages are charged to the container that first read them, here
# the earlier container of the same image, so that figure depends on the order the containers ran in.)

log "starting the load's upstream: nginx on 127.0.0.1:$load_upstream_port answering a small JSON body"
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  keepalive_requests 10000000;
  server {
    listen 127.0.0.1:$load_upstream_port;
    location / {
      default_type application/json;
      return 200 '{"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP","transactTime":1507725176595}';
    }
  }
}
NGINX
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' > "$work/nginx/nginx.log" 2>&1 &
pids+=($!)
wait_for "nginx (the load's upstream)" 10 curl -fs "http://127.0.0.1:$load_upstream_port/"

load_seconds="${IMAGES_LOAD_SECONDS:-10}"
measurements=()
measure() { # label, image: a fresh sidecar container with the load configuration, loaded once
  start_sidecar "$2" load-config
  local idle result requests seconds errors hwm
  idle="$(podman exec "$run-sidecar" awk '/^VmRSS:/ { print int($2 / 1024) }' /proc/1/status)"
  wrk -t1 -c32 -d"${load_seconds}s" -s bench/load/requests.lua "http://127.0.0.1:$proxy_port" -- /binance > "$work/wrk-$1.log" 2>&1 \
    || { cat "$work/wrk-$1.log" >&2; fatal "wrk against Sidecar ($1)"; }
  result="$(grep '^RESULT' "$work/wrk-$1.log")"
  requests="$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$result")"
  seconds="$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$result")"
  errors="$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' <<<"$result")"
  hwm="$(podman exec "$run-sidecar" awk '/^VmHWM:/ { print int($2 / 1024) }' /proc/1/status)"
  measurements+=("$(printf '%-38s %7s %8s %8s %7.0f %6s' "$2" "$(image_size_mb "$2")" "$idle" "$hwm" \
    "$(awk -v r="$requests" -v s="$seconds" 'BEGIN { print r / s }')" "$errors")")
  check "$1 under load: $requests orders signed and answered in ${seconds}s, $errors errors; peak RSS $hwm MiB" \
    sh -c '[ "$0" -gt 0 ] && [ "$1" -eq 0 ]' "${requests:-0}" "${errors:-1}"
}
measure "Sidecar (Native AOT image)" "$SIDECAR_IMAGE"

if [ -n "${SIDECAR_JIT_IMAGE:-}" ]; then
  log "the JIT image (SIDECAR_AOT=false) in the same pod"
  start_sidecar "$SIDECAR_JIT_IMAGE" sidecar-config
  check "JIT image: the ccxt bot (spot, exchange.proxyUrl) through it" run_bot proxyUrl spot
  measure "Sidecar (JIT image)" "$SIDECAR_JIT_IMAGE"
fi

# --- the injector image answers an AdmissionReview the way the API server sends it --------------------------------

log "the injector image: HTTPS with a certificate from k8s/injector/bootstrap-tls.sh, one AdmissionReview"
bash k8s/injector/bootstrap-tls.sh --cert-only "$work/injector-tls" 2> /dev/null
install -d -m 0750 -o 0 -g 10001 "$volumes/injector-config" "$volumes/injector-config/tls" "$volumes/injector-tls"
install -m 0444 k8s/injector/core/injector.json "$volumes/injector-config/injector.json"
install -m 0440 -o 0 -g 10001 "$work/injector-tls/tls.crt" "$work/injector-tls/tls.key" "$volumes/injector-tls/"
injector_port="$(free_port)"
injector_host=sidecar-injector.sidecar-injector.svc
podman pod create --name "$run-injector-pod" --label "$label=$$" --network host > /dev/null
podman run -d --pod "$run-injector-pod" --name "$run-injector" "${hardened[@]}" --memory 192m --cpus 0.5 \
  -e DOTNET_EnableDiagnostics=0 -e "Injector__Listen=https://127.0.0.1:$injector_port" \
  -v "$volumes/injector-config:/etc/sidecar-injector:ro" -v "$volumes/injector-tls:/etc/sidecar-injector/tls:ro" \
  --mount type=tmpfs,destination=/tmp,tmpfs-size=16m,tmpfs-mode=1777 "$INJECTOR_IMAGE" > /dev/null
# As the API server calls it: by the Service's name, trusting only the CA that goes into the caBundle.
api_server() { curl -fsS --cacert "$work/injector-tls/ca.crt" --resolve "$injector_host:$injector_port:127.0.0.1" "$@"; }
wait_for "the injector answers /healthz over TLS" 30 api_server "https://$injector_host:$injector_port/healthz"
check "injector container: $(posture "$run-injector")" [ "$(posture "$run-injector")" = "$expected_posture" ]
review_uid="$(node -p 'require("./tests/images/admission-review.json").request.uid')"
api_server -H 'Content-Type: application/json' --data-binary @tests/images/admission-review.json \
  "https://$injector_host:$injector_port/mutate?timeout=10s" > "$work/admission-answer.json" || true
check "the injector image answers an AdmissionReview for an isolated-mode pod with the patch above" \
  node tests/images/admission-answer.mjs "$review_uid" "$SIDECAR_IMAGE" "$SOFTHSM_IMAGE" < "$work/admission-answer.json"

# --- the record ---------------------------------------------------------------------------------------------------

echo
printf '%-38s %7s %8s %8s %7s %6s\n' image "size MB" "idle MiB" "peak MiB" "req/s" errors
for line in "${measurements[@]}"; do echo "$line"; done
for image in "$SOFTHSM_IMAGE" "$INJECTOR_IMAGE"; do printf '%-38s %7s\n' "$image" "$(image_size_mb "$image")"; done
echo "size: uncompressed (podman image inspect). idle: VmRSS of the sidecar process after start-up. peak: its VmHWM"
echo "after wrk -t1 -c32 -d${load_seconds}s (bench/load/requests.lua), both read in the container from /proc/1/status."
echo
summary
[ "$failed" -eq 0 ]
