#!/bin/sh
# Fuzzes the raw parsers of the three code types outside the server, with
# libFuzzer under AddressSanitizer and UBSan (fuzz_parsers.c says what each
# input is checked for): outfall_code (with the constructor's water body and
# type parsers), division_code and uscc, each for FUZZ_SECONDS.  Fails on any
# crash, leak, sanitizer report or broken invariant, and prints the input.
#
#   test/fuzz/parsers.sh                     # 30 s a target, about 2 minutes in all
#   FUZZ_SECONDS=600 test/fuzz/parsers.sh    # the long run, before a release
#   FUZZ_TARGETS="uscc" FUZZ_SECONDS=60 test/fuzz/parsers.sh
#
# Other settings: FUZZ_MAX_LEN (input bytes, default 512: past the 64 code
# characters the parser keeps, in 4-byte characters too), FUZZ_STRICT_UTF8=0
# (do not require input that is not valid UTF-8 to be refused — overlong forms,
# surrogates; the server never passes such input, but the raw parsers refuse it), FUZZ_KEEP=dir (keep the corpora and any crash there),
# FUZZ_SRC=dir (fuzz the sources in dir instead of src/types).
#
# The seed corpus is made at each run from the codes in the regression tests
# (sql/*.sql) and the sample survey sheet (test/data), plus a few spellings
# staff use that those lack (full-width, ideographic space, BOM, em dash).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
src=${FUZZ_SRC:-"$root/src/types"}  # a modified copy may be fuzzed instead
seconds=${FUZZ_SECONDS:-30}
max_len=${FUZZ_MAX_LEN:-512}
targets=${FUZZ_TARGETS:-"outfall_code division_code uscc"}
cc=${CC:-clang}
case "$cc" in *clang*) ;; *) cc=clang ;; esac   # libFuzzer is clang's

if [ -n "${FUZZ_KEEP:-}" ]; then
    work=$FUZZ_KEEP
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

# --- build: the parsers, code_error.c with elog stubbed, one binary a target
cflags="-std=gnu99 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined -fno-sanitize-recover=all"
pgflags="-I$(pg_config --includedir-server) -Wno-ignored-attributes"  # PG's headers name gcc's gnu_printf
strict=
[ "${FUZZ_STRICT_UTF8:-1}" = 1 ] && strict=-DFUZZ_STRICT_UTF8
$cc $cflags -fsanitize=fuzzer-no-link -I"$src" -c "$src/code_parse.c" -o "$work/code_parse.o"
$cc $cflags -fsanitize=fuzzer-no-link $pgflags -I"$src" -c "$src/code_error.c" -o "$work/code_error.o"
$cc $cflags -fsanitize=fuzzer-no-link $pgflags -I"$src" -I"$here" -c "$here/report_stub.c" -o "$work/report_stub.o"
number=1
for t in outfall_code division_code uscc; do
    $cc $cflags -fsanitize=fuzzer -DFUZZ_TARGET=$number $strict -I"$src" -I"$here" \
        "$here/fuzz_parsers.c" "$work/code_parse.o" "$work/code_error.o" "$work/report_stub.o" \
        -o "$work/fuzz_$t"
    number=$((number + 1))
done

# --- seeds
seed() {  # seed <type>: one file per line of stdin, at most 60
    mkdir -p "$work/corpus_$1"
    i=0
    while IFS= read -r line && [ $i -lt 60 ]; do
        printf '%s' "$line" > "$work/corpus_$1/seed_$i"
        i=$((i + 1))
    done
}
literals() {  # the string literals cast to a type in the regression tests
    sed -n "s/.*'\([^']*\)'::\(outfall\.\)\{0,1\}$1\b.*/\1/p" "$root"/sql/*.sql
}
survey_column() {  # a column of the sample survey sheet, header skipped
    tail -n +2 "$root/test/data/survey_example.csv" | cut -d, -f"$1" | grep .
}
{
    literals outfall_code
    grep -ohE '\b[0-9A-Z]{1,12}[0-9]{6}[A-Z]{2}[0-9]{4}\b' "$root"/sql/*.sql "$root"/test/data/* || true
    survey_column 4
    printf 'ap01-00 500114 gy-0001\n'
    printf '\357\274\241\357\274\260\357\274\220100500114GY0001\n'     # ＡＰ０ full-width
    printf '\357\273\277AP0100\343\200\200500114\342\200\224GY0001\n'  # BOM, ideographic space, em dash
} | sort -u | seed outfall_code
{
    literals division_code
    survey_column 5
    printf '50 01 14\n500114\342\200\220001\n\357\274\225\357\274\220\n'  # hyphen U+2010, full-width ５０
} | sort -u | seed division_code
{
    literals uscc
    survey_column 13
    grep -ohE '\b[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}\b' "$root"/sql/*.sql || true
    printf '91130200-699229617x\n\357\274\231\357\274\22130200699229617X\n'
} | sort -u | seed uscc

# byte sequences of the folded forms, so mutations reach them sooner
cat > "$work/dict" <<'DICT'
"\xEF\xBC"
"\xEF\xBD"
"\xE3\x80\x80"
"\xC2\xA0"
"\xEF\xBB\xBF"
"\xE2\x80\x94"
"\xE2\x88\x92"
"\xE2\x80\x8B"
"500114"
"GY"
"0001"
DICT

# --- run
summary=
crashes=0
for t in $targets; do
    [ -x "$work/fuzz_$t" ] || { echo "no target $t" >&2; exit 2; }
    log="$work/log_$t"
    mkdir -p "$work/artifacts_$t"
    status=0
    "$work/fuzz_$t" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
        -use_value_profile=1 -dict="$work/dict" -print_final_stats=1 \
        -artifact_prefix="$work/artifacts_$t/" "$work/corpus_$t" > "$log" 2>&1 || status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    counts=$(sed -n "s/^fuzz_parsers $t: \([0-9]*\) accepted.*/\1/p" "$log" | tail -n 1)
    if [ "$status" -ne 0 ] || [ -z "$execs" ] ||
       grep -aqE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:|deadly signal|^  input: ' "$log"; then
        crashes=$((crashes + 1))
        echo "=== $t FAILED (exit $status); the end of libFuzzer's output:"
        grep -av '^#[0-9]' "$log" | tail -n 60
        for a in "$work/artifacts_$t"/*; do
            [ -f "$a" ] || continue
            echo "--- input $(basename "$a")${FUZZ_KEEP:+ (kept in $a)}:"
            od -An -c "$a" | head -n 20
        done
    fi
    echo "$t: ${execs:-0} executions, ${counts:-0} accepted, $(ls "$work/corpus_$t" | wc -l) corpus files"
    summary="$summary${summary:+, }$t $(printf '%s' "${execs:-0}" | sed ':a;s/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/;ta') execs"
done
echo "fuzz: $summary; $crashes crashes"
[ "$crashes" -eq 0 ]
