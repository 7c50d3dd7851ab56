#!/bin/sh
# Generate a realistic outfall registry into a database with the extension.
#
#   test/generate/generate.sh [--scale N] [--seed S] [--province CODE | --city CODE | --county CODE]
#                             [--until YYYY-MM-DD] [--keep] [--quiet] [-d DBNAME]
#
#   --scale N      outfalls to generate (default 1000)
#   --seed S       any text; the same seed gives the same registry (default 1)
#   --province, --city, --county CODE
#                  where: the counties of that division (GB/T 2260 code).
#                  Without one, whole provinces in an order the seed sets,
#                  about one county per 350 outfalls.
#   --until DATE   the last month of the history (default 2025-09-30); the
#                  ledger runs from January 2021 to that month
#   --keep         keep the generator's working schema outfall_gen
#   --quiet        no progress lines (one per year written) on stderr
#   -d DBNAME      the database (default: PGDATABASE, as psql takes it)
#
# The database must have an empty registry (outfall.outfall, outfall.party,
# outfall.water_body); CREATE EXTENSION outfall CASCADE is run if needed.
# See test/generate/README.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

scale=1000 seed=1 scope= until=2025-09-30 keep=off quiet=off db=
usage() { sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; }
die() { echo "generate.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
        --scale) [ $# -ge 2 ] || die "$1 needs a value"; scale=$2; shift 2 ;;
        --seed) [ $# -ge 2 ] || die "$1 needs a value"; seed=$2; shift 2 ;;
        --province|--city|--county)
            [ $# -ge 2 ] || die "$1 needs a value"
            [ -z "$scope" ] || die "give one of --province, --city, --county"
            case $1 in --province) len=2 ;; --city) len=4 ;; --county) len=6 ;; esac
            printf '%s' "$2" | grep -Eq "^[0-9]{$len}\$" || die "$1 takes a $len-digit division code, not '$2'"
            scope=$2; shift 2 ;;
        --until) [ $# -ge 2 ] || die "$1 needs a value"; until=$2; shift 2 ;;
        --keep) keep=on; shift ;;
        --quiet) quiet=on; shift ;;
        -d|--dbname) [ $# -ge 2 ] || die "$1 needs a value"; db=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
printf '%s' "$scale" | grep -Eq '^[1-9][0-9]{0,7}$' || die "--scale takes a number of outfalls, not '$scale'"
[ -n "$seed" ] || die "--seed must not be empty"

export PGCLIENTENCODING=UTF8
set -- -X -q -v ON_ERROR_STOP=1
[ -z "$db" ] || set -- "$@" -d "$db"

start=$(date +%s)
psql "$@" -v scale="$scale" -v seed="$seed" -v scope="$scope" -v until="$until" -v keep="$keep" -v quiet="$quiet" \
     -f "$here/generate.sql"
[ "$quiet" = on ] || echo "generate.sh: $(( $(date +%s) - start )) s" >&2
