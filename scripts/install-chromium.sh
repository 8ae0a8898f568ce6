#!/bin/sh
# Installs Debian's Chromium for the browser tests, where this machine allows it.
set -e
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "error: the browser tests need Chromium. Install it (Debian: sudo apt-get install chromium)" >&2
echo "       or set CHROMIUM_PATH to a Chromium or Chrome executable." >&2
exit 1
