#!/usr/bin/env bash
# Installs code-server (VS Code in a browser, from the npm registry) into a cache folder
# outside the repo, for the offline VS Code tests (test/vscode, test/e2e).
# Idempotent: a marker file makes a second run instant. Nothing is downloaded except npm
# packages: the install scripts that would fetch binaries are skipped and replaced
# (Debian's ripgrep, native modules rebuilt locally with node-gyp).
# Needs scripts/install-debian-deps.sh first (libkrb5-dev, ripgrep, a C++ toolchain).
#   NNSPEC_CODE_SERVER_DIR  cache folder (default $HOME/.cache/nnspec-code-server)
#   FORCE=1                 reinstall even if the marker is present
set -euo pipefail

VERSION=4.100.3
DIR="${NNSPEC_CODE_SERVER_DIR:-$HOME/.cache/nnspec-code-server}"
CS="$DIR/node_modules/code-server"
VSC="$CS/lib/vscode"
MARKER="$DIR/.nnspec-installed-$VERSION"

# Native modules code-server needs on Linux; each must exist after the install.
required_binaries() {
  cat <<EOF
$VSC/node_modules/node-pty/build/Release/pty.node
$VSC/node_modules/@vscode/spdlog/build/Release/spdlog.node
$VSC/node_modules/native-watchdog/build/Release/watchdog.node
$VSC/node_modules/kerberos/build/Release/kerberos.node
$VSC/node_modules/@parcel/watcher-linux-x64-glibc/watcher.node
$VSC/node_modules/@vscode/ripgrep/bin/rg
$DIR/node_modules/argon2/lib/binding/napi-v3/argon2.node
EOF
}

check_install() {
  local ok=0 f
  [ -f "$CS/out/node/entry.js" ] || { echo "missing: $CS/out/node/entry.js" >&2; ok=1; }
  while read -r f; do
    [ -e "$f" ] || { echo "missing: $f" >&2; ok=1; }
  done < <(required_binaries)
  return $ok
}

if [ "${FORCE:-0}" != 1 ] && [ -f "$MARKER" ] && check_install 2>/dev/null; then
  echo "install-code-server: code-server $VERSION already in $DIR"
  exit 0
fi

if [ "$(node -p 'process.versions.node.split(".")[0]')" != 20 ]; then
  echo "install-code-server: code-server $VERSION needs Node 20, found $(node -v)" >&2
  exit 1
fi
for tool in rg g++ make python3; do
  command -v "$tool" >/dev/null || { echo "install-code-server: '$tool' missing; run scripts/install-debian-deps.sh" >&2; exit 1; }
done

start=$(date +%s)
step() { echo "install-code-server: [$(( $(date +%s) - start ))s] $*"; }

rm -f "$DIR"/.nnspec-installed-*
mkdir -p "$DIR"
export npm_config_yes=true          # node-pty's install script runs `npx node-gyp`
# node-gyp builds against the running Node's own headers when they are installed (Debian's nodejs
# has them under /usr/include/node); without a nodedir it would download them, and this machine
# cannot. Set here too, not only in ~/.npmrc, so a fresh home folder builds as well.
if [ -z "${npm_config_nodedir:-}" ] && [ "$(npm config get nodedir 2>/dev/null)" = "undefined" -o -z "$(npm config get nodedir 2>/dev/null)" ]; then
  node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  if [ -f "$node_prefix/include/node/node.h" ]; then
    export npm_config_nodedir="$node_prefix"
    step "building native modules against the Node headers in $node_prefix/include/node"
  fi
fi
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

step "npm install code-server@$VERSION (scripts skipped)"
npm install --prefix "$DIR" --ignore-scripts "code-server@$VERSION" </dev/null

step "lib/vscode: npm install --omit=dev (scripts skipped)"
(cd "$VSC" && npm install --omit=dev --ignore-scripts </dev/null)

step "lib/vscode: ripgrep from Debian (its install script would download it)"
mkdir -p "$VSC/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$VSC/node_modules/@vscode/ripgrep/bin/rg"

step "lib/vscode: npm rebuild (native modules, ~1 min)"
(cd "$VSC" && npm rebuild </dev/null)

step "lib/vscode: links made by code-server's postinstall.sh"
ln -sfn node_modules "$VSC/node_modules.asar"
ln -sfn code-linux.sh "$VSC/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$VSC/bin/helpers/browser.sh"

step "lib/vscode/extensions: npm install --omit=dev"
(cd "$VSC/extensions" && npm install --omit=dev </dev/null)

step "npm rebuild argon2"
(cd "$DIR" && npm rebuild argon2 </dev/null)

if ! check_install; then
  echo "install-code-server: install incomplete (a native module did not build; see above)" >&2
  exit 1
fi
node "$CS/out/node/entry.js" --version >/dev/null
touch "$MARKER"
step "done: code-server $VERSION in $DIR"
