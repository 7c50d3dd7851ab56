/*
 * code_parse.c
 *		Raw parsers and formatters of outfall_code, division_code and uscc.
 *
 * Forgiving about form, strict about content: spaces (also the ideographic
 * and no-break spaces and a byte order mark), '-' and dash separators, lower case and full-width forms
 * (U+FF01..U+FF5E, e.g. "ＡＢ１２") are folded away before the layout is
 * checked; any other character is refused with its position.
 *
 * Only the C library is used here (see code_parse.h).
 */
#include "code_parse.h"

#include <string.h>

/* Characters kept per input; longer inputs are refused on their length. */
#define SCAN_KEEP 64

typedef struct ScannedCode
{
	int			n;				/* code characters (separators excluded) */
	char		c[SCAN_KEEP];	/* folded upper-case ASCII, 0 if none */
	int			pos[SCAN_KEEP]; /* 1-based character position in the input */
	const char *raw[SCAN_KEEP]; /* the character as typed ... */
	int			rawlen[SCAN_KEEP];	/* ... and its length in bytes */
	int			bad;			/* index of the first refused character, or -1 */
	int			nbad;			/* number of refused characters */
	int			bad_pos;
	char		bad_raw[8];
} ScannedCode;

typedef bool (*CharAllowed) (char c);

/*
 * Decode one character at s.  Returns its length in bytes (0 at the end of
 * the string) and stores the ASCII character it folds to in *ascii, or 0 if
 * it has none.  Malformed UTF-8 is taken one byte at a time and folds to 0.
 */
static int
next_char(const unsigned char *s, char *ascii)
{
	unsigned int c = s[0];
	unsigned int cp;
	int			len;
	int			i;

	*ascii = 0;
	if (c == 0)
		return 0;
	if (c < 0x80)
	{
		*ascii = (c >= 'a' && c <= 'z') ? (char) (c - 'a' + 'A') : (char) c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
	{
		len = 2;
		cp = c & 0x1F;
	}
	else if (c >= 0xE0 && c <= 0xEF)
	{
		len = 3;
		cp = c & 0x0F;
	}
	else if (c >= 0xF0 && c <= 0xF4)
	{
		len = 4;
		cp = c & 0x07;
	}
	else
		return 1;
	for (i = 1; i < len; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	/* overlong forms, surrogates and code points past U+10FFFF are malformed */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		(cp >= 0xD800 && cp <= 0xDFFF))
		return 1;

	if (cp >= 0xFF01 && cp <= 0xFF5E)
	{
		/* full-width ASCII forms (全角) */
		c = cp - 0xFEE0;
		*ascii = (c >= 'a' && c <= 'z') ? (char) (c - 'a' + 'A') : (char) c;
	}
	else if (cp == 0x3000 || cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200B) ||
			 cp == 0x202F || cp == 0x205F || cp == 0xFEFF)
		*ascii = ' ';			/* ideographic, no-break and other spaces; the
								 * byte order mark spreadsheets put first */
	else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
		*ascii = '-';			/* hyphens, dashes and the minus sign */
	return len;
}

