# Shared by scripts/run and scripts/test: install what is missing, then build.
# Sourced, not executed.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${TSUNAGARI_BUILD_DIR:-$ROOT/build}"

# Debian 12 packages the server needs to build and run.
BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache
  libboost1.81-dev libboost-json1.81-dev
  libsqlite3-dev libpq-dev libsodium-dev libssl-dev zlib1g-dev
  libspdlog-dev libfmt-dev libqrencode-dev libcli11-dev libtomlplusplus-dev
  libvips-dev libcurl4-openssl-dev libsimdjson-dev libmosquitto-dev mosquitto
  sqlite3 ca-certificates
)
# Extra packages for the tests: a PostgreSQL server for the store tests, oathtool for
# computing TOTP codes in shell checks, libgtest/gmock, clang for the libFuzzer targets, postfix
# for its smtp-sink (the e-mail tests' SMTP sink; the mail daemon itself is left unconfigured).
TEST_PACKAGES=(
  libgtest-dev libgmock-dev postgresql-15 postgresql-client-15 oathtool curl procps
  clang clang-format postfix
)

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the named Debian packages that are not installed yet.
ensure_packages() {
  local missing=()
  local p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing: ${missing[*]}"
    as_root apt-get update -qq
    if printf '%s\n' "${missing[@]}" | grep -qx postfix; then
      echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
}

# Configures (once) and builds the server and the tests.
build_server() {
  local type="${1:-Release}"
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    log "configuring ($type) in $BUILD_DIR"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$type" >/dev/null
  fi
  log "building"
  # Two parallel jobs: heavy translation units (Beast) need about 1 GB each.
  cmake --build "$BUILD_DIR" -j "${TSUNAGARI_JOBS:-$(nproc)}"
}

# Node.js 20.19 or newer for the front-end build (Vite 8). Machines that already have Node.js
# (e.g. from NodeSource, whose package provides npm itself) are used as they are.
ensure_node() {
  if ! command -v npm >/dev/null 2>&1; then
    ensure_packages nodejs npm
  fi
  local version
  version="$(node -p 'process.versions.node' 2>/dev/null || echo 0)"
  if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    echo "Node.js $version is too old: the front end needs 20.19 or newer" >&2
    return 1
  fi
}

# Builds the front end when it exists (npm ci with the committed lock file).
build_web() {
  if [ -f "$ROOT/web/package.json" ]; then
    ensure_node
    log "building the front end"
    (cd "$ROOT/web" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
  fi
}
