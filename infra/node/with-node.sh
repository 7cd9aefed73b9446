#!/usr/bin/env bash
# Runs a command with Node 24 first on PATH and the dependencies installed, so that `npm start` and
# `npm test` work from a fresh clone on a machine whose own node is older:
#   bash infra/node/with-node.sh [--built PROJECT] <command> [args…]
# --built PROJECT builds that Nx project (and what it depends on) first, quietly unless it fails.
# Node comes from ensure-node.sh (the machine's when new enough); `npm ci` runs when node_modules is
# missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The registry may sit behind a TLS proxy whose CA is only in the system bundle.
if [[ -z "${NODE_EXTRA_CA_CERTS:-}" && -f /etc/ssl/certs/ca-certificates.crt ]]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi

node_bin="$(bash infra/node/ensure-node.sh)"
export PATH="${node_bin}:${PWD}/node_modules/.bin:${PATH}"
export NX_DAEMON="${NX_DAEMON:-false}" NX_NO_CLOUD=true NX_TUI="${NX_TUI:-false}"

installed=node_modules/.package-lock.json
if [[ ! -f "${installed}" || package-lock.json -nt "${installed}" ]]; then
  printf '[with-node] installing dependencies (npm ci)…\n' >&2
  npm ci --no-audit --no-fund --loglevel=warn
fi

if [[ "${1:-}" == "--built" ]]; then
  project="$2"
  shift 2
  log="$(mktemp)"
  if ! nx run "${project}:build" --output-style=static >"${log}" 2>&1; then
    cat "${log}" >&2
    printf '[with-node] building %s failed (output above): fix the error, then run this again\n' "${project}" >&2
    exit 1
  fi
  rm -f "${log}"
fi

exec "$@"
