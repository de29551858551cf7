#!/usr/bin/env sh
# Runs a command with the project's Node first on PATH (see node-env.sh).
. "$(dirname -- "$0")/node-env.sh"
if ! fb_node_ok; then
  echo "factory-bench needs Node >= 22.12 (found $(node --version 2>/dev/null || echo none)); run: npm run setup" >&2
  exit 1
fi
exec "$@"
