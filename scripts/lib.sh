# shellcheck shell=bash
# Shared helpers for scripts/*. Source it: `source "$(dirname "$0")/lib.sh"`.
# Every ensure_* function is idempotent: it does nothing when the tool is
# already present in the right version.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

TRUNK_VERSION="0.21.14"
# wasm-split-cli (crate wasm_split_cli_support): splits the wasm at its lazy routes
# (scripts/split-wasm). The same version cargo-leptos uses with Leptos 0.8.
WASM_SPLIT_VERSION="0.2.4"
BINARYEN_VERSION="132"
CHROMIUM_BIN="/usr/bin/chromium"
CHROMEDRIVER_BIN="/usr/bin/chromedriver"
WASM_TARGET="wasm32-unknown-unknown"
export CHROMIUM_BIN CHROMEDRIVER_BIN

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) PATH="$CARGO_BIN:$PATH" ;; esac
case ":$PATH:" in *":$ROOT/node_modules/.bin:"*) ;; *) PATH="$ROOT/node_modules/.bin:$PATH" ;; esac
export PATH

# ---------------------------------------------------------------- logging
if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  _c_blue=$'\e[34m'; _c_yellow=$'\e[33m'; _c_red=$'\e[31m'; _c_green=$'\e[32m'; _c_off=$'\e[0m'
else
  _c_blue=""; _c_yellow=""; _c_red=""; _c_green=""; _c_off=""
fi
log()  { printf '%s==>%s %s\n' "$_c_blue" "$_c_off" "$*"; }
ok()   { printf '%s ok%s %s\n' "$_c_green" "$_c_off" "$*"; }
warn() { printf '%swarn:%s %s\n' "$_c_yellow" "$_c_off" "$*" >&2; }
die()  { printf '%serror:%s %s\n' "$_c_red" "$_c_off" "$*" >&2; exit 1; }

have() { command -v "$1" >/dev/null 2>&1; }

# Run as root, or through sudo when available.
as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then "$@"
  elif have sudo; then sudo "$@"
  else die "need root for: $*"
  fi
}

