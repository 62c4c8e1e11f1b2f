#!/usr/bin/env bash
# Makes sure Debian's Chromium (/usr/bin/chromium) is installed, for the console's browser tests
# (test/browser/ drives it with playwright-core; no browser is downloaded by npm). Installs it
# with apt-get when running as root; otherwise prints how to install and exits non-zero.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing." >&2
  echo "  install it with: sudo apt-get update && sudo apt-get install -y chromium" >&2
  exit 1
fi

echo "ensure-chromium: installing chromium with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: chromium was installed but $CHROMIUM is not there" >&2
  exit 1
fi
