#!/usr/bin/env bash
# Installs the Debian 12 packages khabar builds, runs and tests with.
# Only what is missing is installed; nothing is downloaded at build time.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-dev
  libsqlite3-dev
  libicu-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  libkainjow-mustache-dev
  libtoml11-dev libyaml-cpp-dev
  nlohmann-json3-dev
  libcli11-dev
  libspdlog-dev libfmt-dev
  zlib1g-dev
  libxml2-dev
  libgtest-dev libgmock-dev
  tzdata
  curl
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "deps.sh: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
