#!/usr/bin/env bash
# Debian's chromium for the browser suite (CHROMIUM_PATH points at another build). Installed when missing;
# when it cannot be had, say so and fail: a browser suite that skips proves nothing.
set -euo pipefail
if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  [[ -x "${CHROMIUM_PATH}" ]] && exit 0
  echo "CHROMIUM_PATH=${CHROMIUM_PATH} is not an executable: point it at a chromium binary" >&2
  exit 1
fi
command -v chromium >/dev/null 2>&1 && exit 0
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "[browser-tests] installing Debian's chromium…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  command -v chromium >/dev/null 2>&1 && exit 0
fi
echo "no chromium: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH" >&2
exit 1
