#!/usr/bin/env bash
# ensure-compose-plugin.sh: make `docker compose` (the Go CLI plugin, pinned) available and print its path.
#
# Debian ships only the Python docker-compose 1.29; the plugin has no Debian package and no image registry
# answers here, so it is built once from its Go module (github.com/docker/compose/v5, the line that
# compose v2 started) into ${SUITE_CACHE_DIR:-~/.cache/distributed-tracing-suite}/compose/<version>/ and
# linked into ~/.docker/cli-plugins, where the docker CLI looks for plugins.
#
# stdout: only the binary's path. stderr: progress. Exit 3: no Go toolchain (install Go, or the plugin).
set -euo pipefail

COMPOSE_MODULE="github.com/docker/compose/v5"
COMPOSE_VERSION="v5.6.0"

log() { printf '[ensure-compose] %s\n' "$*" >&2; }

CACHE_ROOT="${SUITE_CACHE_DIR:-${HOME:-/root}/.cache/distributed-tracing-suite}"
OUT_DIR="${CACHE_ROOT}/compose/${COMPOSE_VERSION}"
OUT_BIN="${OUT_DIR}/docker-compose"
PLUGIN_DIR="${DOCKER_CONFIG:-${HOME:-/root}/.docker}/cli-plugins"

if [[ ! -x "${OUT_BIN}" ]]; then
  GO_BIN="$(command -v go || true)"
  [[ -z "${GO_BIN}" && -x /usr/local/go/bin/go ]] && GO_BIN=/usr/local/go/bin/go
  if [[ -z "${GO_BIN}" ]]; then
    log "ERROR: no Go toolchain to build the compose plugin ${COMPOSE_VERSION}: install Go, or install"
    log "the docker compose plugin yourself (https://docs.docker.com/compose/install/linux/)"
    exit 3
  fi
  export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOFLAGS="-mod=mod ${GOFLAGS:-}" CGO_ENABLED=0
  start_ts=$(date +%s)
  log "building the docker compose plugin ${COMPOSE_VERSION} from ${COMPOSE_MODULE} once (~2-4 min on 2 cores)..."
  log "step 1/2: downloading its source and modules..."
  WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ensure-compose.XXXXXX")"
  trap 'rm -rf "${WORK_DIR}"' EXIT
  MOD_DIR="$(cd "${WORK_DIR}" && "${GO_BIN}" mod download -json "${COMPOSE_MODULE}@${COMPOSE_VERSION}" |
    sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p')"
  if [[ -z "${MOD_DIR}" || ! -f "${MOD_DIR}/go.mod" ]]; then
    log "ERROR: go mod download ${COMPOSE_MODULE}@${COMPOSE_VERSION} gave no source: is the Go module proxy reachable (go env GOPROXY)?"
    exit 1
  fi
  log "step 2/2: compiling ./cmd..."
  mkdir -p "${OUT_DIR}"
  (cd "${MOD_DIR}" && "${GO_BIN}" build -trimpath \
    -ldflags "-s -w -X ${COMPOSE_MODULE}/internal.Version=${COMPOSE_VERSION}" \
    -o "${OUT_BIN}.tmp.$$" ./cmd)
  mv -f "${OUT_BIN}.tmp.$$" "${OUT_BIN}"
  log "built ${OUT_BIN} in $(($(date +%s) - start_ts))s"
fi

mkdir -p "${PLUGIN_DIR}"
ln -sfn "${OUT_BIN}" "${PLUGIN_DIR}/docker-compose"
printf '%s\n' "${OUT_BIN}"
