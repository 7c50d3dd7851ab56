#!/bin/sh
# The test command (README.md; .ci/run calls it): installs what is missing,
# builds, runs every suite and ends with the line "N passed, M failed".
#
#   Suites: pg_regress (sql/, expected/) in a throwaway cluster, the scripts
#   that need a cluster (test/upgrade, test/dump, test/concurrency, test/doc,
#   test/zones, test/gis), and those that do not (test/parser, test/reference).
#   Each pg_regress file and each script counts as one test.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
export OUTFALL_TEST_RESULTS="$results"

record() {  # record <name> <ok|FAILED>
    echo "$2 $1" >> "$results/list"
}

run_script() {  # run_script <path>: one test, passed when it exits 0
    name=${1#test/}
    echo "--- $name"
    if "$root/$1" > "$results/out" 2>&1; then
        tail -n 1 "$results/out"
        record "$name" ok
    else
        cat "$results/out"
        record "$name" FAILED
    fi
}

echo "=== dependencies"
# sqlsmith and clang (libFuzzer) for the hardening tests
if ! tools/ensure_deps.sh --node sqlsmith clang libclang-rt-14-dev; then
    echo "0 passed, 1 failed"
    exit 1
fi
echo "=== build and install"
if ! tools/build_install.sh; then
    record build FAILED
    echo "1 failed: the extension does not build"
    echo "0 passed, 1 failed"
    exit 1
fi
record build ok

echo "=== tests without a server"
run_script test/parser/run.sh
run_script test/reference/division_data_current.sh
for t in test/fuzz/parsers.sh test/crash/*.sh; do
    [ -f "$t" ] && run_script "$t"
done

echo "=== tests against a throwaway cluster (pg_virtualenv)"
# runs in the cluster's environment; appends to $results/list
cat > "$results/in_cluster.sh" <<'INNER'
#!/bin/sh
set -u
cd "$OUTFALL_ROOT"
make -s installcheck > "$OUTFALL_TEST_RESULTS/regress.out" 2>&1
cat "$OUTFALL_TEST_RESULTS/regress.out"
sed -n 's/^\(test \| *\)\([a-z_0-9]*\) *\.\.\. \(ok\|FAILED\|failed\).*/\3 regress\/\2/p' \
    "$OUTFALL_TEST_RESULTS/regress.out" | sed 's/^failed/FAILED/' >> "$OUTFALL_TEST_RESULTS/list"
if [ -f build/regress/regression.diffs ] && [ -s build/regress/regression.diffs ]; then
    head -n 200 build/regress/regression.diffs
fi
for t in test/upgrade/*.sh test/dump/*.sh test/concurrency/*.sh test/doc/*.sh test/zones/*.sh test/gis/*.sh \
         test/fuzz/sql_bytes.sh test/sqlsmith/*.sh test/security/*.sh; do
    [ -f "$t" ] || continue
    name=${t#test/}
    echo "--- $name"
    if "./$t" > "$OUTFALL_TEST_RESULTS/out" 2>&1; then
        tail -n 1 "$OUTFALL_TEST_RESULTS/out"
        echo "ok $name" >> "$OUTFALL_TEST_RESULTS/list"
    else
        cat "$OUTFALL_TEST_RESULTS/out"
        echo "FAILED $name" >> "$OUTFALL_TEST_RESULTS/list"
    fi
done
INNER
chmod +x "$results/in_cluster.sh"
before=$(wc -l < "$results/list")
if ! OUTFALL_ROOT="$root" pg_virtualenv -t "$results/in_cluster.sh"; then
    echo "pg_virtualenv could not run the cluster tests"
fi
after=$(wc -l < "$results/list")
if [ "$after" -le "$before" ]; then
    record cluster FAILED
fi

echo "=== summary"
grep '^FAILED' "$results/list" | sed 's/^FAILED /failed: /'
passed=$(grep -c '^ok ' "$results/list")
failed=$(grep -c '^FAILED ' "$results/list")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
