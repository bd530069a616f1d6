#!/usr/bin/env bash
# Repository secret scanning (secretlint, pinned in tools/secretlint/package-lock.json). First proves the scanner
# works: fake AWS, Slack, private-key and exchange-style secrets, generated here into a temporary directory, must
# each be reported. Then scans every tracked file; a committed secret fails the run. Public exchange-doc test
# vectors are allowed by exact value in tools/secretlint/.secretlintrc.json (see tools/secretlint/README.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$repo_root"

ensure_secretlint
secretlint=(tools/secretlint/node_modules/.bin/secretlint --secretlintrc tools/secretlint/.secretlintrc.json --maskSecrets)

planted="$(mktemp -d)"
trap 'rm -rf "$planted"' EXIT
random() {
  local chars
  chars="$(head -c 20000 /dev/urandom | LC_ALL=C tr -dc "$1")"
  printf '%s' "${chars:0:$2}"
}
# Built from pieces at run time, so this script itself holds nothing that looks like a secret.
printf 'aws_access_key_id = %s%s\naws_secret_access_key = %s\n' "AKI" "A$(random 'A-Z2-7' 16)" "$(random 'A-Za-z0-9/+' 40)" >"$planted/aws.env"
printf 'SLACK_TOKEN=%s-%s-%s-%s\n' "xox""b" "$(random '0-9' 12)" "$(random '0-9' 13)" "$(random 'A-Za-z0-9' 24)" >"$planted/slack.txt"
# secretlint wants a DER SEQUENCE ("MI…") inside the PEM armour, as in every real key.
{ echo "-----BEGIN RSA ""PRIVATE KEY-----"; echo "MIIE$(random 'A-Za-z0-9/+' 60)"; random 'A-Za-z0-9/+' 64; echo; echo "-----END RSA ""PRIVATE KEY-----"; } >"$planted/deploy-key.pem"
printf 'const string Secret = "%s";\n' "Zx9$(random 'A-Za-z0-9' 61)" >"$planted/Exchange.cs"

report="$("${secretlint[@]}" "$planted/*" 2>&1 || true)"
missing=()
for file in aws.env slack.txt deploy-key.pem Exchange.cs; do
  grep -q "$planted/$file" <<<"$report" || missing+=("$file")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "secretlint did not report the planted secrets in: ${missing[*]} (is the scanner disabled?)" >&2
  echo "$report" >&2
  exit 1
fi
log "secretlint reports planted secrets (4 of 4); scanning tracked files"

git ls-files -z | xargs -0 "${secretlint[@]}"
echo "secret scan: no secrets in $(git ls-files | wc -l) tracked files"
