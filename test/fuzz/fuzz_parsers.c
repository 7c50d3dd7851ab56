/*
 * fuzz_parsers.c
 *		libFuzzer harness for the raw parsers of src/types/code_parse.c and
 *		the error report of src/types/code_error.c, built outside the server
 *		under AddressSanitizer and UBSan by test/fuzz/parsers.sh.  One target
 *		per build:
 *
 *		  -DFUZZ_TARGET=1	outfall_code, and the water body and type parsers
 *							of the constructor outfall_code(water, division, type, seq)
 *		  -DFUZZ_TARGET=2	division_code
 *		  -DFUZZ_TARGET=3	uscc
 *
 * The input is taken up to its first NUL, as the server hands a cstring to
 * the type's input function.  For every input:
 *
 *	- accepted: the value is valid, formats to canonical characters of the
 *	  layout, parses back to the same bytes (equality and hashing compare the
 *	  bytes) and formats the same again, and orders against fixed values as
 *	  doc/outfall.md says (division codes: descendants fill [code, code + span));
 *	- refused: the report the server would send (code_error.c, with elog
 *	  stubbed by report_stub.c) has SQLSTATE 22P02, quotes the input, and is
 *	  valid UTF-8 when the input is;
 *	- valid UTF-8 (all the server ever passes): accepted or refused, the error
 *	  kind, position, segment, character and canonical text agree with a small
 *	  model of the documented rules (code_parse.c's header, doc/outfall.md).
 *
 * A disagreement prints the input and aborts, and libFuzzer saves it.
 * -DFUZZ_STRICT_UTF8 also requires input that is not valid UTF-8 to be
 * refused (the server rejects such text before the parser sees it).
 */
#include "code_parse.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_stub.h"

#ifndef FUZZ_TARGET
#error "build with -DFUZZ_TARGET=1 (outfall_code), 2 (division_code) or 3 (uscc)"
#endif

static const char *const target_names[] = {"", "outfall_code", "division_code", "uscc"};

static const char *current_input;

/* inputs accepted and refused, printed at exit for parsers.sh */
static unsigned long n_accepted;
static unsigned long n_refused;

static void
print_counts(void)
{
	fprintf(stderr, "fuzz_parsers %s: %lu accepted, %lu refused\n",
			target_names[FUZZ_TARGET], n_accepted, n_refused);
}

static void
print_escaped(const char *s)
{
	const unsigned char *p;

	fputc('"', stderr);
	for (p = (const unsigned char *) s; *p; p++)
	{
		if (*p == '"' || *p == '\\')
			fprintf(stderr, "\\%c", *p);
		else if (*p >= 0x20 && *p < 0x7F)
			fputc(*p, stderr);
		else
			fprintf(stderr, "\\x%02X", *p);
	}
	fputc('"', stderr);
}

