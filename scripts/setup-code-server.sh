#!/usr/bin/env bash
# Installs code-server (VS Code OSS server + web workbench) into .vscode-test/, the way @vscode/test-electron
# caches a desktop VS Code. Idempotent: a finished install is reused. Needs: node, npm, and the apt packages
# chromium ripgrep libkrb5-dev pkg-config (scripts/setup-apt.sh installs them).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CS_VERSION=${CS_VERSION:-4.100.3}
DEST="$ROOT/.vscode-test/code-server-$CS_VERSION"
if [ -x "$DEST/node_modules/.bin/code-server" ] && [ -f "$DEST/.complete" ]; then
  echo "code-server $CS_VERSION: cached in $DEST"; exit 0
fi
rm -rf "$DEST"; mkdir -p "$DEST"
# @vscode/ripgrep (pinned by code-server) downloads rg from GitHub, which is unreachable: seed its cache with Debian's rg.
export TMPDIR="$ROOT/.vscode-test/tmp"
RGC="$TMPDIR/vscode-ripgrep-cache-1.15.11"; mkdir -p "$RGC" "$ROOT/.vscode-test/rg"
RG=$(command -v rg || true)
if [ -z "$RG" ]; then echo "ripgrep is missing: run scripts/setup-apt.sh (apt-get install ripgrep)" >&2; exit 1; fi
cp "$RG" "$ROOT/.vscode-test/rg/rg"
tar czf "$RGC/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$ROOT/.vscode-test/rg" rg
cd "$DEST"
echo '{"name":"code-server-cache","private":true}' > package.json
echo "code-server $CS_VERSION: installing into $DEST (about 90 s; log in $DEST/install.log)"
if ! npm_config_yes=true npm_config_nodedir=/usr npm_config_unsafe_perm=true \
  npm install --no-audit --no-fund --foreground-scripts --dangerously-allow-all-scripts "code-server@$CS_VERSION" > install.log 2>&1; then
  # older npm clients do not know --allow-scripts
  npm_config_yes=true npm_config_nodedir=/usr npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --foreground-scripts "code-server@$CS_VERSION" > install.log 2>&1 || { tail -40 install.log >&2; exit 1; }
fi
"$DEST/node_modules/.bin/code-server" --version
touch "$DEST/.complete"
