#!/usr/bin/env bash
# Installs what the test suite needs from the system: Dovecot (real IMAP), Chromium (real
# browser) and axe-core (npm, for accessibility checks). Idempotent; does nothing when all are
# present. Needs root (or sudo) only when something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(npm)

if ((${#need[@]})); then
  echo "installing system packages: ${need[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "error: need root to install ${need[*]} (apt-get); install them and re-run" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian starts the packaged dovecot service; the tests run their own throwaway instance.
  $sudo systemctl disable --now dovecot >/dev/null 2>&1 || true
fi

if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --silent --no-audit --no-fund >/dev/null 2>&1 || npm install --silent --no-audit --no-fund >/dev/null
fi
