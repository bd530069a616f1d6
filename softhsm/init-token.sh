#!/usr/bin/env bash
# Creates (idempotently) a project-local SoftHSM2 token for the demo and the tests.
#
#   softhsm/init-token.sh [--dir DIR] [--label LABEL]
#
# DIR (default .sidecar/softhsm) receives softhsm2.conf, tokens/, and the PINs in user.pin and so.pin (mode 0600).
# PINs come from SIDECAR_HSM_PIN / SIDECAR_HSM_SO_PIN when set, else from existing pin files, else they are
# generated. They are passed to `sidecar hsm init-token` on standard input, never as arguments.
# Needs SIDECAR_BIN (the sidecar executable) and the softhsm2 package. Prints the SOFTHSM2_CONF export line.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir=".sidecar/softhsm"
label="sidecar"
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --label) label="$2"; shift 2 ;;
    *) echo "init-token.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

: "${SIDECAR_BIN:?set SIDECAR_BIN to the sidecar executable}"
module="${SOFTHSM2_MODULE:-/usr/lib/softhsm/libsofthsm2.so}"
[ -f "$module" ] || { echo "init-token.sh: $module missing; install the softhsm2 package" >&2; exit 1; }

umask 077
mkdir -p "$dir/tokens"
dir="$(cd "$dir" && pwd)"
sed "s|@TOKENDIR@|$dir/tokens|" "$here/softhsm2.conf.template" > "$dir/softhsm2.conf"

pin_from() { # env value, file
  if [ -n "${1:-}" ]; then printf '%s' "$1"
  elif [ -s "$2" ]; then head -n1 "$2"
  else od -An -tx1 -N16 /dev/urandom | tr -d ' \n'
  fi
}
user_pin="$(pin_from "${SIDECAR_HSM_PIN:-}" "$dir/user.pin")"
so_pin="$(pin_from "${SIDECAR_HSM_SO_PIN:-}" "$dir/so.pin")"
printf '%s\n' "$user_pin" > "$dir/user.pin"
printf '%s\n' "$so_pin" > "$dir/so.pin"

printf '%s\n%s\n' "$so_pin" "$user_pin" \
  | SOFTHSM2_CONF="$dir/softhsm2.conf" "$SIDECAR_BIN" hsm init-token --module "$module" --token "$label" >&2
echo "export SOFTHSM2_CONF=$dir/softhsm2.conf"
