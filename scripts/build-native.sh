#!/usr/bin/env sh
# Builds the native modules from source for the Node on PATH (called by
# setup.sh after npm ci). better-sqlite3 and the serialport binding ship
# prebuilt binaries; ours are compiled here from their sources instead, and
# their loaders prefer build/Release. Both are Node-API addons: the same
# binary loads in Electron, so switching between npm test and npm start
# needs no rebuild. node-pty is compiled by its own install script.
set -eu
. "$(dirname -- "$0")/node-env.sh"
fb_use_node_headers
cd "$FB_ROOT"
gyp="$FB_ROOT/node_modules/.bin/node-gyp"
for package in better-sqlite3 @serialport/bindings-cpp; do
  if [ -f "node_modules/$package/build/Release/.built-for-$(node --version)" ]; then continue; fi
  echo "setup: compiling $package from source" >&2
  (cd "node_modules/$package" && "$gyp" rebuild --release --force_build=1 --jobs max >/dev/null 2>build-native.log) || {
    cat "node_modules/$package/build-native.log" >&2
    echo "setup: compiling $package failed (a C++ compiler, make and python3 are needed)" >&2
    exit 1
  }
  touch "node_modules/$package/build/Release/.built-for-$(node --version)"
done