__attribute__((format(printf, 1, 2), noreturn))
static void
fail(const char *fmt,...)
{
	va_list		ap;

	fprintf(stderr, "\nfuzz_parsers %s: ", target_names[FUZZ_TARGET]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n  input: ");
	print_escaped(current_input);
	fputc('\n', stderr);
	abort();
}

/* helpers that not every target uses */
#define maybe_unused __attribute__((unused))

#define REQUIRE(cond, ...) do { if (!(cond)) fail(__VA_ARGS__); } while (0)

static int maybe_unused
sign(int v)
{
	return (v > 0) - (v < 0);
}

/* ------------------------------------------------------------------------
 * The model: UTF-8 decoded strictly, as PostgreSQL accepts it, and folded
 * as documented.
 * ------------------------------------------------------------------------
 */

#define FOLD_SEPARATOR (-1)

/* Length of the character at s, 0 at the end, -1 if it is not valid UTF-8. */
static int
utf8_decode(const unsigned char *s, unsigned int *cp)
{
	int			len;
	int			i;
	unsigned int min;

	if (s[0] == 0)
		return 0;
	if (s[0] < 0x80)
	{
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, min = 0x80, *cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, min = 0x800, *cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, min = 0x10000, *cp = s[0] & 0x07;
	else
		return -1;
	for (i = 1; i < len; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return -1;
	return len;
}

static int
utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *) s;
	unsigned int cp;
	int			len;

	while ((len = utf8_decode(p, &cp)) > 0)
		p += len;
	return len == 0;
}

/*
 * What a code point stands for: FOLD_SEPARATOR, the upper-case ASCII
 * character it is read as, or 0 for a character with no ASCII reading.
 */
static int
fold(unsigned int cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)	/* full-width forms of ASCII */
		cp -= 0xFEE0;
	if (cp < 0x80)
	{
		if (cp == ' ' || cp == '-' || cp == '\t' || cp == '\n' || cp == '\r' ||
			cp == '\v' || cp == '\f')
			return FOLD_SEPARATOR;
		if (cp >= 'a' && cp <= 'z')
			return (int) (cp - 'a' + 'A');
		return (int) cp;
	}
	/* no-break, ideographic and typographic spaces, byte order mark */
	if (cp == 0x00A0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) ||
		cp == 0x202F || cp == 0x205F || cp == 0xFEFF)
		return FOLD_SEPARATOR;
	/* hyphens, dashes, minus sign */
	if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
		return FOLD_SEPARATOR;
	return 0;
}

typedef struct Folded
{
	int			n;				/* code characters, separators dropped */
	char	   *c;				/* their ASCII reading, 0 if none */
	int		   *pos;			/* 1-based character position in the input */
	const char **raw;			/* the character as typed */
	int		   *rawlen;
} Folded;

/* Fold valid UTF-8 input; the arrays hold one entry per byte at most. */
static void
fold_input(const char *s, Folded *f)
{
	size_t		bytes = strlen(s) + 1;
	const unsigned char *p = (const unsigned char *) s;
	unsigned int cp;
	int			len;
	int			position = 0;

	f->n = 0;
	f->c = malloc(bytes);
	f->pos = malloc(bytes * sizeof(int));
	f->raw = malloc(bytes * sizeof(char *));
	f->rawlen = malloc(bytes * sizeof(int));
	while ((len = utf8_decode(p, &cp)) > 0)
	{
		int			a = fold(cp);

		position++;
		if (a != FOLD_SEPARATOR)
		{
			f->c[f->n] = (char) a;
			f->pos[f->n] = position;
			f->raw[f->n] = (const char *) p;
			f->rawlen[f->n] = len;
			f->n++;
		}
		p += len;
	}
}

static void
free_folded(Folded *f)
{
	free(f->c);
	free(f->pos);
	free(f->raw);
	free(f->rawlen);
}

static int maybe_unused
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int maybe_unused
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int maybe_unused
is_alnum(char c)
{
	return is_digit(c) || is_upper(c);
}

/* What the parser should say about an input. */
typedef struct Expected
{
	CodeErrorKind kind;			/* CODE_OK when accepted */
	int			index;			/* code character the error points at, or -1 */
	int			segment;		/* CodeSegment, or -1 where it is a guess */
	char		check;			/* CODE_ERR_CHECK: the right check character */
	char		canonical[64];	/* accepted: the output */
} Expected;

static int
expect_error(Expected *e, CodeErrorKind kind, int index, int segment)
{
	e->kind = kind;
	e->index = index;
	e->segment = segment;
	return 0;
}

/* index of the first character "allowed" refuses, or -1 */
static int
first_refused(const Folded *f, int (*allowed) (char))
{
	int			i;

	for (i = 0; i < f->n; i++)
		if (f->c[i] == 0 || !allowed(f->c[i]))
			return i;
	return -1;
}