# ---------------------------------------------------------------- versions
# The wasm-bindgen version locked in Cargo.lock (e.g. 0.2.130).
wasm_bindgen_version() {
  awk '
    $0 == "[[package]]" { name = "" }
    /^name = / { gsub(/"/, "", $3); name = $3 }
    /^version = / && name == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
  ' "$ROOT/Cargo.lock"
}

# Wait while another `cargo install NAME` runs (e.g. started in another shell),
# so that we never run two installs of the same tool at once.
wait_for_cargo_install() {
  local name="$1" waited=0
  while pgrep -f "cargo install ${name}( |$)" >/dev/null 2>&1; do
    if (( waited % 60 == 0 )); then
      log "another 'cargo install $name' is running; waiting for it (${waited}s so far)"
    fi
    sleep 10; waited=$((waited + 10))
    (( waited > 3600 )) && die "gave up waiting for 'cargo install $name'"
  done
  return 0
}

# ---------------------------------------------------------------- ensure_*
ensure_rust_target() {
  have cargo || die "cargo not found: install rustup (https://rustup.rs) first"
  if (cd "$ROOT" && rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"); then
    ok "rust target $WASM_TARGET"
  else
    log "adding rust target $WASM_TARGET"
    (cd "$ROOT" && rustup target add "$WASM_TARGET")
  fi
}

# The standard library's source and the crates it depends on: the release wasm builds std
# with the app (cargo's build-std, scripts/build), offline like the rest of the build.
ensure_std_source() {
  if (cd "$ROOT" && rustup component list --installed 2>/dev/null | grep -q '^rust-src'); then
    ok "rust-src"
  else
    log "adding the rust-src component"
    (cd "$ROOT" && rustup component add rust-src)
  fi
  local library
  library="$(cd "$ROOT" && rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
  [[ -f "$library" ]] || die "rust-src is installed but $library is missing"
  # The library's manifest uses a cargo feature of its own: RUSTC_BOOTSTRAP lets the pinned
  # stable cargo read it, as it does for the build (scripts/build).
  if (cd "$ROOT" && RUSTC_BOOTSTRAP=1 cargo fetch --offline --manifest-path "$library" >/dev/null 2>&1); then
    ok "the standard library's dependencies"
  else
    log "fetching the standard library's dependencies"
    (cd "$ROOT" && RUSTC_BOOTSTRAP=1 cargo fetch --manifest-path "$library")
  fi
}

trunk_installed_version() {
  have trunk && trunk --version 2>/dev/null | awk '{print $2}'
}

ensure_trunk() {
  if [[ "$(trunk_installed_version || true)" != "$TRUNK_VERSION" ]]; then
    wait_for_cargo_install trunk
  fi
  if [[ "$(trunk_installed_version || true)" == "$TRUNK_VERSION" ]]; then
    ok "trunk $TRUNK_VERSION"
    return 0
  fi
  log "installing trunk $TRUNK_VERSION (takes ~10 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
  [[ "$(trunk_installed_version)" == "$TRUNK_VERSION" ]] || die "trunk $TRUNK_VERSION not on PATH after install"
}

wasm_bindgen_installed_version() {
  have wasm-bindgen && wasm-bindgen --version 2>/dev/null | awk '{print $2}'
}

ensure_wasm_bindgen() {
  local want
  want="$(wasm_bindgen_version)"
  [[ -n "$want" ]] || die "wasm-bindgen not found in Cargo.lock"
  if [[ "$(wasm_bindgen_installed_version || true)" != "$want" ]]; then
    wait_for_cargo_install wasm-bindgen-cli
  fi
  if [[ "$(wasm_bindgen_installed_version || true)" == "$want" ]] && have wasm-bindgen-test-runner; then
    ok "wasm-bindgen-cli $want"
  else
    log "installing wasm-bindgen-cli $want (matches Cargo.lock; takes a few minutes)"
    # Not --locked: the CLI's own lockfile pins are not needed here.
    cargo install wasm-bindgen-cli --version "$want"
    [[ "$(wasm_bindgen_installed_version)" == "$want" ]] || die "wasm-bindgen $want not on PATH after install"
  fi
  if ! grep -q "^wasm_bindgen = \"$want\"" "$ROOT/Trunk.toml"; then
    die "Trunk.toml [tools] wasm_bindgen must be \"$want\" (the version in Cargo.lock)"
  fi
}

wasm_split_installed() {
  have wasm-split-cli &&
    cargo install --list 2>/dev/null | grep -q "^wasm_split_cli_support v${WASM_SPLIT_VERSION}:"
}

ensure_wasm_split() {
  if ! wasm_split_installed; then
    wait_for_cargo_install wasm_split_cli_support
  fi
  if wasm_split_installed; then
    ok "wasm-split-cli $WASM_SPLIT_VERSION"
    return
  fi
  log "installing wasm-split-cli $WASM_SPLIT_VERSION (takes a few minutes)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
  wasm_split_installed || die "wasm-split-cli $WASM_SPLIT_VERSION not on PATH after install"
}

APT_UPDATED=""
apt_install() {
  if [[ -z "$APT_UPDATED" ]]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

ensure_node() {
  if have node && have npm; then
    ok "node $(node --version), npm $(npm --version)"
  else
    apt_install nodejs npm
  fi
}

# npm ci in DIR (relative to the root; "." for the root) when DIR/node_modules is missing or
# older than DIR/package.json or DIR/package-lock.json.
npm_ci_if_stale() {
  local dir="$ROOT/$1" name="${1#.}"
  name="${name#/}"; name="${name:+$name/}node_modules"
  local stamp="$dir/node_modules/.package-lock.json"
  if [[ -f "$stamp" && ! "$dir/package-lock.json" -nt "$stamp" && ! "$dir/package.json" -nt "$stamp" ]]; then
    ok "$name up to date"
  else
    log "npm ci ($name)"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    touch "$stamp"
  fi
}

# npm ci when node_modules is missing or older than package-lock.json.
# Never downloads browsers: Playwright uses Debian's chromium.
ensure_node_modules() {
  ensure_node
  npm_ci_if_stale .
  local v
  v="$("$ROOT/node_modules/.bin/wasm-opt" --version 2>/dev/null | awk '{print $3}')"
  [[ "$v" == "$BINARYEN_VERSION" ]] || die "wasm-opt version '$v' from node_modules, expected $BINARYEN_VERSION"
  ok "wasm-opt $v (binaryen)"
}

# The benchmark's own package (bench/package.json: Lighthouse), kept out of the root one so
# that CI does not install it: npm ci --prefix bench when bench/node_modules is missing or
# older than bench/package-lock.json.
ensure_bench_node_modules() {
  ensure_node
  npm_ci_if_stale bench
}

ensure_chromium() {
  local missing=()
  [[ -x "$CHROMIUM_BIN" ]] || missing+=(chromium)
  [[ -x "$CHROMEDRIVER_BIN" ]] || missing+=(chromium-driver)
  if (( ${#missing[@]} )); then
    apt_install "${missing[@]}"
  fi
  ok "chromium + chromedriver"
}

# Everything `scripts/build` needs.
# Perl with Digest::SHA: scripts/postbuild hashes the inline loader for the CSP with it.
ensure_perl() {
  if perl -MDigest::SHA -MMIME::Base64 -e1 >/dev/null 2>&1; then
    ok "perl with Digest::SHA"
  else
    apt_install perl
  fi
}

ensure_build_tools() {
  ensure_perl
  ensure_rust_target
  ensure_std_source
  ensure_node_modules
  ensure_trunk
  ensure_wasm_bindgen
  ensure_wasm_split
  # scripts/prerender.mjs draws each page in headless Chromium for its HTML.
  ensure_chromium
}

# Everything `scripts/test` needs.
ensure_all_tools() {
  ensure_build_tools
}

# Seconds since epoch, for timing.
now() { date +%s; }
