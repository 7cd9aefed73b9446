#!/usr/bin/env bash
# ensure-jaeger.sh — make sure a pinned Jaeger v2 binary exists and print its path.
#
# stdout: ONLY the absolute path of the jaeger binary (so callers can do
#         JAEGER="$(infra/jaeger/ensure-jaeger.sh)").
# stderr: progress / diagnostics.
#
# Resolution order:
#   1. $JAEGER_BIN, if it points at an executable file.
#   2. Cached build: ${SUITE_CACHE_DIR:-$HOME/.cache/distributed-tracing-suite}/jaeger/<version>/jaeger
#   3. Build it from the Go module proxy (needs Go; takes a few minutes, once).
#
# Exit codes: 0 ok, 3 no Go toolchain available (and no JAEGER_BIN), 4 not cached and --no-build,
# other = build failure.
set -euo pipefail

# Go module version github.com/jaegertracing/jaeger@v1.76.0 == Jaeger release v1.76.0 / v2.13.0
# (same tag commit). Its cmd/jaeger is the v2 (OpenTelemetry-collector based) binary.
# v2.x.y tags cannot be fetched as Go modules (no /v2 module path), hence the v1 tag.
JAEGER_VERSION="v1.76.0"
JAEGER_V2_RELEASE="v2.13.0"
JAEGER_MODULE="github.com/jaegertracing/jaeger"
GO_MIN_VERSION="1.24.6" # the `go` line of that module's go.mod

log() { printf '[ensure-jaeger] %s\n' "$*" >&2; }

# 1. Explicit override.
if [[ -n "${JAEGER_BIN:-}" ]]; then
  if [[ -f "${JAEGER_BIN}" && -x "${JAEGER_BIN}" ]]; then
    (cd "$(dirname "${JAEGER_BIN}")" && printf '%s/%s\n' "$(pwd -P)" "$(basename "${JAEGER_BIN}")")
    exit 0
  fi
  log "JAEGER_BIN='${JAEGER_BIN}' is not an executable file; ignoring it."
fi

# 2. Cache hit.
CACHE_ROOT="${SUITE_CACHE_DIR:-${HOME:-/root}/.cache/distributed-tracing-suite}"
OUT_DIR="${CACHE_ROOT}/jaeger/${JAEGER_VERSION}"
OUT_BIN="${OUT_DIR}/jaeger"
if [[ -x "${OUT_BIN}" ]]; then
  printf '%s\n' "$(cd "${OUT_DIR}" && pwd -P)/jaeger"
  exit 0
fi

# --no-build: only report what is there (npm start must not block on a five-minute build).
if [[ "${1:-}" == "--no-build" ]]; then
  log "no Jaeger binary cached at ${OUT_BIN}; build it once with: npm run jaeger:build (about 5 minutes)"
  exit 4
fi

# 3. Build.
GO_BIN="$(command -v go 2>/dev/null || true)"
if [[ -z "${GO_BIN}" && -x /usr/local/go/bin/go ]]; then
  GO_BIN=/usr/local/go/bin/go
fi
no_go() {
  cat >&2 <<EOF
[ensure-jaeger] ERROR: $1
[ensure-jaeger] A local Jaeger (${JAEGER_V2_RELEASE}) is built from source with Go. To get traces, either:
[ensure-jaeger]   - install Go >= ${GO_MIN_VERSION} (https://go.dev/dl/) and re-run this script, or
[ensure-jaeger]   - run the stack with Docker instead: docker compose up, or
[ensure-jaeger]   - set JAEGER_BIN=/path/to/an/existing/jaeger-v2/binary.
EOF
  exit 3
}
if [[ -z "${GO_BIN}" ]]; then
  no_go "no Go toolchain found (looked on PATH and at /usr/local/go/bin/go)."
fi

export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" # never try to download a toolchain
export GOFLAGS="-mod=mod ${GOFLAGS:-}"
export CGO_ENABLED=0
# Module cache stays at Go's default ($GOPATH/pkg/mod, outside the repo). Make sure
# GOPATH/GOCACHE are resolvable even when HOME is unset (e.g. some root/CI shells).
if [[ -z "${HOME:-}" ]]; then
  export HOME=/root
fi

GO_VER="$("${GO_BIN}" env GOVERSION 2>/dev/null || echo unknown)"
# Refuse early (exit 3) if the local toolchain is older than the module requires,
# unless the caller explicitly allowed toolchain switching via GOTOOLCHAIN.
if [[ "${GOTOOLCHAIN}" == local && "${GO_VER}" =~ ^go([0-9]+)\.([0-9]+)(\.([0-9]+))? ]]; then
  have=$((BASH_REMATCH[1] * 10000 + BASH_REMATCH[2] * 100 + ${BASH_REMATCH[4]:-0}))
  IFS=. read -r r1 r2 r3 <<<"${GO_MIN_VERSION}"
  need=$((r1 * 10000 + r2 * 100 + ${r3:-0}))
  if ((have < need)); then
    no_go "${GO_BIN} is ${GO_VER}, but Jaeger ${JAEGER_VERSION} needs go >= ${GO_MIN_VERSION} (or set GOTOOLCHAIN=auto)."
  fi
fi
log "Jaeger ${JAEGER_V2_RELEASE} (Go module ${JAEGER_MODULE}@${JAEGER_VERSION}) not cached at ${OUT_BIN}"
log "building it once with ${GO_BIN} (${GO_VER}); this takes several minutes (download + compile)..."

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ensure-jaeger.XXXXXX")"
cleanup() { chmod -R u+w "${WORK_DIR}" 2>/dev/null || true; rm -rf "${WORK_DIR}"; }
trap cleanup EXIT

start_ts=$(date +%s)
log "step 1/3: downloading ${JAEGER_MODULE}@${JAEGER_VERSION} source..."
MOD_DIR="$(cd "${WORK_DIR}" && "${GO_BIN}" mod download -json "${JAEGER_MODULE}@${JAEGER_VERSION}" |
  sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p')"
if [[ -z "${MOD_DIR}" || ! -f "${MOD_DIR}/go.mod" ]]; then
  log "ERROR: go mod download did not yield a module directory"
  exit 1
fi
SRC_DIR="${WORK_DIR}/src"
cp -R "${MOD_DIR}" "${SRC_DIR}"
chmod -R u+w "${SRC_DIR}"

log "step 2/3: downloading the modules ./cmd/jaeger depends on (~300 modules, first time only)..."
(cd "${SRC_DIR}" && "${GO_BIN}" list -deps ./cmd/jaeger >/dev/null)
log "  ...dependencies ready after $(($(date +%s) - start_ts))s"

log "step 3/3: compiling ./cmd/jaeger (CGO_ENABLED=0, -trimpath; the slow part, ~3-6 min on 2 cores)..."
mkdir -p "${OUT_DIR}"
TMP_BIN="${OUT_DIR}/jaeger.tmp.$$"
(cd "${SRC_DIR}" && "${GO_BIN}" build -trimpath \
  -ldflags "-s -w -X ${JAEGER_MODULE}/internal/version.latestVersion=${JAEGER_V2_RELEASE} -X ${JAEGER_MODULE}/internal/version.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  -o "${TMP_BIN}" ./cmd/jaeger)
mv -f "${TMP_BIN}" "${OUT_BIN}"

log "built ${OUT_BIN} ($(du -h "${OUT_BIN}" | cut -f1)) in $(($(date +%s) - start_ts))s"
printf '%s\n' "$(cd "${OUT_DIR}" && pwd -P)/jaeger"
