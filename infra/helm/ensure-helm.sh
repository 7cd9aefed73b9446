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
# shellcheck source=../go/build-module.sh
source "$(dirname "${BASH_SOURCE[0]}")/../go/build-module.sh"
go_build_module "Helm ${HELM_VERSION}" "${HELM_MODULE}" "${HELM_VERSION}" "${GO_MIN_VERSION}" ./cmd/helm "${OUT_BIN}" "" \
  "-s -w -X helm.sh/helm/v4/internal/version.version=${HELM_VERSION}" \
  "or set HELM_BIN=/path/to/an/existing/helm-v4/binary"
printf '%s\n' "$(cd "${OUT_DIR}" && pwd -P)/helm"
