/*
 * parser_test.c
 *		The raw parsers of src/types/code_parse.c, outside the server, under
 *		AddressSanitizer and UBSan: known cases, random valid values through
 *		format -> parse, and random bytes (including malformed UTF-8) that
 *		must be refused or, if accepted, print canonically.
 *
 *	 cc -fsanitize=address,undefined -I../../src/types parser_test.c ../../src/types/code_parse.c
 *	 ./a.out [iterations]
 */
#include "code_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int	failures = 0;
static int	checks = 0;

#define CHECK(cond, ...) \
	do { \
		checks++; \
		if (!(cond) && ++failures <= 20) { \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
		} \
	} while (0)

/* xorshift: reproducible without libc's rand() differences */
static uint64_t rng_state = 88172645463325252ULL;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int
rng_below(int n)
{
	return (int) (rng() % (uint64_t) n);
}

static void
known_outfall(const char *input, const char *output, CodeErrorKind kind, int position)
{
	OutfallCode c;
	CodeError	err;
	char		buf[OUTFALL_CODE_BUFLEN];

	if (output)
	{
		CHECK(outfall_code_parse(input, &c, &err), "outfall \"%s\" refused (kind %d)", input, err.kind);
		outfall_code_format(&c, buf);
		CHECK(strcmp(buf, output) == 0, "outfall \"%s\" -> \"%s\", want \"%s\"", input, buf, output);
		CHECK(outfall_code_valid(&c), "outfall \"%s\" parsed to an invalid value", input);
	}
	else
	{
		CHECK(!outfall_code_parse(input, &c, &err), "outfall \"%s\" accepted", input);
		CHECK(err.kind == kind, "outfall \"%s\": kind %d, want %d", input, err.kind, kind);
		CHECK(err.position == position, "outfall \"%s\": position %d, want %d", input, err.position, position);
	}
}

static void
known_division(const char *input, const char *output, CodeErrorKind kind)
{
	DivisionCode d;
	CodeError	err;
	char		buf[DIVISION_BUFLEN];

	if (output)
	{
		CHECK(division_code_parse(input, &d, &err), "division \"%s\" refused", input);
		division_code_format(d, buf);
		CHECK(strcmp(buf, output) == 0, "division \"%s\" -> \"%s\", want \"%s\"", input, buf, output);
	}
	else
	{
		CHECK(!division_code_parse(input, &d, &err), "division \"%s\" accepted", input);
		CHECK(err.kind == kind, "division \"%s\": kind %d, want %d", input, err.kind, kind);
	}
}

static void
known_uscc(const char *input, const char *output, CodeErrorKind kind, char expected)
{
	Uscc		u;
	CodeError	err;
	char		buf[USCC_BUFLEN];

	if (output)
	{
		CHECK(uscc_parse(input, &u, &err), "uscc \"%s\" refused (kind %d)", input, err.kind);
		uscc_format(&u, buf);
		CHECK(strcmp(buf, output) == 0, "uscc \"%s\" -> \"%s\", want \"%s\"", input, buf, output);
		CHECK(uscc_valid(&u), "uscc \"%s\" parsed to an invalid value", input);
	}
	else
	{
		CHECK(!uscc_parse(input, &u, &err), "uscc \"%s\" accepted", input);
		CHECK(err.kind == kind, "uscc \"%s\": kind %d, want %d", input, err.kind, kind);
		if (kind == CODE_ERR_CHECK)
			CHECK(err.expected == expected, "uscc \"%s\": expected '%c', want '%c'", input, err.expected, expected);
	}
}

