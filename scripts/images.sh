#!/usr/bin/env bash
# The container images, built from their Dockerfiles and run for real with podman (no Docker engine here).
#
#   scripts/images.sh build   build every image: Sidecar (Native AOT, the default), Sidecar JIT (SIDECAR_AOT=false),
#                             the SoftHSM2 + p11-kit server image and the injector image
#   scripts/images.sh test    build (cached), then tests/images/pod-test.sh: the images run the way
#                             k8s/overlays/isolated runs the pod; prints "images: N passed, N failed"
#
# No image registry is reachable here, so the Dockerfiles' public base images are replaced through their build
# arguments by local ones: a Debian 12 image made with debootstrap, and a .NET SDK image holding this machine's SDK.
# Both are cached in podman's storage; the Dockerfiles' layers are cached too, so a second run is quick.
#
# Environment:
#   IMAGES_JIT=0            skip the JIT variant of the Sidecar image (build) and its measurement (test)
#   IMAGES_REFRESH_BASE=1   make the local Debian and SDK images again (e.g. for Debian's security updates)
#   IMAGES_LOAD_SECONDS=10  the load run's length (wrk, 32 connections) for the peak-RSS measurement
#
# Installs what is missing (podman, buildah, runc, debootstrap; the test installs its own tools). Needs root: it
# runs debootstrap, and rootful podman (the test reads the containers' processes from the host).
# docs/containers.md explains the choices and records what was measured.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$repo_root"

usage() { echo "usage: scripts/images.sh build|test" >&2; exit 2; }
[ $# -eq 1 ] || usage
command="$1"
case "$command" in build | test) ;; *) usage ;; esac

build_dir="$repo_root/artifacts/images"
mkdir -p "$build_dir"

# --- podman ---------------------------------------------------------------------------------------------------------

ensure_podman() {
  ensure_debian_packages podman buildah runc debootstrap
  # This host's cgroups are hybrid (v1 controllers, v2 mounted beside them): crun refuses them ("cgroups in hybrid
  # mode not supported"), runc works. With no systemd session, cgroupfs manages the cgroups. default_ulimits = []:
  # podman's default sets RLIMIT_NOFILE/NPROC, which this sandbox refuses (setrlimit: Operation not permitted).
  cat > "$build_dir/containers.conf" <<'CONF'
[containers]
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
CONF
  export CONTAINERS_CONF="$build_dir/containers.conf"
}

image_label() { podman image inspect --format "{{ index .Labels \"$2\" }}" "$1" 2>/dev/null || true; }

# --- the local base images ------------------------------------------------------------------------------------------

# Stands in for debian:bookworm-slim: Debian 12 minbase from the Debian mirror, with the same apt sources as the
# public image (bookworm, bookworm-updates, bookworm-security) and its current updates, and, like the slim image,
# without documentation, man pages and translations (dpkg is told to skip them in later installs too).
base_image=localhost/sidecar-build/debian:bookworm-slim

ensure_base_image() {
  if podman image exists "$base_image" && [ "${IMAGES_REFRESH_BASE:-0}" != 1 ]; then
    log "local Debian image: $base_image (cached, made $(image_label "$base_image" org.opencontainers.image.created))"
    return
  fi
  local rootfs="$build_dir/rootfs"
  umount "$rootfs/proc" 2>/dev/null || true
  rm -rf "$rootfs"
  log "making $base_image: debootstrap --variant=minbase bookworm (about a minute)"
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian > "$build_dir/debootstrap.log" 2>&1 \
    || { tail -n 20 "$build_dir/debootstrap.log" >&2; exit 1; }

  rm -f "$rootfs/etc/apt/sources.list"
  cat > "$rootfs/etc/apt/sources.list.d/debian.sources" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  cat > "$rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'DPKG'
# As in Debian's slim images: no documentation (copyright files kept), man pages or translations.
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
DPKG
  # Also as in the slim images: apt keeps neither the downloaded packages nor its binary caches (80 MB in a layer).
  cat > "$rootfs/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT

  log "applying bookworm-updates and bookworm-security in the new root"
  mount -t proc proc "$rootfs/proc"
  local status=0
  {
    chroot "$rootfs" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive chroot "$rootfs" apt-get -y -qq upgrade
    chroot "$rootfs" apt-get clean
  } > "$build_dir/base-upgrade.log" 2>&1 || status=$?
  umount "$rootfs/proc"
  [ "$status" -eq 0 ] || { tail -n 20 "$build_dir/base-upgrade.log" >&2; exit 1; }

  # What the slim image leaves out, and what debootstrap copied from this machine.
  find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$rootfs"/usr/share/{man,info,lintian}/* "$rootfs/var/lib/apt/lists"/* "$rootfs/var/cache/apt"/*.bin
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  : > "$rootfs/etc/resolv.conf"
  : > "$rootfs/etc/hostname"

  tar -C "$rootfs" -c . | podman import -q \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    --change "LABEL org.opencontainers.image.created=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --change "LABEL org.opencontainers.image.description=debian-bookworm-minbase-local" \
    - "$base_image" > /dev/null
  rm -rf "$rootfs"
}

