#!/usr/bin/env bash
# Self-signed TLS for the injector, for clusters without cert-manager.
#
#   k8s/injector/bootstrap-tls.sh                 make a CA and a serving certificate, store them, apply core/,
#                                                 and put the CA into the webhook configuration's caBundle
#   k8s/injector/bootstrap-tls.sh --cert-only DIR only write ca.crt, tls.crt and tls.key into DIR (no kubectl)
#
# Needs openssl and, without --cert-only, kubectl with access to the cluster. Running it again rotates both the
# CA and the certificate (see README.md). The CA's private key exists only while the script runs: nothing can
# sign another certificate the API server would trust for the injector.
#
# Environment: NAMESPACE (sidecar-injector), SERVICE (sidecar-injector), DAYS (365, the serving certificate's
# lifetime), KUBECTL (kubectl).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
namespace="${NAMESPACE:-sidecar-injector}"
service="${SERVICE:-sidecar-injector}"
days="${DAYS:-365}"
kubectl="${KUBECTL:-kubectl}"
out=""
case "${1:-}" in
  --cert-only) out="${2:?--cert-only needs a directory}" ;;
  "") ;;
  *) echo "bootstrap-tls.sh: unknown argument '$1'" >&2; exit 2 ;;
esac

command -v openssl >/dev/null || { echo "bootstrap-tls.sh: openssl is required" >&2; exit 1; }

umask 077
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

host="$service.$namespace.svc"

# The CA: ECDSA P-256, ten years, for this injector only.
openssl ecparam -name prime256v1 -genkey -noout -out "$work/ca.key"
openssl req -x509 -new -key "$work/ca.key" -sha256 -days 3650 -subj "/CN=$service-ca" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out "$work/ca.crt"

# The serving certificate, for the name the API server dials.
openssl ecparam -name prime256v1 -genkey -noout -out "$work/tls.key"
openssl req -new -key "$work/tls.key" -subj "/CN=$host" -out "$work/tls.csr"
cat > "$work/ext.cnf" <<EXT
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:$host,DNS:$host.cluster.local
EXT
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
  -days "$days" -sha256 -extfile "$work/ext.cnf" -out "$work/tls.crt" 2>/dev/null
openssl verify -CAfile "$work/ca.crt" "$work/tls.crt" >/dev/null

if [ -n "$out" ]; then
  mkdir -p "$out"
  cp "$work/ca.crt" "$work/tls.crt" "$work/tls.key" "$out/"
  echo "wrote $out/ca.crt, $out/tls.crt and $out/tls.key for $host" >&2
  exit 0
fi

# The namespace and the Secret first, so the injector's pods start with their certificate.
"$kubectl" apply -f "$here/core/namespace.yaml"
"$kubectl" -n "$namespace" create secret tls sidecar-injector-tls \
  --cert="$work/tls.crt" --key="$work/tls.key" --dry-run=client -o yaml | "$kubectl" apply -f -
"$kubectl" apply -k "$here/core"

# Then trust: the CA into the webhook's caBundle.
ca_bundle="$(base64 < "$work/ca.crt" | tr -d '\n')"
"$kubectl" patch mutatingwebhookconfiguration sidecar-injector --type=json \
  -p "[{\"op\":\"add\",\"path\":\"/webhooks/0/clientConfig/caBundle\",\"value\":\"$ca_bundle\"}]"
"$kubectl" -n "$namespace" rollout status deployment/sidecar-injector --timeout=120s
echo "the injector serves $host with a certificate valid for $days days; run this script again before then" >&2
