#!/usr/bin/env bash
# ensure-prometheus.sh — make sure a pinned Prometheus binary exists and print its path.
#
# stdout: ONLY the absolute path of the prometheus binary (PROM="$(infra/prometheus/ensure-prometheus.sh)").
# stderr: progress / diagnostics.
#
# Resolution order:
#   1. $PROMETHEUS_BIN, if it points at an executable file.
#   2. Cached Go-module build: <cache>/prometheus/<module version>/prometheus
#   3. Build it from the Go module proxy (needs Go; several minutes, once). Skipped by --no-build.
#   <cache> = ${SUITE_CACHE_DIR:-$HOME/.cache/distributed-tracing-suite}
#
# The build leaves out the web UI assets (the API, /-/ready and the scrape loop are all the suite
# needs) and every service-discovery plugin (tag remove_all_sd: the suite scrapes static targets),
# which roughly halves the compile. docker compose uses the official image of the same release.
#
# Environment:
#   PROMETHEUS_GO   the go command to build with (default: go on PATH, then /usr/local/go/bin/go).
#
# Exit codes: 0 ok, 3 no usable Go toolchain (and no binary), 4 no binary and --no-build,
# other = build failure.
set -euo pipefail

# Go module github.com/prometheus/prometheus@v0.316.0 == Prometheus release v3.16.0 (its VERSION file;
# Prometheus 3.x tags its Go module v0.3MM.P for release 3.MM.P). Keep in step with the compose image.
PROM_VERSION="v0.316.0"
PROM_RELEASE="3.16.0"
PROM_MODULE="github.com/prometheus/prometheus"
GO_MIN_VERSION="1.26.7" # the `go` line of that module's go.mod

log() { printf '[ensure-prometheus] %s\n' "$*" >&2; }
abs() { printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd -P)" "$(basename "$1")"; }

# 1. Explicit override.
if [[ -n "${PROMETHEUS_BIN:-}" ]]; then
  if [[ -f "${PROMETHEUS_BIN}" && -x "${PROMETHEUS_BIN}" ]]; then
    abs "${PROMETHEUS_BIN}"
    exit 0
  fi
  log "PROMETHEUS_BIN='${PROMETHEUS_BIN}' is not an executable file; ignoring it."
fi

CACHE_ROOT="${SUITE_CACHE_DIR:-${HOME:-/root}/.cache/distributed-tracing-suite}"
OUT_DIR="${CACHE_ROOT}/prometheus/${PROM_VERSION}"
OUT_BIN="${OUT_DIR}/prometheus"

# 2. Cache hit.
if [[ -x "${OUT_BIN}" ]]; then
  abs "${OUT_BIN}"
  exit 0
fi

# --no-build: npm start must not block on a long build.
if [[ "${1:-}" == "--no-build" ]]; then
  log "no Prometheus binary at ${OUT_BIN}; build it once with: npm run prometheus:build (about 5-10 minutes)"
  exit 4
fi

# 3. Build: no web UI assets (the API works) and no service discovery (static targets only).
# shellcheck source=../go/build-module.sh
source "$(dirname "${BASH_SOURCE[0]}")/../go/build-module.sh"
V="github.com/prometheus/common/version"
GO_BIN_OVERRIDE="${PROMETHEUS_GO:-}" go_build_module "Prometheus ${PROM_RELEASE}" "${PROM_MODULE}" "${PROM_VERSION}" \
  "${GO_MIN_VERSION}" ./cmd/prometheus "${OUT_BIN}" remove_all_sd,netgo \
  "-s -w -X ${V}.Version=${PROM_RELEASE} -X ${V}.Branch=module-${PROM_VERSION} -X ${V}.BuildUser=ensure-prometheus -X ${V}.BuildDate=$(date -u +%Y%m%d-%H:%M:%S)" \
  "or use docker compose up; or set PROMETHEUS_BIN=/path/to/prometheus"
abs "${OUT_BIN}"