/* Compare the parser's CodeError with the model's. */
static void
compare_error(const CodeError *err, const Expected *e, const Folded *f)
{
	REQUIRE(err->kind == e->kind, "error kind %d, the rules give %d", err->kind, e->kind);
	REQUIRE(err->length == f->n, "error length %d, the input has %d code characters",
			err->length, f->n);
	if (e->segment >= 0)
		REQUIRE((int) err->segment == e->segment, "error segment %d, the rules give %d",
				err->segment, e->segment);
	if (e->index >= 0)
	{
		int			len = f->rawlen[e->index];

		REQUIRE(err->position == f->pos[e->index], "error position %d, the rules give %d",
				err->position, f->pos[e->index]);
		REQUIRE((int) strlen(err->found) == len &&
				memcmp(err->found, f->raw[e->index], len) == 0,
				"error names character \"%s\", not the one at position %d",
				err->found, f->pos[e->index]);
	}
	else
		REQUIRE(err->position == 0 && err->found[0] == '\0',
				"error points at position %d (\"%s\"), the rules point nowhere",
				err->position, err->found);
	if (e->kind == CODE_ERR_CHECK)
		REQUIRE(err->expected == e->check, "check character '%c' expected, the rules give '%c'",
				err->expected, e->check);
	if (f->n < (int) sizeof(err->normalized))
	{
		char		normalized[sizeof(err->normalized)];

		memcpy(normalized, f->c, f->n);
		normalized[f->n] = '\0';
		REQUIRE(strcmp(err->normalized, normalized) == 0,
				"error reads the code as \"%s\", the rules as \"%s\"",
				err->normalized, normalized);
	}
}

static void
check_report(int type, const char *s, const CodeError *err)
{
	StubReport *r = malloc(sizeof(StubReport));

	stub_report_code_error(type, s, err, r);
	REQUIRE(r->finished, "the error report never reached errfinish");
	REQUIRE(r->sqlstate == stub_invalid_text_representation(),
			"the error report has SQLSTATE code %d, not 22P02", r->sqlstate);
	if (strlen(s) < REPORT_TEXT_LEN / 4)
	{
		REQUIRE(!r->truncated, "the error report did not fit %d bytes", REPORT_TEXT_LEN);
		REQUIRE(strstr(r->message, s) != NULL, "the message does not quote the input: %s",
				r->message);
	}
	REQUIRE(r->detail[0] != '\0' && r->hint[0] != '\0', "the report lacks a detail or a hint");
	if (utf8_valid(s))
		REQUIRE(utf8_valid(r->message) && utf8_valid(r->detail) && utf8_valid(r->hint),
				"the report of valid UTF-8 input is not valid UTF-8: %s / %s",
				r->message, r->detail);
	free(r);
}

/* ------------------------------------------------------------------------
 * outfall_code
 * ------------------------------------------------------------------------
 */
#if FUZZ_TARGET == 1

/* fixed values to order against */
static const char *const outfall_refs[] = {
	"0500114GY0001", "9999999ZZ9999", "A500114GY0001", "AP01500114AA0001",
	"AP0100500114GY0001", "AP0100500114GY0002", "AP0100500115AA0001",
	"AP01000500114GY0001", "AP01Z500114GY0001", "ZZZZZZZZZZZZ999999ZZ9999",
};

/* doc/outfall.md: by water body code (as text), then division, type, sequence */
static int
outfall_text_order(const char *a, const char *b)
{
	size_t		la = strlen(a) - 12;
	size_t		lb = strlen(b) - 12;
	char		wa[OUTFALL_CODE_BUFLEN];
	char		wb[OUTFALL_CODE_BUFLEN];
	int			c;

	memcpy(wa, a, la);
	wa[la] = '\0';
	memcpy(wb, b, lb);
	wb[lb] = '\0';
	c = strcmp(wa, wb);
	return c != 0 ? sign(c) : sign(strcmp(a + la, b + lb));
}

