#!/bin/sh
# make demo: build and install outfall, then, in a throwaway PostgreSQL
# cluster, (1) import a sample of codes as county offices send them
# (demo/sample_codes.csv) and (2) generate a county's registry with
# test/generate/generate.sh, and print what an analyst would look at.
#
#   demo/run.sh            (as root, or with the packages already installed)
#   DEMO_COUNTY=652301 DEMO_SCALE=2000 DEMO_SEED=7 demo/run.sh
#
# Steps: tools/ensure_deps.sh, tools/build_install.sh, then in a cluster that
# pg_virtualenv creates and drops: schema.sql (CREATE EXTENSION, the demo's
# staging tables and per-row cast), load.sql (the import), summary.sql (its
# report); generate.sh (the registry of DEMO_COUNTY, default 黔江区 500114,
# DEMO_SCALE outfalls, default 1500); zones.sql (its priority zones and what
# they require); registry.sql (its report); check.sql
# (every code came out as the sample says and the registry keeps its rules,
# else fail).
set -eu
cd "$(dirname "$0")/.."

tools/ensure_deps.sh
tools/build_install.sh

# the version whose pg_config built the extension
PG_CONFIG=${PG_CONFIG:-pg_config}
pg_version=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')

county=${DEMO_COUNTY:-500114}
scale=${DEMO_SCALE:-1500}
seed=${DEMO_SEED:-2023}
printf '%s' "$county" | grep -Eq '^[0-9]{6}$' || { echo "DEMO_COUNTY must be a 6-digit county code" >&2; exit 2; }

# psql runs in demo/ so that \copy finds the CSV files
cd demo
export PGCLIENTENCODING=UTF8 DEMO_COUNTY="$county" DEMO_SCALE="$scale" DEMO_SEED="$seed"
# -t: the cluster goes in a temporary directory even as root
pg_virtualenv -t -v "$pg_version" -i '--encoding=UTF8 --locale=C.UTF-8' sh -ec '
    psql -X -q -v ON_ERROR_STOP=1 -f schema.sql -f load.sql -f summary.sql
    echo
    echo "Generating the registry of $DEMO_COUNTY: $DEMO_SCALE outfalls, seed $DEMO_SEED ..."
    ../test/generate/generate.sh --county "$DEMO_COUNTY" --scale "$DEMO_SCALE" --seed "$DEMO_SEED" --quiet
    psql -X -q -v ON_ERROR_STOP=1 -v demo_county="$DEMO_COUNTY" -f zones.sql -f registry.sql -f progress.sql -f targets.sql -f security.sql -f check.sql'
