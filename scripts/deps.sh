#!/usr/bin/env bash
# Installs the Debian 12 packages khabar builds, runs and tests with.
# Only what is missing is installed; nothing is downloaded at build time.
#
#   scripts/deps.sh           build, run and test
#   scripts/deps.sh --bench   also nginx (nginx-light), bench/run.sh's
#                             static-file yardstick (wrk, which the soak test
#                             runs, is always installed)
#   scripts/deps.sh --sanitize  also clang 16 and its sanitizer and libFuzzer
#                             runtimes (`make test SANITIZE=...`, `make fuzz`);
#                             Debian's default clang 14 cannot compile
#                             libstdc++ 12's std::expected
set -euo pipefail

bench=false
sanitize=false
for arg in "$@"; do
  case $arg in
    --bench) bench=true ;;
    --sanitize) sanitize=true ;;
    *)
      echo "deps.sh: unknown option $arg (known: --bench, --sanitize)" >&2
      exit 2
      ;;
  esac
done

packages=(
  build-essential cmake ninja-build pkg-config
  ccache
  libboost-dev
  libsqlite3-dev
  libpq-dev postgresql
  varnish
  libicu-dev
  libmd4c-dev libmd4c-html0-dev
  libkainjow-mustache-dev
  libtoml11-dev libyaml-cpp-dev
  nlohmann-json3-dev
  libcli11-dev
  libspdlog-dev libfmt-dev
  zlib1g-dev libbrotli-dev
  libxml2-dev
  libvips-dev
  libsodium-dev
  libdtl-dev
  libgtest-dev libgmock-dev
  tzdata
  curl
  wrk
  chromium fonts-liberation
  # Noto Nastaliq Urdu and Noto Naskh Arabic: the default theme serves them
  # from [theme] fonts_dir for right-to-left editions (never copied into
  # the repository).
  fonts-noto-core
)

# Browser tests run under Node.js. A machine may already have a newer node
# and npm from elsewhere; Debian's are installed only when the commands are
# missing, so they never replace it.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

if $bench; then
  packages+=(nginx-light)
fi
if $sanitize; then
  packages+=(clang-16 libclang-rt-16-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "deps.sh: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The browser tests' one npm package, playwright-core, at the version in
# tests/browser/package-lock.json. It drives Debian's /usr/bin/chromium and
# never downloads a browser of its own.
browser_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/browser"
if [ ! -d "$browser_dir/node_modules/playwright-core" ]; then
  echo "deps.sh: npm ci in tests/browser" >&2
  (cd "$browser_dir" &&
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
