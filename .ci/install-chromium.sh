#!/usr/bin/env bash
# Install Debian's Chromium (driven by Python Playwright in the browser tests)
# plus a font that shapes Arabic. Idempotent: does nothing when it is already there.
# Never downloads a Playwright browser build; only Debian packages.
set -euo pipefail

CHROMIUM_BIN=/usr/bin/chromium
PACKAGES=(chromium fonts-dejavu-core)

if [[ -x "$CHROMIUM_BIN" ]]; then
    echo "install-chromium: $CHROMIUM_BIN already present, nothing to do"
    exit 0
fi

SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"

"$CHROMIUM_BIN" --version
