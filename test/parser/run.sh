#!/bin/sh
# The raw parsers outside the server, under AddressSanitizer and UBSan.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src="$here/../../src/types"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
${CC:-gcc} -std=gnu99 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined -fno-sanitize-recover=all \
    -I"$src" "$here/parser_test.c" "$src/code_parse.c" -o "$out/parser_test"
"$out/parser_test" "${PARSER_TEST_ITERATIONS:-200000}"
