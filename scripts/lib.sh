# Shared by scripts/demo.sh and scripts/test.sh: install what is missing, build what is needed.
# Sourced, not run.

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages: softhsm2 (the HSM for tests and the demo), p11-kit (serves a token from another process),
# prometheus (promtool and a real Prometheus for the k8s/monitoring tests). A first argument --no-install-recommends
# leaves out what the packages only recommend (prometheus recommends a node exporter no test needs).
ensure_debian_packages() {
  local apt_options=()
  if [ "${1:-}" = "--no-install-recommends" ]; then
    apt_options+=("$1")
    shift
  fi
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} (apt-get)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${apt_options[@]}" "${missing[@]}" >/dev/null
  fi
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH." >&2
    exit 1
  fi
  local major
  major="$(dotnet --version | cut -d. -f1)"
  if [ "$major" -lt 10 ]; then
    echo "The .NET 10 SDK is required; found $(dotnet --version)." >&2
    exit 1
  fi
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# Installs a pinned npm project's packages (npm ci) when missing or older than its package-lock.json.
# $1: the project directory, $2: a path inside node_modules that exists once installed, $3: what it is, for the log.
ensure_npm_project() {
  if ! command -v node >/dev/null 2>&1; then
    log "installing nodejs and npm (apt-get)"
    ensure_debian_packages nodejs npm
  fi
  if [ ! -e "$1/node_modules/$2" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    log "installing the pinned $3 (npm ci in ${1#"$repo_root"/})"
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# The pinned ccxt for the bot (tests/ccxt/package-lock.json).
ensure_ccxt() { ensure_npm_project "$repo_root/tests/ccxt" ccxt ccxt; }

# The pinned secretlint for the repository secret scan (tools/secretlint/package-lock.json).
ensure_secretlint() { ensure_npm_project "$repo_root/tools/secretlint" .bin/secretlint secretlint; }

# An image's uncompressed size in MB, for scripts/images.sh and its test (tests/images/pod-test.sh).
image_size_mb() { podman image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.1f", $1 / 1000000 }'; }

# kubectl (with kustomize v5) renders k8s/ in the manifest tests. Debian 12's kubernetes-client (1.20) is too old
# for kustomize v5; the machine image ships kubectl from Kubernetes' own apt repository.
ensure_kubectl() {
  if ! command -v kubectl >/dev/null 2>&1 || ! kubectl kustomize --help >/dev/null 2>&1; then
    echo "kubectl with kustomize v5 is required for the k8s/ manifest tests (https://kubernetes.io/docs/tasks/tools/)." >&2
    exit 1
  fi
}
