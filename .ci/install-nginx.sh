#!/usr/bin/env bash
# Install Debian's nginx, which tests/faults/test_two_processes.py runs (as the test's own
# user, with its own paths) in front of two gunicorn processes, using
# config/nginx/workspace.conf. Idempotent: does nothing when it is already there.
# Never starts the system service.
set -euo pipefail

NGINX_BIN=/usr/sbin/nginx
PACKAGES=(nginx)

if [[ -x "$NGINX_BIN" ]]; then
    echo "install-nginx: $NGINX_BIN already present, nothing to do"
    exit 0
fi

SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
    SUDO="sudo"
fi

# The package would start the system service on port 80; the test needs none of it.
POLICY=/usr/sbin/policy-rc.d
if [[ ! -e "$POLICY" ]]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
    $SUDO chmod +x "$POLICY"
    trap '$SUDO rm -f "$POLICY"' EXIT
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"

"$NGINX_BIN" -v
