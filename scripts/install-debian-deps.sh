#!/usr/bin/env bash
# Installs the Debian packages the VS Code (code-server) and e2e tests need:
# libkrb5-dev and a C++ toolchain (native modules of code-server are built here),
# ripgrep (code-server's search binary), chromium (the browser playwright-core drives),
# fonts (readable screenshots), python3-torch and python3-onnx (the exports are checked in real PyTorch and
# by the onnx checker in the unit tests), libopenblas0-pthread (the BLAS PyTorch is usually installed with:
# without it Debian's torch loads the reference libblas, several times slower, and `npm run bench` would
# compare the engine with an unusually slow PyTorch). Quick no-op when everything is already present.
# Runs `apt-get update` only when something is missing, unless APT_UPDATE=1 forces it.
set -euo pipefail

PACKAGES=(libkrb5-dev ripgrep chromium fonts-dejavu-core fonts-liberation python3 make g++ python3-torch python3-onnx libopenblas0-pthread)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-debian-deps: all present (${PACKAGES[*]})"
  exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

echo "install-debian-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" </dev/null
echo "install-debian-deps: done"
