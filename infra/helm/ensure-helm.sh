#!/usr/bin/env bash
# ensure-helm.sh — make sure a pinned Helm binary exists and print its path.
#
# stdout: ONLY the absolute path of the helm binary (so callers can do
#         HELM="$(infra/helm/ensure-helm.sh)").
# stderr: progress / diagnostics.
#
# Resolution order:
#   1. $HELM_BIN, if it points at an executable file.
#   2. Cached build: ${SUITE_CACHE_DIR:-$HOME/.cache/distributed-tracing-suite}/helm/<version>/helm
#   3. `go install` it from the Go module proxy (needs Go; a long compile, once).
#
# Exit codes: 0 ok, 3 no Go toolchain available (and no HELM_BIN), 4 not cached and --no-build,
# other = build failure.
set -euo pipefail

# helm.sh/helm/v4 is the Go module of Helm 4; the tag is the Helm release.
HELM_VERSION="v4.3.2"
HELM_MODULE="helm.sh/helm/v4"
GO_MIN_VERSION="1.26.0" # the `go` line of that module's go.mod

log() { printf '[ensure-helm] %s\n' "$*" >&2; }

# 1. Explicit override.
if [[ -n "${HELM_BIN:-}" ]]; then
  if [[ -f "${HELM_BIN}" && -x "${HELM_BIN}" ]]; then
    (cd "$(dirname "${HELM_BIN}")" && printf '%s/%s\n' "$(pwd -P)" "$(basename "${HELM_BIN}")")
    exit 0
  fi
  log "HELM_BIN='${HELM_BIN}' is not an executable file; ignoring it."
fi

# 2. Cache hit.
CACHE_ROOT="${SUITE_CACHE_DIR:-${HOME:-/root}/.cache/distributed-tracing-suite}"
OUT_DIR="${CACHE_ROOT}/helm/${HELM_VERSION}"
OUT_BIN="${OUT_DIR}/helm"
if [[ -x "${OUT_BIN}" ]]; then
  printf '%s\n' "$(cd "${OUT_DIR}" && pwd -P)/helm"
  exit 0
fi

# --no-build: only report what is there (a test run must not block on a long compile).
if [[ "${1:-}" == "--no-build" ]]; then
  log "no Helm binary cached at ${OUT_BIN}; build it once with: npm run helm:build (about 10 minutes on 2 cores)"
  exit 4
fi

# 3. Build.
GO_BIN="$(command -v go 2>/dev/null || true)"
if [[ -z "${GO_BIN}" && -x /usr/local/go/bin/go ]]; then
  GO_BIN=/usr/local/go/bin/go
fi
no_go() {
  cat >&2 <<EOT
[ensure-helm] ERROR: $1
[ensure-helm] Helm ${HELM_VERSION} is built from its Go module. Either:
[ensure-helm]   - install Go >= ${GO_MIN_VERSION} (https://go.dev/dl/) and re-run this script, or
[ensure-helm]   - set HELM_BIN=/path/to/an/existing/helm-v4/binary.
EOT
  exit 3
}
if [[ -z "${GO_BIN}" ]]; then
  no_go "no Go toolchain found (looked on PATH and at /usr/local/go/bin/go)."
fi

export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" # never try to download a toolchain
export CGO_ENABLED=0
if [[ -z "${HOME:-}" ]]; then
  export HOME=/root
fi

GO_VER="$("${GO_BIN}" env GOVERSION 2>/dev/null || echo unknown)"
if [[ "${GOTOOLCHAIN}" == local && "${GO_VER}" =~ ^go([0-9]+)\.([0-9]+)(\.([0-9]+))? ]]; then
  have=$((BASH_REMATCH[1] * 10000 + BASH_REMATCH[2] * 100 + ${BASH_REMATCH[4]:-0}))
  IFS=. read -r r1 r2 r3 <<<"${GO_MIN_VERSION}"
  need=$((r1 * 10000 + r2 * 100 + ${r3:-0}))
  if ((have < need)); then
    no_go "${GO_BIN} is ${GO_VER}, but Helm ${HELM_VERSION} needs go >= ${GO_MIN_VERSION} (or set GOTOOLCHAIN=auto)."
  fi
fi
log "Helm ${HELM_VERSION} not cached at ${OUT_BIN}"
log "go install ${HELM_MODULE}/cmd/helm@${HELM_VERSION} with ${GO_BIN} (${GO_VER}); a long compile, once..."

start_ts=$(date +%s)
# Install into a scratch GOBIN and move the binary in at the end, so an interrupted build never
# leaves a half-written helm at the cached path.
STAGE_DIR="${OUT_DIR}.stage.$$"
mkdir -p "${STAGE_DIR}"
trap 'rm -rf "${STAGE_DIR}"' EXIT
GOBIN="${STAGE_DIR}" "${GO_BIN}" install -trimpath \
  -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=${HELM_VERSION}" \
  "${HELM_MODULE}/cmd/helm@${HELM_VERSION}"
mkdir -p "${OUT_DIR}"
mv -f "${STAGE_DIR}/helm" "${OUT_BIN}"

log "built ${OUT_BIN} ($(du -h "${OUT_BIN}" | cut -f1)) in $(($(date +%s) - start_ts))s"
printf '%s\n' "$(cd "${OUT_DIR}" && pwd -P)/helm"
