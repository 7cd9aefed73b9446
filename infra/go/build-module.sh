# Sourced by the ensure-*.sh scripts that build a pinned tool from its Go module (Jaeger, Prometheus,
# Helm): one way to find Go, check its version, and build into the cache with no half-written binary.
#   source infra/go/build-module.sh
#   go_build_module <label> <module> <version> <go-min> <package> <out-bin> [tags] [ldflags] [hint]
# <go-min> is the `go` line of the module's go.mod; <hint> is printed after a missing/old Go error.
# GO_BIN_OVERRIDE names a go command to use instead of the one on PATH (a test sets it to `false`).
# Exit codes: 3 no usable Go toolchain; anything else from go itself.

go_build_module() {
  local label="$1" module="$2" version="$3" go_min="$4" package="$5" out_bin="$6"
  local tags="${7:-}" ldflags="${8:--s -w}" hint="${9:-}"
  local tool="${package##*/}"
  say() { printf '[ensure-%s] %s\n' "${tool}" "$*" >&2; }
  no_go() {
    say "ERROR: $1"
    say "To build ${label} from source, install Go >= ${go_min} (https://go.dev/dl/) and re-run this script${hint:+; ${hint}}."
    exit 3
  }

  local go_bin="${GO_BIN_OVERRIDE:-$(command -v go 2>/dev/null || true)}"
  [[ -z "${go_bin}" && -x /usr/local/go/bin/go ]] && go_bin=/usr/local/go/bin/go
  [[ -n "${go_bin}" ]] || no_go "no Go toolchain found (on PATH or at /usr/local/go/bin/go)."

  export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" # never download a toolchain
  export GOFLAGS="-mod=mod ${GOFLAGS:-}" CGO_ENABLED=0
  export GOWORK=off # a module zip may ship a go.work naming folders it lacks
  [[ -n "${HOME:-}" ]] || export HOME=/root

  local go_ver
  go_ver="$("${go_bin}" env GOVERSION 2>/dev/null)" || no_go "'${go_bin} env GOVERSION' failed: not a working Go toolchain."
  if [[ "${GOTOOLCHAIN}" == local && "${go_ver}" =~ ^go([0-9]+)\.([0-9]+)(\.([0-9]+))? ]]; then
    local have need r1 r2 r3
    have=$((BASH_REMATCH[1] * 10000 + BASH_REMATCH[2] * 100 + ${BASH_REMATCH[4]:-0}))
    IFS=. read -r r1 r2 r3 <<<"${go_min}"
    need=$((r1 * 10000 + r2 * 100 + ${r3:-0}))
    ((have >= need)) || no_go "${go_bin} is ${go_ver}, but ${label} needs go >= ${go_min} (or set GOTOOLCHAIN=auto)."
  fi

  say "building ${label} (Go module ${module}@${version}) once into ${out_bin}"
  say "with ${go_bin} (${go_ver}); this takes several minutes (download + compile)..."
  local work start
  work="$(mktemp -d "${TMPDIR:-/tmp}/ensure-${tool}.XXXXXX")"
  # shellcheck disable=SC2064 # expand now: the trap outlives this function's locals
  trap "chmod -R u+w '${work}' 2>/dev/null || true; rm -rf '${work}'" EXIT
  start=$(date +%s)

  say "step 1/3: downloading ${module}@${version} source..."
  local mod_dir
  mod_dir="$(cd "${work}" && "${go_bin}" mod download -json "${module}@${version}" |
    sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p')"
  if [[ -z "${mod_dir}" || ! -f "${mod_dir}/go.mod" ]]; then
    say "ERROR: go mod download did not yield a module directory; check that the Go module proxy is reachable (GOPROXY)."
    exit 1
  fi
  cp -R "${mod_dir}" "${work}/src"
  chmod -R u+w "${work}/src"

  say "step 2/3: downloading the modules ${package} depends on (first time only)..."
  (cd "${work}/src" && "${go_bin}" list ${tags:+-tags "${tags}"} -deps "${package}" >/dev/null)
  say "  ...dependencies ready after $(($(date +%s) - start))s"

  say "step 3/3: compiling ${package} (CGO_ENABLED=0, -trimpath${tags:+, -tags ${tags}}; the slow part)..."
  mkdir -p "$(dirname "${out_bin}")"
  (cd "${work}/src" && "${go_bin}" build -trimpath ${tags:+-tags "${tags}"} -ldflags "${ldflags}" \
    -o "${out_bin}.tmp.$$" "${package}")
  mv -f "${out_bin}.tmp.$$" "${out_bin}"
  say "built ${out_bin} ($(du -h "${out_bin}" | cut -f1)) in $(($(date +%s) - start))s"
}