# Stands in for mcr.microsoft.com/dotnet/sdk:10.0: the local Debian image with this machine's .NET SDK copied in,
# the libraries it needs (ICU for MSBuild, OpenSSL), and this machine's way to NuGet: its CA bundle (here HTTPS
# leaves through a proxy whose CA only the host's bundle holds) and NUGET_CERT_REVOCATION_MODE=offline (revocation
# servers are not reachable). Only this build-stage image gets them, never the images it builds. Remade when the SDK
# or the base image changes.
sdk_image=localhost/sidecar-build/dotnet-sdk:10.0

ensure_sdk_image() {
  local sdk_dir sdk_version base_id
  sdk_dir="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  sdk_version="$(dotnet --version)"
  base_id="$(podman image inspect --format '{{.Id}}' "$base_image")"
  if podman image exists "$sdk_image" \
    && [ "$(image_label "$sdk_image" sidecar.build.sdk-version)" = "$sdk_version" ] \
    && [ "$(image_label "$sdk_image" sidecar.build.base)" = "$base_id" ]; then
    log "local SDK image: $sdk_image (cached, SDK $sdk_version)"
    return
  fi
  log "making $sdk_image from $sdk_dir (SDK $sdk_version)"
  cat > "$build_dir/sdk.Containerfile" <<CONTAINERFILE
FROM $base_image
RUN apt-get update \\
 && apt-get install -y --no-install-recommends ca-certificates libicu72 libssl3 libstdc++6 zlib1g \\
 && rm -rf /var/lib/apt/lists/*
RUN cp /run/build-host-ca.crt /usr/local/share/ca-certificates/build-host.crt && update-ca-certificates > /dev/null
COPY . /usr/share/dotnet/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \\
    DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=true NUGET_CERT_REVOCATION_MODE=offline
LABEL sidecar.build.sdk-version="$sdk_version" sidecar.build.base="$base_id"
CONTAINERFILE
  podman build --network host --layers -q -v /etc/ssl/certs/ca-certificates.crt:/run/build-host-ca.crt:ro \
    -f "$build_dir/sdk.Containerfile" -t "$sdk_image" "$sdk_dir" > "$build_dir/build-sdk.log" 2>&1 \
    || { tail -n 20 "$build_dir/build-sdk.log" >&2; exit 1; }
}

# --- the project's images -------------------------------------------------------------------------------------------

# The names the k8s manifests and the injector's configuration use (the test checks the injector names these).
sidecar_image=ghcr.io/example/sidecar:0.1.0
sidecar_jit_image=ghcr.io/example/sidecar:0.1.0-jit
softhsm_image=ghcr.io/example/sidecar-softhsm:0.1.0
injector_image=ghcr.io/example/sidecar-injector:0.1.0

build_one() { # tag, dockerfile, context, build arguments...
  local tag="$1" dockerfile="$2" context="$3"
  shift 3
  local args=(--network host --layers -f "$dockerfile" -t "$tag" --build-arg "BASE_IMAGE=$base_image")
  for arg in "$@"; do args+=(--build-arg "$arg"); done
  local name="${tag##*/}"
  local logfile="$build_dir/build-${name//:/-}.log"
  log "podman build -f $dockerfile -t $tag $* (log: ${logfile#"$repo_root"/})"
  local started=$SECONDS
  if ! podman build "${args[@]}" "$context" > "$logfile" 2>&1; then
    tail -n 40 "$logfile" >&2
    echo "images.sh: building $tag failed" >&2
    exit 1
  fi
  log "$tag: $(image_size_mb "$tag") MB, $((SECONDS - started)) s"
}

build_images() {
  ensure_dotnet
  ensure_podman
  ensure_base_image
  ensure_sdk_image
  build_one "$softhsm_image" softhsm/Dockerfile softhsm
  build_one "$sidecar_image" proxy/Sidecar/Dockerfile . "SDK_IMAGE=$sdk_image"
  if [ "${IMAGES_JIT:-1}" != 0 ]; then
    build_one "$sidecar_jit_image" proxy/Sidecar/Dockerfile . "SDK_IMAGE=$sdk_image" SIDECAR_AOT=false
  fi
  build_one "$injector_image" proxy/Sidecar.Injector/Dockerfile . "SDK_IMAGE=$sdk_image"
  # Build-cache layers of builds older than a week: without this, every source change leaves its layers behind.
  podman image prune -f --filter until=168h > /dev/null
}

build_images
if [ "$command" = build ]; then
  podman images --filter reference='ghcr.io/example/*' --format 'table {{.Repository}}:{{.Tag}} {{.Size}}'
else
  [ "${IMAGES_JIT:-1}" != 0 ] || sidecar_jit_image=""
  SIDECAR_IMAGE="$sidecar_image" SIDECAR_JIT_IMAGE="$sidecar_jit_image" SOFTHSM_IMAGE="$softhsm_image" \
    INJECTOR_IMAGE="$injector_image" bash tests/images/pod-test.sh
fi