static int
model_outfall(const Folded *f, Expected *e)
{
	int			bad = first_refused(f, is_alnum);
	int			w = f->n - 12;
	int			i;

	if (f->n == 0)
		return expect_error(e, CODE_ERR_EMPTY, -1, SEG_NONE);
	if (bad >= 0)
		return expect_error(e, CODE_ERR_CHAR, bad, -1);
	if (f->n < 13 || f->n > 24)
		return expect_error(e, CODE_ERR_LENGTH, -1,
							f->n == 12 || f->n > 24 ? SEG_WATER : SEG_NONE);
	for (i = w; i < w + 6; i++)
		if (!is_digit(f->c[i]))
			return expect_error(e, CODE_ERR_SEGMENT_CHAR, i, SEG_DIVISION);
	for (i = w + 6; i < w + 8; i++)
		if (!is_upper(f->c[i]))
			return expect_error(e, CODE_ERR_SEGMENT_CHAR, i, SEG_TYPE);
	for (i = w + 8; i < w + 12; i++)
		if (!is_digit(f->c[i]))
			return expect_error(e, CODE_ERR_SEGMENT_CHAR, i, SEG_SEQUENCE);
	if (memcmp(f->c + w, "00", 2) == 0)
		return expect_error(e, CODE_ERR_ZERO_PROVINCE, w, SEG_DIVISION);
	if (memcmp(f->c + w + 8, "0000", 4) == 0)
		return expect_error(e, CODE_ERR_ZERO_SEQUENCE, w + 8, SEG_SEQUENCE);
	e->kind = CODE_OK;
	memcpy(e->canonical, f->c, f->n);
	e->canonical[f->n] = '\0';
	return 0;
}

static void
check_outfall_value(const OutfallCode *v)
{
	char		buf[OUTFALL_CODE_BUFLEN];
	char		again[OUTFALL_CODE_BUFLEN];
	char		water[OUTFALL_WATER_MAXLEN + 1];
	OutfallCode back;
	CodeError	err;
	int			n;
	int			w;
	int			i;
	size_t		r;

	REQUIRE(outfall_code_valid(v), "accepted value is not valid");
	n = outfall_code_format(v, buf);
	REQUIRE(n == (int) strlen(buf) && n >= OUTFALL_CODE_MINLEN && n <= OUTFALL_CODE_MAXLEN,
			"formats to %d characters \"%s\"", n, buf);
	w = n - 12;
	for (i = 0; i < n; i++)
		REQUIRE(i < w ? is_alnum(buf[i]) :
				i < w + 6 ? is_digit(buf[i]) :
				i < w + 8 ? is_upper(buf[i]) : is_digit(buf[i]),
				"formats to \"%s\", not canonical at %d", buf, i + 1);
	REQUIRE(outfall_code_water_format(v->water, water) == w && memcmp(water, buf, w) == 0,
			"water body code \"%s\" is not the head of \"%s\"", water, buf);
	REQUIRE(outfall_code_parse(buf, &back, &err), "output \"%s\" is refused (kind %d)",
			buf, err.kind);
	REQUIRE(memcmp(v, &back, sizeof(OutfallCode)) == 0 && outfall_code_cmp(v, &back) == 0,
			"output \"%s\" parses to another value", buf);
	outfall_code_format(&back, again);
	REQUIRE(strcmp(buf, again) == 0, "formats as \"%s\", then as \"%s\"", buf, again);

	for (r = 0; r < sizeof(outfall_refs) / sizeof(outfall_refs[0]); r++)
	{
		OutfallCode ref;

		if (!outfall_code_parse(outfall_refs[r], &ref, &err))
			abort();
		REQUIRE(sign(outfall_code_cmp(v, &ref)) == outfall_text_order(buf, outfall_refs[r]),
				"\"%s\" orders wrongly against \"%s\"", buf, outfall_refs[r]);
	}
}