static void
known_cases(void)
{
	known_outfall("AP0100500114GY0001", "AP0100500114GY0001", 0, 0);
	known_outfall(" ap01-00 500114 gy-0001 ", "AP0100500114GY0001", 0, 0);
	known_outfall("\xEF\xBC\xA1\xEF\xBC\xB0" "0100500114GY0001", "AP0100500114GY0001", 0, 0);	/* ＡＰ */
	known_outfall("AP0100\xE3\x80\x80" "500114GY0001", "AP0100500114GY0001", 0, 0);	/* ideographic space */
	known_outfall("\xEF\xBB\xBF" "AP0100\xC2\xA0" "500114GY0001", "AP0100500114GY0001", 0, 0);	/* BOM, NBSP */
	known_outfall("A500114GY0001", "A500114GY0001", 0, 0);
	known_outfall("ZZZZZZZZZZZZ999999ZZ9999", "ZZZZZZZZZZZZ999999ZZ9999", 0, 0);
	known_outfall("AP0100500114GY0000", NULL, CODE_ERR_ZERO_SEQUENCE, 15);
	known_outfall("AP0100000114GY0001", NULL, CODE_ERR_ZERO_PROVINCE, 7);
	known_outfall("500114GY0001", NULL, CODE_ERR_LENGTH, 0);
	known_outfall("ABCDEFGHIJKLM500114GY0001", NULL, CODE_ERR_LENGTH, 0);
	known_outfall("AP01005001X4GY0001", NULL, CODE_ERR_SEGMENT_CHAR, 11);
	known_outfall("AP0100500114G10001", NULL, CODE_ERR_SEGMENT_CHAR, 14);
	known_outfall("AP01_0500114GY0001", NULL, CODE_ERR_CHAR, 5);
	known_outfall("AP01\xC3\xA9" "0500114GY0001", NULL, CODE_ERR_CHAR, 5);	/* é */
	/* overlong UTF-8 of a full-width letter and of ASCII digits is malformed, not folded */
	known_outfall("\xF0\x8F\xBC\xA1" "P0100500114GY0001", NULL, CODE_ERR_CHAR, 1);
	known_division("50\xF0\x82\x80\x80" "01", NULL, CODE_ERR_CHAR);
	known_division("50\xE0\x80\xB0" "01", NULL, CODE_ERR_CHAR);
	known_outfall("AP01\xC3", NULL, CODE_ERR_CHAR, 5);	/* truncated UTF-8 */
	known_outfall("AP01\x80\x80", NULL, CODE_ERR_CHAR, 5);	/* stray continuation bytes */
	known_outfall("", NULL, CODE_ERR_EMPTY, 0);
	known_outfall(" -\t- ", NULL, CODE_ERR_EMPTY, 0);

	known_division("50", "50", 0);
	known_division("500000", "50", 0);
	known_division("500100", "5001", 0);
	known_division("500114001000", "500114001", 0);
	known_division("441900003", "441900003", 0);
	known_division("500", NULL, CODE_ERR_LENGTH);
	known_division("00", NULL, CODE_ERR_ZERO_PROVINCE);
	known_division("5a", NULL, CODE_ERR_CHAR);
	known_division("", NULL, CODE_ERR_EMPTY);

	known_uscc("91130200699229617X", "91130200699229617X", 0, 0);
	known_uscc("911302307808371268", "911302307808371268", 0, 0);
	known_uscc("91130200699229617x", "91130200699229617X", 0, 0);
	known_uscc("91130200699229617Y", NULL, CODE_ERR_CHECK, 'X');
	known_uscc("911302307808371260", NULL, CODE_ERR_CHECK, '8');
	known_uscc("9113020069922961OX", NULL, CODE_ERR_CHAR, 0);
	known_uscc("91A30200699229617X", NULL, CODE_ERR_SEGMENT_CHAR, 0);
	known_uscc("9113020069922961", NULL, CODE_ERR_LENGTH, 0);
}

