#!/usr/bin/env bash
# Makes sure Debian's rsyslog (rsyslogd) and the openssl CLI are installed, for the syslog listener
# tests (src/listeners/rsyslog.integration.test.ts starts its own rsyslogd; the TLS tests make a
# throwaway certificate with openssl). Installs with apt-get when running as root; otherwise prints
# how to install and exits non-zero. The package's service is never started: the tests run rsyslogd
# themselves with their own configuration.
set -euo pipefail

missing=()
if ! command -v rsyslogd >/dev/null 2>&1 && [ ! -x /usr/sbin/rsyslogd ]; then missing+=(rsyslog); fi
if ! command -v openssl >/dev/null 2>&1; then missing+=(openssl); fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-rsyslog: missing ${missing[*]}." >&2
  echo "  install it with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

# Keep the package's postinst from starting the system rsyslog service (it would take /dev/log and
# write to /var/log): Debian's policy-rc.d hook, added only for this install when none is present.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi

echo "ensure-rsyslog: installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

if ! command -v rsyslogd >/dev/null 2>&1 && [ ! -x /usr/sbin/rsyslogd ]; then
  echo "ensure-rsyslog: rsyslog was installed but rsyslogd is not on PATH or in /usr/sbin" >&2
  exit 1
fi
