#!/bin/sh
# Installs what building and testing outfall needs, when it is missing:
# Debian packages through apt-get (as root), nothing else.  Safe to re-run.
#
#   tools/ensure_deps.sh [--node] [extra-package ...]
#
# --node: also node and npm (for regenerating the division data), from
# Debian's nodejs and npm unless some node and npm are already on PATH.
set -eu

with_node=false
if [ "${1:-}" = "--node" ]; then
    with_node=true
    shift
fi
packages="postgresql-15 postgresql-server-dev-15 postgresql-15-postgis-3 postgresql-contrib
libicu-dev pkg-config make gcc gdal-bin $*"
if $with_node && ! { command -v node && command -v npm; } >/dev/null 2>&1; then
    packages="$packages nodejs npm"
fi

missing=""
for p in $packages; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done

if [ -n "$missing" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "outfall needs these Debian packages:$missing" >&2
        echo "run as root, or: sudo apt-get install$missing" >&2
        exit 1
    fi
    echo "installing:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    # a fresh machine has no package lists yet
    if ! apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1; then
        apt-get update -q >/dev/null
        apt-get install -y -q --no-install-recommends $missing >/dev/null
    fi
fi

# the Debian package creates and starts a "main" cluster; outfall uses
# throwaway clusters (pg_virtualenv) and leaves that one alone.
exit 0