/* The constructor's parts: water body code alone, type letters alone. */
static void
check_constructor_parts(const char *s, const Folded *f)
{
	uint64_t	water;
	CodeError	err;
	int			water_ok = outfall_water_encode(s, &water, &err);
	int			type = outfall_type_encode(s);

	if (water_ok)
	{
		char		buf[OUTFALL_WATER_MAXLEN + 1];
		uint64_t	again;
		int			n = outfall_code_water_format(water, buf);

		REQUIRE(n >= 1 && n <= OUTFALL_WATER_MAXLEN, "water body code formats to %d characters", n);
		REQUIRE(outfall_water_encode(buf, &again, &err) && again == water,
				"water body code \"%s\" does not read back", buf);
	}
	if (type >= 0)
		REQUIRE(type < 26 * 26, "type letters encode to %d", type);
#ifdef FUZZ_STRICT_UTF8
	if (f == NULL)
		REQUIRE(!water_ok && type < 0, "invalid UTF-8 accepted as a water body or type code");
#endif
	if (f == NULL)
		return;

	/* the rules: 1-12 letters or digits; exactly two letters */
	{
		int			water_rule = f->n >= 1 && f->n <= OUTFALL_WATER_MAXLEN &&
			first_refused(f, is_alnum) < 0;
		int			type_rule = f->n == 2 && first_refused(f, is_upper) < 0;

		REQUIRE(water_ok == water_rule, "water body code %s, the rules %s it",
				water_ok ? "accepted" : "refused", water_rule ? "accept" : "refuse");
		REQUIRE((type >= 0) == type_rule, "type letters %s, the rules %s them",
				type >= 0 ? "accepted" : "refused", type_rule ? "accept" : "refuse");
		if (water_ok)
		{
			char		buf[OUTFALL_WATER_MAXLEN + 1];

			outfall_code_water_format(water, buf);
			REQUIRE((int) strlen(buf) == f->n && memcmp(buf, f->c, f->n) == 0,
					"water body code reads as \"%s\"", buf);
		}
		if (type >= 0)
			REQUIRE(type == (f->c[0] - 'A') * 26 + (f->c[1] - 'A'), "type letters encode to %d", type);
	}
}

static void
fuzz_one(const char *s)
{
	OutfallCode v;
	CodeError	err;
	int			ok = outfall_code_parse(s, &v, &err);
	int			valid = utf8_valid(s);
	Folded		f;

	if (ok)
	{
		n_accepted++;
		check_outfall_value(&v);
	}
	else
	{
		n_refused++;
		check_report(0, s, &err);
	}
#ifdef FUZZ_STRICT_UTF8
	REQUIRE(valid || !ok, "invalid UTF-8 accepted");
#endif
	if (!valid)
	{
		check_constructor_parts(s, NULL);
		return;
	}
	fold_input(s, &f);
	{
		Expected	e;

		model_outfall(&f, &e);
		if (ok)
		{
			char		buf[OUTFALL_CODE_BUFLEN];

			REQUIRE(e.kind == CODE_OK, "accepted, the rules refuse it (kind %d)", e.kind);
			outfall_code_format(&v, buf);
			REQUIRE(strcmp(buf, e.canonical) == 0, "accepted as \"%s\", the rules read \"%s\"",
					buf, e.canonical);
		}
		else
		{
			REQUIRE(e.kind != CODE_OK, "refused (kind %d), the rules accept \"%s\"",
					err.kind, e.canonical);
			compare_error(&err, &e, &f);
		}
	}
	check_constructor_parts(s, &f);
	free_folded(&f);
}

/* ------------------------------------------------------------------------
 * division_code
 * ------------------------------------------------------------------------
 */
#elif FUZZ_TARGET == 2

static int
is_digit_allowed(char c)
{
	return is_digit(c);
}

static int
model_division(const Folded *f, Expected *e)
{
	static const int lengths[] = {2, 4, 6, 9, 12};
	int			bad = first_refused(f, is_digit_allowed);
	char		padded[13];
	int			i;

	if (f->n == 0)
		return expect_error(e, CODE_ERR_EMPTY, -1, SEG_NONE);
	if (bad >= 0)
		return expect_error(e, CODE_ERR_CHAR, bad, SEG_NONE);
	if (f->n != 2 && f->n != 4 && f->n != 6 && f->n != 9 && f->n != 12)
		return expect_error(e, CODE_ERR_LENGTH, -1, SEG_NONE);
	if (memcmp(f->c, "00", 2) == 0)
		return expect_error(e, CODE_ERR_ZERO_PROVINCE, 0, SEG_NONE);
	/* the shortest level whose padding is all the zeros at the end */
	memset(padded, '0', 12);
	memcpy(padded, f->c, f->n);
	padded[12] = '\0';
	for (i = 0; i < 5; i++)
		if (strspn(padded + lengths[i], "0") == (size_t) (12 - lengths[i]))
			break;
	e->kind = CODE_OK;
	memcpy(e->canonical, padded, lengths[i]);
	e->canonical[lengths[i]] = '\0';
	return 0;
}

