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

# 3. Build.
GO_BIN="${PROMETHEUS_GO:-$(command -v go 2>/dev/null || true)}"
if [[ -z "${GO_BIN}" && -x /usr/local/go/bin/go ]]; then
  GO_BIN=/usr/local/go/bin/go
fi
no_go() {
  cat >&2 <<MSG
[ensure-prometheus] ERROR: $1
[ensure-prometheus] To build Prometheus ${PROM_RELEASE} from source, install Go >= ${GO_MIN_VERSION} (https://go.dev/dl/)
[ensure-prometheus] and re-run this script; or use docker compose up; or set PROMETHEUS_BIN=/path/to/prometheus.
MSG
  exit 3
}
if [[ -z "${GO_BIN}" ]]; then
  no_go "no Go toolchain found (looked at PROMETHEUS_GO, on PATH and at /usr/local/go/bin/go)."
fi

export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" # never try to download a toolchain
export GOFLAGS="-mod=mod ${GOFLAGS:-}"
export CGO_ENABLED=0
export GOWORK=off # the module ships a go.work naming folders the module zip lacks
if [[ -z "${HOME:-}" ]]; then
  export HOME=/root
fi

GO_VER="$("${GO_BIN}" env GOVERSION 2>/dev/null)" || no_go "'${GO_BIN} env GOVERSION' failed: ${GO_BIN} is not a working Go toolchain."
if [[ "${GOTOOLCHAIN}" == local && "${GO_VER}" =~ ^go([0-9]+)\.([0-9]+)(\.([0-9]+))? ]]; then
  have=$((BASH_REMATCH[1] * 10000 + BASH_REMATCH[2] * 100 + ${BASH_REMATCH[4]:-0}))
  IFS=. read -r r1 r2 r3 <<<"${GO_MIN_VERSION}"
  need=$((r1 * 10000 + r2 * 100 + ${r3:-0}))
  if ((have < need)); then
    no_go "${GO_BIN} is ${GO_VER}, but Prometheus ${PROM_RELEASE} needs go >= ${GO_MIN_VERSION} (or set GOTOOLCHAIN=auto)."
  fi
fi
log "building Prometheus ${PROM_RELEASE} (Go module ${PROM_MODULE}@${PROM_VERSION}) once into ${OUT_BIN}"
log "with ${GO_BIN} (${GO_VER}); this takes several minutes (download + compile)..."

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ensure-prometheus.XXXXXX")"
cleanup() { chmod -R u+w "${WORK_DIR}" 2>/dev/null || true; rm -rf "${WORK_DIR}"; }
trap cleanup EXIT

TAGS="remove_all_sd,netgo"
start_ts=$(date +%s)
log "step 1/3: downloading ${PROM_MODULE}@${PROM_VERSION} source..."
MOD_DIR="$(cd "${WORK_DIR}" && "${GO_BIN}" mod download -json "${PROM_MODULE}@${PROM_VERSION}" |
  sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p')"
if [[ -z "${MOD_DIR}" || ! -f "${MOD_DIR}/go.mod" ]]; then
  log "ERROR: go mod download did not yield a module directory; check that the Go module proxy is reachable (GOPROXY)."
  exit 1
fi
SRC_DIR="${WORK_DIR}/src"
cp -R "${MOD_DIR}" "${SRC_DIR}"
chmod -R u+w "${SRC_DIR}"

log "step 2/3: downloading the modules ./cmd/prometheus depends on (first time only)..."
(cd "${SRC_DIR}" && "${GO_BIN}" list -tags "${TAGS}" -deps ./cmd/prometheus >/dev/null)
log "  ...dependencies ready after $(($(date +%s) - start_ts))s"

log "step 3/3: compiling ./cmd/prometheus (CGO_ENABLED=0, -tags ${TAGS}; the slow part)..."
mkdir -p "${OUT_DIR}"
TMP_BIN="${OUT_DIR}/prometheus.tmp.$$"
V="github.com/prometheus/common/version"
(cd "${SRC_DIR}" && "${GO_BIN}" build -trimpath -tags "${TAGS}" \
  -ldflags "-s -w -X ${V}.Version=${PROM_RELEASE} -X ${V}.Branch=module-${PROM_VERSION} -X ${V}.BuildUser=ensure-prometheus -X ${V}.BuildDate=$(date -u +%Y%m%d-%H:%M:%S)" \
  -o "${TMP_BIN}" ./cmd/prometheus)
mv -f "${TMP_BIN}" "${OUT_BIN}"

log "built ${OUT_BIN} ($(du -h "${OUT_BIN}" | cut -f1)) in $(($(date +%s) - start_ts))s (no web UI assets: the API works)."
abs "${OUT_BIN}"
