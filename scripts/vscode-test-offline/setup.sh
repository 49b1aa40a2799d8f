#!/usr/bin/env bash
# Installs the offline VS Code test harness into scripts/vscode-test-offline/node_modules (idempotent).
# code-server 4.100.3 = VS Code 1.100.3; its postinstall insists on Node 20 (4.103+ need Node 22).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" = 20 ] || { echo "setup.sh: code-server 4.100.3 needs Node 20 (have $(node -v))" >&2; exit 1; }

# System packages: headless browser, gssapi headers for the kerberos addon, ripgrep (see below).
need=()
for p in chromium ripgrep libkrb5-dev python3 make g++; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ -f "$here/node_modules/.install-ok" ] && [ -x "$here/node_modules/.bin/code-server" ]; then
  echo "setup.sh: harness already installed"; exit 0
fi

# @vscode/ripgrep's postinstall downloads rg from GitHub (no internet here). It first looks in
# $TMPDIR/vscode-ripgrep-cache-<pkgver>/<asset>, so seed that cache with Debian's rg.
tmp="$here/.tmp"; rm -rf "$tmp"; mkdir -p "$tmp/vscode-ripgrep-cache-1.15.11" "$tmp/rg"
cp /usr/bin/rg "$tmp/rg/rg"
tar czf "$tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$tmp/rg" rg

cd "$here"
# npm_config_unsafe_perm: code-server's postinstall refuses to run as root without it.
# npm_config_yes: node-pty's postinstall runs `npx node-gyp ...` which otherwise aborts without a TTY.
TMPDIR="$tmp" npm_config_unsafe_perm=true npm_config_yes=true \
  npm ci --foreground-scripts --no-audit --no-fund --loglevel=error > "$tmp/install.log" 2>&1 \
  || { tail -50 "$tmp/install.log"; exit 1; }
touch node_modules/.install-ok
echo "setup.sh: installed code-server $(node -p "require('./node_modules/code-server/package.json').version")"