static void
check_division_value(DivisionCode v)
{
	static const int digits[] = {0, 2, 4, 6, 9, 12};
	char		buf[DIVISION_BUFLEN];
	DivisionCode back;
	CodeError	err;
	int			level = division_code_level(v);
	int			n;
	int			l;

	REQUIRE(division_code_valid(v), "accepted value %lld is not valid", (long long) v);
	REQUIRE(level >= DIVISION_LEVEL_PROVINCE && level <= DIVISION_LEVEL_VILLAGE,
			"level %d", level);
	n = division_code_format(v, buf);
	REQUIRE(n == (int) strlen(buf) && n == digits[level] &&
			strspn(buf, "0123456789") == (size_t) n,
			"level %d formats to \"%s\"", level, buf);
	REQUIRE(division_code_parse(buf, &back, &err) && back == v,
			"output \"%s\" does not parse back", buf);
	REQUIRE(v % division_code_span(v) == 0 && division_code_truncate(v, level) == v,
			"%s is not aligned on its level", buf);
	/* each ancestor's range [code, code + span) holds v (doc/outfall.md) */
	for (l = DIVISION_LEVEL_PROVINCE; l < level; l++)
	{
		DivisionCode a = division_code_truncate(v, l);

		REQUIRE(a < v && v < a + division_code_span(a),
				"%s lies outside the range of its level-%d ancestor", buf, l);
	}
}

static void
fuzz_one(const char *s)
{
	DivisionCode v;
	CodeError	err;
	int			ok = division_code_parse(s, &v, &err);
	Folded		f;
	Expected	e;

	if (ok)
	{
		n_accepted++;
		check_division_value(v);
	}
	else
	{
		n_refused++;
		check_report(1, s, &err);
	}
	if (!utf8_valid(s))
	{
#ifdef FUZZ_STRICT_UTF8
		REQUIRE(!ok, "invalid UTF-8 accepted");
#endif
		return;
	}
	fold_input(s, &f);
	model_division(&f, &e);
	if (ok)
	{
		char		buf[DIVISION_BUFLEN];

		REQUIRE(e.kind == CODE_OK, "accepted, the rules refuse it (kind %d)", e.kind);
		division_code_format(v, buf);
		REQUIRE(strcmp(buf, e.canonical) == 0, "accepted as \"%s\", the rules read \"%s\"",
				buf, e.canonical);
	}
	else
	{
		REQUIRE(e.kind != CODE_OK, "refused (kind %d), the rules accept \"%s\"",
				err.kind, e.canonical);
		compare_error(&err, &e, &f);
	}
	free_folded(&f);
}

/* ------------------------------------------------------------------------
 * uscc
 * ------------------------------------------------------------------------
 */
#elif FUZZ_TARGET == 3

/* GB 32100-2015 */
static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* the first 17 characters of fixed values to order against */
static const char *const uscc_refs[] = {
	"00000000000000000", "91130200699229617", "91130230780837126",
	"9113020069922961X", "Y1000000000000000", "YY999999YYYYYYYYY",
};

static int
in_alphabet(char c)
{
	return c != 0 && strchr(alphabet, c) != NULL;
}

static char
check_character(const char *c)
{
	int			sum = 0;
	int			i;

	for (i = 0; i < 17; i++)
		sum += (int) (strchr(alphabet, c[i]) - alphabet) * weights[i];
	return alphabet[(31 - sum % 31) % 31];
}

