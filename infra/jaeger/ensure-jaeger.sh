#!/usr/bin/env bash
# ensure-jaeger.sh — make sure a pinned Jaeger v2 binary exists and print its path.
#
# stdout: ONLY the absolute path of the jaeger binary (so callers can do
#         JAEGER="$(infra/jaeger/ensure-jaeger.sh)").
# stderr: progress / diagnostics.
#
# Resolution order:
#   1. $JAEGER_BIN, if it points at an executable file.
#   2. Cached official release (full web UI):  <cache>/jaeger/release-<release>/jaeger
#   3. Cached Go-module build (placeholder UI): <cache>/jaeger/<module version>/jaeger
#   4. Download the official release archive for this platform, verified against the release's
#      published SHA-256 sums file (short timeouts: fails in seconds where it is unreachable).
#   5. Build it from the Go module proxy (needs Go; takes a few minutes, once). Skipped by --no-build.
#   <cache> = ${SUITE_CACHE_DIR:-$HOME/.cache/distributed-tracing-suite}
#
# Environment:
#   JAEGER_DOWNLOAD_URL   base URL of the release downloads (default: the GitHub releases of
#                         jaegertracing/jaeger); "none" skips the download.
#   JAEGER_PLATFORM       <os>-<arch> of the archive to fetch (default: this machine's).
#   JAEGER_DOWNLOAD_MAX_TIME  seconds the whole download may take (default 300).
#   JAEGER_GO             the go command to build with (default: go on PATH, then /usr/local/go/bin/go).
#
# Exit codes: 0 ok, 3 no usable Go toolchain (and no binary), 4 no binary and --no-build,
# other = build failure.
set -euo pipefail

# Go module version github.com/jaegertracing/jaeger@v1.75.0 == Jaeger release v2.12.0
# (same tag commit). Its cmd/jaeger is the v2 (OpenTelemetry-collector based) binary.
# v2.x.y tags cannot be fetched as Go modules (no /v2 module path), hence the v1 tag.
JAEGER_VERSION="v1.75.0"
JAEGER_V2_RELEASE="v2.12.0"
JAEGER_MODULE="github.com/jaegertracing/jaeger"
GO_MIN_VERSION="1.24.6" # the `go` line of that module's go.mod
RELEASE="${JAEGER_V2_RELEASE#v}"
DEFAULT_DOWNLOAD_URL="https://github.com/jaegertracing/jaeger/releases/download"

log() { printf '[ensure-jaeger] %s\n' "$*" >&2; }
abs() { printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd -P)" "$(basename "$1")"; }

# 1. Explicit override.
if [[ -n "${JAEGER_BIN:-}" ]]; then
  if [[ -f "${JAEGER_BIN}" && -x "${JAEGER_BIN}" ]]; then
    abs "${JAEGER_BIN}"
    exit 0
  fi
  log "JAEGER_BIN='${JAEGER_BIN}' is not an executable file; ignoring it."
fi

CACHE_ROOT="${SUITE_CACHE_DIR:-${HOME:-/root}/.cache/distributed-tracing-suite}"
RELEASE_DIR="${CACHE_ROOT}/jaeger/release-${RELEASE}"
RELEASE_BIN="${RELEASE_DIR}/jaeger"
OUT_DIR="${CACHE_ROOT}/jaeger/${JAEGER_VERSION}"
OUT_BIN="${OUT_DIR}/jaeger"

# 2./3. Cache hits: the official release first, it has the full UI.
for cached in "${RELEASE_BIN}" "${OUT_BIN}"; do
  if [[ -x "${cached}" ]]; then
    abs "${cached}"
    exit 0
  fi
done

