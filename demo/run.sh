#!/bin/sh
# make demo: build and install outfall, then import a sample of codes as
# county offices send them (demo/sample_codes.csv) into a throwaway
# PostgreSQL cluster and print what an analyst would look at.
#
#   demo/run.sh            (as root, or with the packages already installed)
#
# Steps: tools/ensure_deps.sh, tools/build_install.sh, then in a cluster that
# pg_virtualenv creates and drops: schema.sql (CREATE EXTENSION, the demo's
# staging tables and per-row cast), load.sql (the import), summary.sql (the
# report) and check.sql (every row came out as the sample says, else fail).
set -eu
cd "$(dirname "$0")/.."

tools/ensure_deps.sh
tools/build_install.sh

# the version whose pg_config built the extension
PG_CONFIG=${PG_CONFIG:-pg_config}
pg_version=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')

# psql runs in demo/ so that \copy finds the CSV files
cd demo
export PGCLIENTENCODING=UTF8
# -t: the cluster goes in a temporary directory even as root
pg_virtualenv -t -v "$pg_version" -i '--encoding=UTF8 --locale=C.UTF-8' \
    psql -X -q -v ON_ERROR_STOP=1 \
        -f schema.sql -f load.sql -f summary.sql -f check.sql