static int
model_uscc(const Folded *f, Expected *e)
{
	int			bad = first_refused(f, in_alphabet);
	int			i;

	if (f->n == 0)
		return expect_error(e, CODE_ERR_EMPTY, -1, SEG_NONE);
	if (bad >= 0)
		return expect_error(e, CODE_ERR_CHAR, bad, -1);
	if (f->n != USCC_LEN)
		return expect_error(e, CODE_ERR_LENGTH, -1, SEG_NONE);
	for (i = 2; i < 8; i++)
		if (!is_digit(f->c[i]))
			return expect_error(e, CODE_ERR_SEGMENT_CHAR, i, SEG_USCC_DIVISION);
	if (f->c[17] != check_character(f->c))
	{
		e->check = check_character(f->c);
		return expect_error(e, CODE_ERR_CHECK, 17, SEG_USCC_CHECK);
	}
	e->kind = CODE_OK;
	memcpy(e->canonical, f->c, USCC_LEN);
	e->canonical[USCC_LEN] = '\0';
	return 0;
}

static void
check_uscc_value(const Uscc *v)
{
	char		buf[USCC_BUFLEN];
	char		again[USCC_BUFLEN];
	Uscc		back;
	CodeError	err;
	size_t		r;

	REQUIRE(uscc_valid(v), "accepted value is not valid");
	uscc_format(v, buf);
	REQUIRE(strlen(buf) == USCC_LEN && strspn(buf, alphabet) == USCC_LEN &&
			strspn(buf + 2, "0123456789") >= 6 && buf[17] == check_character(buf),
			"formats to \"%s\", not a canonical credit code", buf);
	REQUIRE(uscc_parse(buf, &back, &err), "output \"%s\" is refused (kind %d)", buf, err.kind);
	REQUIRE(memcmp(v, &back, sizeof(Uscc)) == 0 && uscc_cmp(v, &back) == 0,
			"output \"%s\" parses to another value", buf);
	uscc_format(&back, again);
	REQUIRE(strcmp(buf, again) == 0, "formats as \"%s\", then as \"%s\"", buf, again);

	/* doc/outfall.md: ordered as text */
	for (r = 0; r < sizeof(uscc_refs) / sizeof(uscc_refs[0]); r++)
	{
		Uscc		ref;
		char		text[USCC_BUFLEN];

		memcpy(text, uscc_refs[r], USCC_LEN - 1);
		text[USCC_LEN - 1] = check_character(text);
		text[USCC_LEN] = '\0';
		if (!uscc_parse(text, &ref, &err))
			abort();
		REQUIRE(sign(uscc_cmp(v, &ref)) == sign(strcmp(buf, text)),
				"\"%s\" orders wrongly against \"%s\"", buf, text);
	}
}

static void
fuzz_one(const char *s)
{
	Uscc		v;
	CodeError	err;
	int			ok = uscc_parse(s, &v, &err);
	Folded		f;
	Expected	e;

	if (ok)
	{
		n_accepted++;
		check_uscc_value(&v);
	}
	else
	{
		n_refused++;
		check_report(2, s, &err);
	}
	if (!utf8_valid(s))
	{
#ifdef FUZZ_STRICT_UTF8
		REQUIRE(!ok, "invalid UTF-8 accepted");
#endif
		return;
	}
	fold_input(s, &f);
	model_uscc(&f, &e);
	if (ok)
	{
		char		buf[USCC_BUFLEN];

		REQUIRE(e.kind == CODE_OK, "accepted, the rules refuse it (kind %d)", e.kind);
		uscc_format(&v, buf);
		REQUIRE(strcmp(buf, e.canonical) == 0, "accepted as \"%s\", the rules read \"%s\"",
				buf, e.canonical);
	}
	else
	{
		REQUIRE(e.kind != CODE_OK, "refused (kind %d), the rules accept \"%s\"",
				err.kind, e.canonical);
		compare_error(&err, &e, &f);
	}
	free_folded(&f);
}

#else
#error "FUZZ_TARGET must be 1, 2 or 3"
#endif

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly the input, so ASan sees any read past its end */
	char	   *s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	if (current_input == NULL && n_accepted + n_refused == 0)
		atexit(print_counts);
	current_input = s;
	fuzz_one(s);
	current_input = NULL;
	free(s);
	return 0;
}