# 4. The official release archive. Returns non-zero (after saying why) when it can't be used.
platform() {
  local os arch
  os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  case "$(uname -m)" in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch="$(uname -m)" ;;
  esac
  printf '%s-%s\n' "${os}" "${arch}"
}
sha256_of() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}
fetch() { # url dest
  curl -fsSL --connect-timeout 3 --max-time "${JAEGER_DOWNLOAD_MAX_TIME:-300}" -o "$2" "$1"
}
download_release() {
  local base="${JAEGER_DOWNLOAD_URL:-${DEFAULT_DOWNLOAD_URL}}"
  if [[ "${base}" == none ]]; then
    log "JAEGER_DOWNLOAD_URL=none: not downloading the official release."
    return 1
  fi
  if ! command -v curl >/dev/null || ! command -v tar >/dev/null; then
    log "curl or tar is missing: cannot download the official release."
    return 1
  fi
  local plat name dir sums_name rc=0 expected actual
  plat="${JAEGER_PLATFORM:-$(platform)}"
  name="jaeger-${RELEASE}-${plat}"
  sums_name="jaeger-${RELEASE}.sha256sum.txt" # SHA-256 of every archive of the release
  base="${base%/}/${JAEGER_V2_RELEASE}"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/ensure-jaeger-dl.XXXXXX")"
  log "downloading the official Jaeger ${JAEGER_V2_RELEASE} (${name}.tar.gz, about 60 MB) from ${base}..."
  fetch "${base}/${sums_name}" "${dir}/sums" && fetch "${base}/${name}.tar.gz" "${dir}/archive" || rc=$?
  if ((rc != 0)); then
    log "could not download ${base}/${name}.tar.gz or its checksum file (curl exit ${rc})."
    rm -rf "${dir}"
    return 1
  fi
  # Lines look like `<sha256> *<file>` (shasum -b) or `<sha256>  <file>`.
  expected="$(awk -v f="${name}.tar.gz" '$2 == f || $2 == "*" f { print $1; exit }' "${dir}/sums")"
  actual="$(sha256_of "${dir}/archive")"
  if [[ -z "${expected}" ]]; then
    log "refusing the download: ${sums_name} lists no checksum for ${name}.tar.gz."
    rm -rf "${dir}"
    return 1
  fi
  if [[ "${expected}" != "${actual}" ]]; then
    log "refusing the download: checksum mismatch for ${name}.tar.gz (expected ${expected}, got ${actual})."
    rm -rf "${dir}"
    return 1
  fi
  if ! tar -xzf "${dir}/archive" -C "${dir}" "${name}/jaeger" || [[ ! -f "${dir}/${name}/jaeger" ]]; then
    log "refusing the download: ${name}.tar.gz has no ${name}/jaeger."
    rm -rf "${dir}"
    return 1
  fi
  mkdir -p "${RELEASE_DIR}"
  chmod 755 "${dir}/${name}/jaeger"
  mv -f "${dir}/${name}/jaeger" "${RELEASE_BIN}.tmp.$$"
  mv -f "${RELEASE_BIN}.tmp.$$" "${RELEASE_BIN}"
  rm -rf "${dir}"
  log "installed the official Jaeger ${JAEGER_V2_RELEASE} (checksum verified, full web UI) at ${RELEASE_BIN}"
}

if download_release; then
  abs "${RELEASE_BIN}"
  exit 0
fi
cat >&2 <<EOF
[ensure-jaeger] Without the release, the fallback is Jaeger ${JAEGER_V2_RELEASE} built from its Go module. NOTE: that
[ensure-jaeger] binary's web UI is a placeholder page (the module has no UI assets); the query API and traces
[ensure-jaeger] work. For the full UI, use one of:
[ensure-jaeger]   - docker compose up (the official image), or
[ensure-jaeger]   - the official archive jaeger-${RELEASE}-<os>-<arch>.tar.gz from ${DEFAULT_DOWNLOAD_URL}/${JAEGER_V2_RELEASE}/
[ensure-jaeger]     (re-run this script where that is reachable, or set JAEGER_BIN to its jaeger binary), or
[ensure-jaeger]   - JAEGER_UI_ASSETS_PATH=<a jaeger-ui build folder> with this binary.
EOF

# --no-build: npm start must not block on a five-minute build.
if [[ "${1:-}" == "--no-build" ]]; then
  log "no Jaeger binary at ${OUT_BIN}; build it once with: npm run jaeger:build (about 5 minutes)"
  exit 4
fi

# 5. Build.
# shellcheck source=../go/build-module.sh
source "$(dirname "${BASH_SOURCE[0]}")/../go/build-module.sh"
GO_BIN_OVERRIDE="${JAEGER_GO:-}" go_build_module "Jaeger ${JAEGER_V2_RELEASE}" "${JAEGER_MODULE}" "${JAEGER_VERSION}" \
  "${GO_MIN_VERSION}" ./cmd/jaeger "${OUT_BIN}" "" \
  "-s -w -X ${JAEGER_MODULE}/internal/version.latestVersion=${JAEGER_V2_RELEASE} -X ${JAEGER_MODULE}/internal/version.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  "or use docker compose up; or set JAEGER_BIN=/path/to/a/jaeger-v2/binary"
log "its web UI is a placeholder (see above)."
abs "${OUT_BIN}"
