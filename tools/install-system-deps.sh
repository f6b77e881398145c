#!/usr/bin/env bash
# Debian packages the test suite uses: a PostgreSQL server (store tests start their own on a private
# loopback port) and Chromium (the browser test drives /usr/bin/chromium through Playwright; a browser
# is never downloaded). Installed only when missing, only as root with apt-get; otherwise the tests
# that need them skip with a message saying what is missing.
set -euo pipefail
need=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "note: ${need[*]} missing and cannot be installed here (needs root and apt-get); those tests will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
