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
GO_BIN="${JAEGER_GO:-$(command -v go 2>/dev/null || true)}"
if [[ -z "${GO_BIN}" && -x /usr/local/go/bin/go ]]; then
  GO_BIN=/usr/local/go/bin/go
fi
no_go() {
  cat >&2 <<EOF
[ensure-jaeger] ERROR: $1
[ensure-jaeger] To build Jaeger ${JAEGER_V2_RELEASE} from source, install Go >= ${GO_MIN_VERSION} (https://go.dev/dl/)
[ensure-jaeger] and re-run this script; or use docker compose up; or set JAEGER_BIN=/path/to/a/jaeger-v2/binary.
EOF
  exit 3
}
if [[ -z "${GO_BIN}" ]]; then
  no_go "no Go toolchain found (looked at JAEGER_GO, on PATH and at /usr/local/go/bin/go)."
fi

export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" # never try to download a toolchain
export GOFLAGS="-mod=mod ${GOFLAGS:-}"
export CGO_ENABLED=0
# Module cache stays at Go's default ($GOPATH/pkg/mod, outside the repo). Make sure
# GOPATH/GOCACHE are resolvable even when HOME is unset (e.g. some root/CI shells).
if [[ -z "${HOME:-}" ]]; then
  export HOME=/root
fi

GO_VER="$("${GO_BIN}" env GOVERSION 2>/dev/null)" || no_go "'${GO_BIN} env GOVERSION' failed: ${GO_BIN} is not a working Go toolchain."
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
log "building Jaeger ${JAEGER_V2_RELEASE} (Go module ${JAEGER_MODULE}@${JAEGER_VERSION}) once into ${OUT_BIN}"
log "with ${GO_BIN} (${GO_VER}); this takes several minutes (download + compile)..."

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ensure-jaeger.XXXXXX")"
cleanup() { chmod -R u+w "${WORK_DIR}" 2>/dev/null || true; rm -rf "${WORK_DIR}"; }
trap cleanup EXIT

start_ts=$(date +%s)
log "step 1/3: downloading ${JAEGER_MODULE}@${JAEGER_VERSION} source..."
MOD_DIR="$(cd "${WORK_DIR}" && "${GO_BIN}" mod download -json "${JAEGER_MODULE}@${JAEGER_VERSION}" |
  sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p')"
if [[ -z "${MOD_DIR}" || ! -f "${MOD_DIR}/go.mod" ]]; then
  log "ERROR: go mod download did not yield a module directory; check that the Go module proxy is reachable (GOPROXY)."
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

log "built ${OUT_BIN} ($(du -h "${OUT_BIN}" | cut -f1)) in $(($(date +%s) - start_ts))s; its web UI is a placeholder (see above)."
abs "${OUT_BIN}"
