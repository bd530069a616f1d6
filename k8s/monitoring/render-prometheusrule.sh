#!/usr/bin/env bash
# Writes prometheusrule.yaml from sidecar.rules.yaml: the same rules as a PrometheusRule for the Prometheus Operator,
# whose spec is a rules file's content. Run it after every change to sidecar.rules.yaml; a test
# (tests/Sidecar.Tests/Monitoring/AlertRuleTests.cs) fails while the two disagree.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
{
  cat <<'HEADER'
# GENERATED from sidecar.rules.yaml by render-prometheusrule.sh: edit that file and run the script, never this one.
#
# Sidecar's alerting rules for the Prometheus Operator. A Prometheus picks up PrometheusRules whose labels match its
# ruleSelector (kube-prometheus-stack: `release: <its Helm release>`): add that label in your overlay.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: sidecar
  labels:
    app.kubernetes.io/name: sidecar
spec:
HEADER
  # The rules file minus its leading comment block, indented under spec (blank lines stay blank).
  sed -e '1,/^groups:/{/^#/d}' -e 's/^\(.\)/  \1/' sidecar.rules.yaml
} > prometheusrule.yaml
