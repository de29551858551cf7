#!/usr/bin/env sh
# Sourced by the other scripts: puts a Node >= 22.12 first on PATH.
# Uses the machine's node when it is new enough; otherwise the copy that
# scripts/setup.sh fetched from the npm registry into .tools/node.
FB_NODE_VERSION=24.21.0
FB_ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." 2>/dev/null && pwd || pwd)
[ -f "$FB_ROOT/package.json" ] || FB_ROOT=$(pwd)
FB_TOOLS_NODE="$FB_ROOT/.tools/node-v$FB_NODE_VERSION"

fb_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if [ -x "$FB_TOOLS_NODE/bin/node" ]; then
  PATH="$FB_TOOLS_NODE/bin:$PATH"; export PATH
fi

# Native modules must be built against the headers of the node that runs them,
# whatever a user-level ~/.npmrc says (nodedir). Called by setup.sh only.
fb_use_node_headers() {
  npm_config_nodedir=$(dirname "$(dirname "$(command -v node)")")
  if [ -f "$npm_config_nodedir/include/node/node.h" ]; then export npm_config_nodedir; else unset npm_config_nodedir; fi
}