/* Random valid values: build text, parse, format, parse again. */
static void
random_valid(int iterations)
{
	static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	static const char uscc_alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	int			i;

	for (i = 0; i < iterations; i++)
	{
		char		text[64];
		char		buf[64];
		int			n = 0;
		int			w = 1 + rng_below(12);
		int			j;
		OutfallCode c1,
					c2;
		Uscc		u1,
					u2;
		DivisionCode d1,
					d2;
		CodeError	err;

		for (j = 0; j < w; j++)
			text[n++] = alnum[rng_below(36)];
		n += sprintf(text + n, "%06d", 10000 + rng_below(990000));
		text[n++] = (char) ('A' + rng_below(26));
		text[n++] = (char) ('A' + rng_below(26));
		n += sprintf(text + n, "%04d", 1 + rng_below(9999));
		CHECK(outfall_code_parse(text, &c1, &err), "valid outfall \"%s\" refused", text);
		outfall_code_format(&c1, buf);
		CHECK(strcmp(buf, text) == 0, "outfall \"%s\" printed as \"%s\"", text, buf);
		CHECK(outfall_code_parse(buf, &c2, &err) && outfall_code_cmp(&c1, &c2) == 0,
			  "outfall \"%s\" does not survive format -> parse", text);

		/* USCC: find the check character by trying all 31 */
		for (j = 0; j < 17; j++)
			text[j] = (j >= 2 && j < 8) ? (char) ('0' + rng_below(10)) : uscc_alpha[rng_below(31)];
		text[18] = '\0';
		for (j = 0; j < 31; j++)
		{
			text[17] = uscc_alpha[j];
			if (uscc_parse(text, &u1, &err))
				break;
			CHECK(err.kind == CODE_ERR_CHECK, "uscc \"%s\": kind %d, want a check error", text, err.kind);
		}
		CHECK(j < 31, "uscc \"%.17s\": no check character accepted", text);
		if (j < 31)
		{
			uscc_format(&u1, buf);
			CHECK(strcmp(buf, text) == 0, "uscc \"%s\" printed as \"%s\"", text, buf);
			CHECK(uscc_parse(buf, &u2, &err) && uscc_cmp(&u1, &u2) == 0, "uscc round trip");
		}

		n = sprintf(text, "%02d", 1 + rng_below(99));
		w = (int[]) {0, 2, 4, 7, 10}[rng_below(5)];
		for (j = 0; j < w; j++)
			text[n++] = (char) ('0' + rng_below(10));
		text[n] = '\0';
		CHECK(division_code_parse(text, &d1, &err), "division \"%s\" refused", text);
		division_code_format(d1, buf);
		CHECK(division_code_parse(buf, &d2, &err) && d1 == d2, "division \"%s\" round trip", text);
		CHECK(strncmp(buf, text, strlen(buf)) == 0, "division \"%s\" printed as \"%s\"", text, buf);
	}
}

/* Random bytes, biased towards characters the parsers care about. */
static void
random_garbage(int iterations)
{
	static const char *pieces[] = {
		"0", "9", "A", "Z", "a", "z", "I", "O", " ", "-", "\t", "#", "_",
		"\xEF\xBC\xA1", "\xEF\xBC\x91", "\xE3\x80\x80", "\xE2\x80\x94", "\xE4\xB8\xAD",
		"\xC3", "\x80", "\xFF", "\xF0\x9F\x98\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80"
	};
	int			i;

	for (i = 0; i < iterations; i++)
	{
		char		text[256];
		char		buf[64];
		int			n = 0;
		int			len = rng_below(40);
		int			j;
		OutfallCode c;
		Uscc		u;
		DivisionCode d;
		CodeError	err;

		for (j = 0; j < len; j++)
		{
			const char *p = pieces[rng_below(sizeof(pieces) / sizeof(pieces[0]))];

			if (rng_below(4) == 0)
				text[n++] = (char) (1 + rng_below(255));
			else
			{
				memcpy(text + n, p, strlen(p));
				n += (int) strlen(p);
			}
		}
		text[n] = '\0';

		if (outfall_code_parse(text, &c, &err))
		{
			CHECK(outfall_code_valid(&c), "garbage accepted as invalid outfall value");
			outfall_code_format(&c, buf);
			CHECK(outfall_code_parse(buf, &c, &err), "accepted garbage does not print canonically");
		}
		else
			CHECK(err.kind != CODE_OK && err.position >= 0 && err.position <= n + 1,
				  "outfall refusal without a reason");
		if (uscc_parse(text, &u, &err))
			CHECK(uscc_valid(&u), "garbage accepted as invalid uscc value");
		else
			CHECK(err.kind != CODE_OK, "uscc refusal without a reason");
		if (division_code_parse(text, &d, &err))
			CHECK(division_code_valid(d), "garbage accepted as invalid division value");
		else
			CHECK(err.kind != CODE_OK, "division refusal without a reason");
	}
}

int
main(int argc, char **argv)
{
	int			iterations = argc > 1 ? atoi(argv[1]) : 200000;

	known_cases();
	random_valid(iterations);
	random_garbage(iterations);
	printf("parser_test: %d checks, %d failed\n", checks, failures);
	return failures == 0 ? 0 : 1;
}