static bool
is_separator(char c)
{
	return c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r' ||
		c == '\v' || c == '\f';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool
is_alnum(char c)
{
	return is_digit(c) || is_upper(c);
}

/*
 * Split the input into code characters, dropping separators, and note the
 * first character that "allowed" refuses.
 */
static void
scan_code(const char *str, CharAllowed allowed, ScannedCode *sc)
{
	const unsigned char *s = (const unsigned char *) str;
	int			position = 0;
	int			len;
	char		a;

	sc->n = 0;
	sc->bad = -1;
	sc->nbad = 0;
	while ((len = next_char(s, &a)) > 0)
	{
		position++;
		if (a == 0 || !is_separator(a))
		{
			if (a == 0 || !allowed(a))
				sc->nbad++;
			if (sc->bad < 0 && (a == 0 || !allowed(a)))
			{
				sc->bad = sc->n;
				sc->bad_pos = position;
				memcpy(sc->bad_raw, s, len);
				sc->bad_raw[len] = '\0';
			}
			if (sc->n < SCAN_KEEP)
			{
				sc->c[sc->n] = a;
				sc->pos[sc->n] = position;
				sc->raw[sc->n] = (const char *) s;
				sc->rawlen[sc->n] = len;
			}
			sc->n++;
		}
		s += len;
	}
}

static void
set_error(CodeError *err, CodeErrorKind kind, CodeSegment segment,
		  const ScannedCode *sc, int index)
{
	err->kind = kind;
	err->segment = segment;
	err->length = sc->n;
	err->expected = 0;
	err->position = 0;
	err->found[0] = '\0';
	err->normalized[0] = '\0';
	if (sc->n < (int) sizeof(err->normalized))
	{
		memcpy(err->normalized, sc->c, sc->n);
		err->normalized[sc->n] = '\0';
	}
	if (index >= 0 && index < SCAN_KEEP && index < sc->n)
	{
		err->position = sc->pos[index];
		memcpy(err->found, sc->raw[index], sc->rawlen[index]);
		err->found[sc->rawlen[index]] = '\0';
	}
}

static void
set_bad_char_error(CodeError *err, CodeSegment segment, const ScannedCode *sc)
{
	set_error(err, CODE_ERR_CHAR, segment, sc, -1);
	err->position = sc->bad_pos;
	memcpy(err->found, sc->bad_raw, sizeof(err->found));
}

/* ------------------------------------------------------------------------
 * outfall_code
 * ------------------------------------------------------------------------
 */

static int
water_digit(char c)
{
	return is_digit(c) ? c - '0' + 1 : c - 'A' + 11;
}

/* The segment of the index-th of n code characters; none if n is no length. */
static CodeSegment
outfall_segment_of(int index, int n)
{
	if (n < OUTFALL_CODE_MINLEN || n > OUTFALL_CODE_MAXLEN || index >= n)
		return SEG_NONE;
	if (index < n - 12)
		return SEG_WATER;
	if (index < n - 6)
		return SEG_DIVISION;
	if (index < n - 4)
		return SEG_TYPE;
	return SEG_SEQUENCE;
}

bool
outfall_code_parse(const char *str, OutfallCode *result, CodeError *err)
{
	ScannedCode sc;
	int			w;
	int			i;
	uint64_t	water = 0;
	uint32_t	division = 0;
	uint32_t	seq = 0;

	scan_code(str, is_alnum, &sc);
	if (sc.n == 0)
	{
		set_error(err, CODE_ERR_EMPTY, SEG_NONE, &sc, -1);
		return false;
	}
	if (sc.bad >= 0)
	{
		/*
		 * Refused characters here are punctuation or Chinese, more likely
		 * added (a remark after the code) than typed for a code character:
		 * name a segment only if the code characters alone have a valid
		 * length and the refused one falls among them.
		 */
		set_bad_char_error(err, outfall_segment_of(sc.bad, sc.n - sc.nbad), &sc);
		return false;
	}
	if (sc.n < OUTFALL_CODE_MINLEN || sc.n > OUTFALL_CODE_MAXLEN)
	{
		/* 12 characters: the water body code is missing; 25+: too long */
		set_error(err, CODE_ERR_LENGTH,
				  sc.n >= OUTFALL_CODE_MINLEN - 1 ? SEG_WATER : SEG_NONE,
				  &sc, -1);
		return false;
	}

	w = sc.n - 12;
	for (i = 0; i < OUTFALL_WATER_MAXLEN; i++)
		water = water * 37 + (i < w ? (uint64_t) water_digit(sc.c[i]) : 0);

	for (i = w; i < w + 6; i++)
	{
		if (!is_digit(sc.c[i]))
		{
			set_error(err, CODE_ERR_SEGMENT_CHAR, SEG_DIVISION, &sc, i);
			return false;
		}
		division = division * 10 + (uint32_t) (sc.c[i] - '0');
	}
	for (i = w + 6; i < w + 8; i++)
	{
		if (!is_upper(sc.c[i]))
		{
			set_error(err, CODE_ERR_SEGMENT_CHAR, SEG_TYPE, &sc, i);
			return false;
		}
	}
	for (i = w + 8; i < w + 12; i++)
	{
		if (!is_digit(sc.c[i]))
		{
			set_error(err, CODE_ERR_SEGMENT_CHAR, SEG_SEQUENCE, &sc, i);
			return false;
		}
		seq = seq * 10 + (uint32_t) (sc.c[i] - '0');
	}
	if (division < 10000)
	{
		set_error(err, CODE_ERR_ZERO_PROVINCE, SEG_DIVISION, &sc, w);
		return false;
	}
	if (seq == 0)
	{
		set_error(err, CODE_ERR_ZERO_SEQUENCE, SEG_SEQUENCE, &sc, w + 8);
		return false;
	}

	result->water = water;
	result->division = division;
	result->type = (uint16_t) ((sc.c[w + 6] - 'A') * 26 + (sc.c[w + 7] - 'A'));
	result->seq = (uint16_t) seq;
	return true;
}

/* Encode a water body code alone (for the constructor from parts). */
bool
outfall_water_encode(const char *str, uint64_t *water, CodeError *err)
{
	ScannedCode sc;
	int			i;
	uint64_t	v = 0;

	scan_code(str, is_alnum, &sc);
	if (sc.n == 0)
	{
		set_error(err, CODE_ERR_EMPTY, SEG_WATER, &sc, -1);
		return false;
	}
	if (sc.bad >= 0)
	{
		set_bad_char_error(err, SEG_WATER, &sc);
		return false;
	}
	if (sc.n > OUTFALL_WATER_MAXLEN)
	{
		set_error(err, CODE_ERR_LENGTH, SEG_WATER, &sc, -1);
		return false;
	}
	for (i = 0; i < OUTFALL_WATER_MAXLEN; i++)
		v = v * 37 + (i < sc.n ? (uint64_t) water_digit(sc.c[i]) : 0);
	*water = v;
	return true;
}

/* The type letters as stored, or -1 unless exactly two letters A-Z (any case). */
int
outfall_type_encode(const char *str)
{
	ScannedCode sc;

	scan_code(str, is_upper, &sc);
	if (sc.n != 2 || sc.bad >= 0)
		return -1;
	return (sc.c[0] - 'A') * 26 + (sc.c[1] - 'A');
}

bool
outfall_code_valid(const OutfallCode *code)
{
	uint64_t	w = code->water;
	int			digits[OUTFALL_WATER_MAXLEN];
	int			i;
	bool		ended = false;

	for (i = OUTFALL_WATER_MAXLEN - 1; i >= 0; i--)
	{
		digits[i] = (int) (w % 37);
		w /= 37;
	}
	if (w != 0 || digits[0] == 0)
		return false;
	for (i = 1; i < OUTFALL_WATER_MAXLEN; i++)
	{
		if (digits[i] == 0)
			ended = true;
		else if (ended)
			return false;
	}
	return code->division >= 10000 && code->division <= 999999 &&
		code->type < 26 * 26 && code->seq >= 1 && code->seq <= 9999;
}

int
outfall_code_water_format(uint64_t water, char *buf)
{
	char		digits[OUTFALL_WATER_MAXLEN];
	int			i;
	int			n = 0;

	for (i = OUTFALL_WATER_MAXLEN - 1; i >= 0; i--)
	{
		digits[i] = (char) (water % 37);
		water /= 37;
	}
	for (i = 0; i < OUTFALL_WATER_MAXLEN && digits[i] != 0; i++)
		buf[n++] = digits[i] <= 10 ? (char) ('0' + digits[i] - 1)
			: (char) ('A' + digits[i] - 11);
	buf[n] = '\0';
	return n;
}

int
outfall_code_format(const OutfallCode *code, char *buf)
{
	int			n = outfall_code_water_format(code->water, buf);
	uint32_t	d = code->division;
	uint32_t	s = code->seq;
	int			i;

	for (i = 5; i >= 0; i--, d /= 10)
		buf[n + i] = (char) ('0' + d % 10);
	n += 6;
	buf[n++] = (char) ('A' + code->type / 26);
	buf[n++] = (char) ('A' + code->type % 26);
	for (i = 3; i >= 0; i--, s /= 10)
		buf[n + i] = (char) ('0' + s % 10);
	n += 4;
	buf[n] = '\0';
	return n;
}

int
outfall_code_cmp(const OutfallCode *a, const OutfallCode *b)
{
	if (a->water != b->water)
		return a->water < b->water ? -1 : 1;
	if (a->division != b->division)
		return a->division < b->division ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return 0;
}

/* ------------------------------------------------------------------------
 * division_code
 * ------------------------------------------------------------------------
 */

/* digits of a code at each level: province 2, city 4, county 6, ... */
static const int division_digits[] = {0, 2, 4, 6, 9, 12};

/* 10^(12 - digits): the size of the range a division's descendants fill */
static const int64_t division_spans[] = {
	0, INT64_C(10000000000), INT64_C(100000000), INT64_C(1000000),
	INT64_C(1000), INT64_C(1)
};

#define DIVISION_MAX INT64_C(999999999999)

bool
division_code_parse(const char *str, DivisionCode *result, CodeError *err)
{
	ScannedCode sc;
	int64_t		v = 0;
	int			i;

	scan_code(str, is_digit, &sc);
	if (sc.n == 0)
	{
		set_error(err, CODE_ERR_EMPTY, SEG_NONE, &sc, -1);
		return false;
	}
	if (sc.bad >= 0)
	{
		set_bad_char_error(err, SEG_NONE, &sc);
		return false;
	}
	if (sc.n != 2 && sc.n != 4 && sc.n != 6 && sc.n != 9 && sc.n != 12)
	{
		set_error(err, CODE_ERR_LENGTH, SEG_NONE, &sc, -1);
		return false;
	}
	for (i = 0; i < 12; i++)
		v = v * 10 + (i < sc.n ? sc.c[i] - '0' : 0);
	if (v < division_spans[DIVISION_LEVEL_PROVINCE])
	{
		set_error(err, CODE_ERR_ZERO_PROVINCE, SEG_NONE, &sc, 0);
		return false;
	}
	*result = v;
	return true;
}

bool
division_code_valid(DivisionCode code)
{
	return code >= division_spans[DIVISION_LEVEL_PROVINCE] &&
		code <= DIVISION_MAX;
}

/* The level of the last non-zero group: trailing zero groups are padding. */
int
division_code_level(DivisionCode code)
{
	int			level;

	for (level = DIVISION_LEVEL_VILLAGE; level > DIVISION_LEVEL_PROVINCE; level--)
	{
		if (code % division_spans[level - 1] != 0)
			break;
	}
	return level;
}

DivisionCode
division_code_span(DivisionCode code)
{
	return division_spans[division_code_level(code)];
}

/* The code cut to the given level; its own level may be higher (padding). */
DivisionCode
division_code_truncate(DivisionCode code, int level)
{
	return code - code % division_spans[level];
}

int
division_code_format(DivisionCode code, char *buf)
{
	int			n = division_digits[division_code_level(code)];
	char		all[12];
	int			i;

	for (i = 11; i >= 0; i--, code /= 10)
		all[i] = (char) ('0' + code % 10);
	memcpy(buf, all, n);
	buf[n] = '\0';
	return n;
}

/* ------------------------------------------------------------------------
 * uscc
 * ------------------------------------------------------------------------
 */

/* GB 32100-2015: digits and capitals without I, O, S, V, Z */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int uscc_weights[17] = {
	1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
};

/* alphabet index of an ASCII character, -1 if it is not in the alphabet */
static int
uscc_index(char c)
{
	static const signed char index[128] = {
		['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
		['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
		['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15,
		['F'] = 16, ['G'] = 17, ['H'] = 18, ['J'] = 19, ['K'] = 20,
		['L'] = 21, ['M'] = 22, ['N'] = 23, ['P'] = 24, ['Q'] = 25,
		['R'] = 26, ['T'] = 27, ['U'] = 28, ['W'] = 29, ['X'] = 30,
		['Y'] = 31
	};							/* stored plus one, so that 0 means "not in it" */

	if ((unsigned char) c >= 128)
		return -1;
	return index[(unsigned char) c] - 1;
}

static bool
uscc_char_allowed(char c)
{
	return uscc_index(c) >= 0;
}

static CodeSegment
uscc_segment_of(int index)
{
	if (index >= USCC_LEN)
		return SEG_NONE;
	if (index == 0)
		return SEG_USCC_AUTHORITY;
	if (index == 1)
		return SEG_USCC_KIND;
	if (index < 8)
		return SEG_USCC_DIVISION;
	if (index < 17)
		return SEG_USCC_ORGANIZATION;
	return SEG_USCC_CHECK;
}

/* Pack 17 alphabet indexes, 5 bits each, from the top bit of hi down. */
static void
uscc_pack(const int *idx, Uscc *u)
{
	uint64_t	top = 0;		/* characters 1-12: 60 bits, shifted left 4 */
	uint32_t	bottom = 0;		/* characters 13-17: 25 bits, shifted left 7 */
	int			i;

	for (i = 0; i < 12; i++)
		top = (top << 5) | (uint64_t) idx[i];
	for (i = 12; i < 17; i++)
		bottom = (bottom << 5) | (uint32_t) idx[i];
	top <<= 4;
	bottom <<= 7;
	u->hi = (uint32_t) (top >> 32);
	u->mid = (uint32_t) top;
	u->lo = bottom;
}

static void
uscc_unpack(const Uscc *u, int *idx)
{
	uint64_t	top = (((uint64_t) u->hi << 32) | u->mid) >> 4;
	uint32_t	bottom = u->lo >> 7;
	int			i;

	for (i = 11; i >= 0; i--, top >>= 5)
		idx[i] = (int) (top & 0x1F);
	for (i = 16; i >= 12; i--, bottom >>= 5)
		idx[i] = (int) (bottom & 0x1F);
}

static int
uscc_check_index(const int *idx)
{
	int			sum = 0;
	int			i;
	int			check;

	for (i = 0; i < 17; i++)
		sum += idx[i] * uscc_weights[i];
	check = 31 - sum % 31;
	return check == 31 ? 0 : check;
}

bool
uscc_parse(const char *str, Uscc *result, CodeError *err)
{
	ScannedCode sc;
	int			idx[17];
	int			i;
	int			check;

	scan_code(str, uscc_char_allowed, &sc);
	if (sc.n == 0)
	{
		set_error(err, CODE_ERR_EMPTY, SEG_NONE, &sc, -1);
		return false;
	}
	if (sc.bad >= 0)
	{
		/*
		 * At 18 characters in all, the refused one most likely replaces a
		 * character (O for 0); at 18 without the refused ones, it is extra.
		 */
		set_bad_char_error(err,
						   sc.n == USCC_LEN || sc.n - sc.nbad == USCC_LEN ?
						   uscc_segment_of(sc.bad) : SEG_NONE, &sc);
		return false;
	}
	if (sc.n != USCC_LEN)
	{
		set_error(err, CODE_ERR_LENGTH, SEG_NONE, &sc, -1);
		return false;
	}
	for (i = 2; i < 8; i++)
	{
		if (!is_digit(sc.c[i]))
		{
			set_error(err, CODE_ERR_SEGMENT_CHAR, SEG_USCC_DIVISION, &sc, i);
			return false;
		}
	}
	for (i = 0; i < 17; i++)
		idx[i] = uscc_index(sc.c[i]);
	check = uscc_check_index(idx);
	if (uscc_index(sc.c[17]) != check)
	{
		set_error(err, CODE_ERR_CHECK, SEG_USCC_CHECK, &sc, 17);
		err->expected = uscc_alphabet[check];
		return false;
	}
	uscc_pack(idx, result);
	return true;
}

bool
uscc_valid(const Uscc *code)
{
	int			idx[17];
	int			i;

	if ((code->mid & 0xF) != 0 || (code->lo & 0x7F) != 0)
		return false;
	uscc_unpack(code, idx);
	for (i = 0; i < 17; i++)
	{
		if (idx[i] >= 31 || (i >= 2 && i < 8 && idx[i] >= 10))
			return false;
	}
	return true;
}

void
uscc_format(const Uscc *code, char *buf)
{
	int			idx[17];
	int			i;

	uscc_unpack(code, idx);
	for (i = 0; i < 17; i++)
		buf[i] = uscc_alphabet[idx[i]];
	buf[17] = uscc_alphabet[uscc_check_index(idx)];
	buf[18] = '\0';
}

int
uscc_cmp(const Uscc *a, const Uscc *b)
{
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->mid != b->mid)
		return a->mid < b->mid ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return 0;
}

/* ------------------------------------------------------------------------
 * segment names for messages
 * ------------------------------------------------------------------------
 */

const char *
code_segment_name(CodeSegment segment)
{
	switch (segment)
	{
		case SEG_WATER:
			return "water body code";
		case SEG_DIVISION:
			return "division code";
		case SEG_TYPE:
			return "type code";
		case SEG_SEQUENCE:
			return "sequence number";
		case SEG_USCC_AUTHORITY:
			return "registration authority code";
		case SEG_USCC_KIND:
			return "entity kind code";
		case SEG_USCC_DIVISION:
			return "registration division code";
		case SEG_USCC_ORGANIZATION:
			return "organization code";
		case SEG_USCC_CHECK:
			return "check character";
		case SEG_NONE:
			break;
	}
	return "";
}

const char *
code_segment_name_zh(CodeSegment segment)
{
	switch (segment)
	{
		case SEG_WATER:
			return "受纳水体编码";
		case SEG_DIVISION:
			return "行政区划代码";
		case SEG_TYPE:
			return "排污口类型代码";
		case SEG_SEQUENCE:
			return "序号";
		case SEG_USCC_AUTHORITY:
			return "登记管理部门代码";
		case SEG_USCC_KIND:
			return "机构类别代码";
		case SEG_USCC_DIVISION:
			return "登记管理机关行政区划码";
		case SEG_USCC_ORGANIZATION:
			return "主体标识码";
		case SEG_USCC_CHECK:
			return "校验码";
		case SEG_NONE:
			break;
	}
	return "";
}
