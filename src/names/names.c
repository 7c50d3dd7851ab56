/*
 * names.c
 *		Outfall names (排污口名称) with ICU: the folded form under which the
 *		same name typed by different staff compares equal, its pinyin (拼音)
 *		and pinyin initials (拼音首字母), and the search key made of the
 *		three.
 *
 * Folding (normalize_name), in this order:
 *	1. NFKC: full-width letters, digits and signs become ASCII (１＃ -> 1#),
 *	   the ideographic space U+3000 and NBSP become spaces, circled and
 *	   parenthesized numbers become digits (① -> 1), compatibility
 *	   ideographs become the unified ones.
 *	2. ICU "Traditional-Simplified" (繁体 -> 简体: 汙水處理廠 -> 污水处理厂),
 *	   except 乾, which is a simplified character of its own in place names
 *	   (乾县, 乾安县) and which ICU would turn into 干.
 *	3. Per character (fold_table below): whitespace, controls and invisible
 *	   characters (zero-width space, BOM, variation selectors) are removed;
 *	   every bracket becomes ASCII ( or ); every dash becomes -, and a run
 *	   of dashes one - (the Chinese dash —— is two em dashes); quotes,
 *	   book-title marks and list marks are removed, and so is '.' unless it
 *	   stands between two digits (a decimal point: 1.5公里); Latin letters
 *	   are uppercased.  Everything else, '#' included, is kept as it is.
 *
 * pinyin and pinyin_initials read the folded name with ICU "Han-Latin": one
 * syllable per Han character in ICU's reading, which looks at the next
 * character for a few words (重庆 chóngqìng) but reads 长江 zhǎngjiāng; the
 * tone marks are dropped and ü is written v, as it is typed on a Chinese
 * keyboard (绿 lv).  Syllables are lowercase, and the name's own Latin
 * letters, which folding has uppercased, are kept whole: that is how the
 * initials tell a syllable from a Latin word.  Han-Latin is slow, so the
 * reading of each character is cached (see "Readings" below); the result is
 * what Han-Latin gives for the whole name, except that it runs 〇〇 into one
 * syllable and the cache reads two.
 *
 * The results depend on the ICU version (its Unicode data and transforms),
 * as ICU collations do: indexes on them need a REINDEX after ICU changes.
 *
 * The ICU objects are opened on first use and kept for the life of the
 * backend, never closed, as PostgreSQL keeps its ICU collators.  Strings are
 * UTF-16 inside (what ICU works on) and palloc'd in the current memory
 * context.  In a database whose encoding is not UTF8 the text is converted
 * to UTF-8 and back.
 */
#include "postgres.h"
#include "fmgr.h"

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

PG_FUNCTION_INFO_V1(outfall_normalize_name);
PG_FUNCTION_INFO_V1(outfall_pinyin);
PG_FUNCTION_INFO_V1(outfall_pinyin_initials);
PG_FUNCTION_INFO_V1(outfall_search_key);

/* A UTF-16 string being worked on, palloc'd. */
typedef struct NameBuf
{
	UChar	   *data;
	int32		len;
} NameBuf;

/*
 * The longest name taken, in bytes: its UTF-16 form, which NFKC can make
 * several times longer (U+FDFA becomes 18 characters), must stay within
 * MaxAllocSize.
 */
#define NAME_MAX_BYTES		((int32) (MaxAllocSize / (sizeof(UChar) * 16)))

/* What step 3 does with a character: drop it, or write another instead. */
#define FOLD_DROP			0
typedef struct FoldRule
{
	UChar		from;
	UChar		to;				/* FOLD_DROP to remove it */
} FoldRule;

/*
 * Punctuation after NFKC (which has already made （）［］－＃，；： etc.
 * ASCII), sorted by code point.  '.' and '-' are handled in fold_name.
 */
static const FoldRule fold_table[] = {
	{'!', FOLD_DROP},
	{'"', FOLD_DROP},
	{'\'', FOLD_DROP},
	{',', FOLD_DROP},
	{':', FOLD_DROP},
	{';', FOLD_DROP},
	{'?', FOLD_DROP},
	{'[', '('},
	{']', ')'},
	{'`', FOLD_DROP},
	{'{', '('},
	{'}', ')'},
	{0x00AB, FOLD_DROP},		/* « */
	{0x00B7, FOLD_DROP},		/* · middle dot (间隔号) */
	{0x00BB, FOLD_DROP},		/* » */
	{0x2010, '-'},				/* ‐ hyphen */
	{0x2012, '-'},				/* ‒ figure dash */
	{0x2013, '-'},				/* – en dash */
	{0x2014, '-'},				/* — em dash (破折号 is two) */
	{0x2015, '-'},				/* ― horizontal bar */
	{0x2018, FOLD_DROP},		/* ‘ */
	{0x2019, FOLD_DROP},		/* ’ */
	{0x201A, FOLD_DROP},		/* ‚ */
	{0x201B, FOLD_DROP},		/* ‛ */
	{0x201C, FOLD_DROP},		/* “ */
	{0x201D, FOLD_DROP},		/* ” */
	{0x201E, FOLD_DROP},		/* „ */
	{0x201F, FOLD_DROP},		/* ‟ */
	{0x2022, FOLD_DROP},		/* • bullet */
	{0x2027, FOLD_DROP},		/* ‧ hyphenation point */
	{0x2039, FOLD_DROP},		/* ‹ */
	{0x203A, FOLD_DROP},		/* › */
	{0x2043, '-'},				/* ⁃ hyphen bullet */
	{0x2212, '-'},				/* − minus sign */
	{0x2219, FOLD_DROP},		/* ∙ bullet operator */
	{0x22C5, FOLD_DROP},		/* ⋅ dot operator */
	{0x2500, '-'},				/* ─ box drawing, typed as a dash by some input methods */
	{0x2985, '('},				/* ⦅ (NFKC of ｟) */
	{0x2986, ')'},				/* ⦆ */
	{0x3001, FOLD_DROP},		/* 、 enumeration comma (顿号) */
	{0x3002, FOLD_DROP},		/* 。 full stop (句号) */
	{0x3008, FOLD_DROP},		/* 〈 book-title marks (书名号) */
	{0x3009, FOLD_DROP},		/* 〉 */
	{0x300A, FOLD_DROP},		/* 《 */
	{0x300B, FOLD_DROP},		/* 》 */
	{0x300C, FOLD_DROP},		/* 「 corner brackets, quotes (引号) */
	{0x300D, FOLD_DROP},		/* 」 */
	{0x300E, FOLD_DROP},		/* 『 */
	{0x300F, FOLD_DROP},		/* 』 */
	{0x3010, '('},				/* 【 */
	{0x3011, ')'},				/* 】 */
	{0x3014, '('},				/* 〔 as in 黔环验〔2024〕12号 */
	{0x3015, ')'},				/* 〕 */
	{0x3016, '('},				/* 〖 */
	{0x3017, ')'},				/* 〗 */
	{0x3018, '('},				/* 〘 */
	{0x3019, ')'},				/* 〙 */
	{0x301A, '('},				/* 〚 */
	{0x301B, ')'},				/* 〛 */
	{0x301C, '~'},				/* 〜 wave dash */
	{0x301D, FOLD_DROP},		/* 〝 */
	{0x301E, FOLD_DROP},		/* 〞 */
	{0x301F, FOLD_DROP},		/* 〟 */
	{0x30FB, FOLD_DROP},		/* ・ katakana middle dot */
};

/* The ICU objects, opened once per backend and never closed. */
static const UNormalizer2 *nfkc = NULL;
static UTransliterator *trad_to_simp = NULL;
static UTransliterator *han_to_latin = NULL;

/* 乾 (U+4E7E) is left alone, see step 2 above. */
#define TRAD_TO_SIMP_ID		"[^\\u4E7E] Traditional-Simplified"
/* NFD splits the tone marks off the vowels for append_latin to drop. */
#define HAN_TO_LATIN_ID		"Han-Latin; NFD"

static void
report_icu_error(const char *what, UErrorCode status)
{
	ereport(ERROR,
			(errcode(status == U_MEMORY_ALLOCATION_ERROR ?
					 ERRCODE_OUT_OF_MEMORY : ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
			 errmsg("ICU failed to %s: %s", what, u_errorName(status))));
}

static UTransliterator *
open_transliterator(const char *id)
{
	UChar		uid[64];
	int32		uid_len;
	UParseError parse_error;
	UErrorCode	status = U_ZERO_ERROR;
	UTransliterator *result;

	/* the id has non-invariant characters ([, \), so convert it as UTF-8 */
	u_strFromUTF8(uid, lengthof(uid), &uid_len, id, -1, &status);
	if (U_FAILURE(status))
		report_icu_error("convert a transliterator id", status);
	result = utrans_openU(uid, uid_len, UTRANS_FORWARD, NULL, 0,
						  &parse_error, &status);
	if (U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("ICU failed to open transliterator \"%s\": %s",
						id, u_errorName(status)),
				 errhint("The outfall name functions need the transforms of the ICU data "
						 "(as in Debian's libicu package).")));
	return result;
}

static void
open_icu(void)
{
	if (nfkc == NULL)
	{
		UErrorCode	status = U_ZERO_ERROR;
		const UNormalizer2 *n = unorm2_getNFKCInstance(&status);

		if (U_FAILURE(status))
			report_icu_error("open the NFKC normalizer", status);
		nfkc = n;
	}
	if (trad_to_simp == NULL)
		trad_to_simp = open_transliterator(TRAD_TO_SIMP_ID);
	if (han_to_latin == NULL)
		han_to_latin = open_transliterator(HAN_TO_LATIN_ID);
}

/*
 * The text as UTF-16, converted from the database encoding when that is not
 * UTF8.
 */
static NameBuf
name_from_text(text *txt)
{
	const char *utf8 = VARDATA_ANY(txt);
	int			len = VARSIZE_ANY_EXHDR(txt);
	NameBuf		result;
	UErrorCode	status = U_ZERO_ERROR;

	if (GetDatabaseEncoding() != PG_UTF8)
	{
		char	   *converted = pg_server_to_any(utf8, len, PG_UTF8);

		if (converted != utf8)
			len = strlen(converted);
		utf8 = converted;
	}
	if (len > NAME_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("name is too long: %d bytes", len),
				 errdetail("The name functions take names of up to %d bytes.",
						   NAME_MAX_BYTES)));
	/* a UTF-8 byte never makes more than one UTF-16 unit */
	result.data = palloc((len + 1) * sizeof(UChar));
	u_strFromUTF8(result.data, len + 1, &result.len, utf8, len, &status);
	if (U_FAILURE(status))
		report_icu_error("read the name as UTF-8", status);
	return result;
}

/* The UTF-16 string, appended to buf as UTF-8. */
static void
append_utf8(StringInfo buf, const UChar *s, int32 len)
{
	int32		utf8_len;
	UErrorCode	status = U_ZERO_ERROR;

	/* a UTF-16 unit never makes more than three bytes */
	enlargeStringInfo(buf, len * 3);
	u_strToUTF8(buf->data + buf->len, buf->maxlen - buf->len, &utf8_len, s, len, &status);
	if (U_FAILURE(status))
		report_icu_error("write the name as UTF-8", status);
	buf->len += utf8_len;
}

/* The UTF-8 in buf as text in the database encoding. */
static text *
utf8_to_text(StringInfo buf)
{
	if (GetDatabaseEncoding() == PG_UTF8)
		return cstring_to_text_with_len(buf->data, buf->len);
	return cstring_to_text(pg_any_to_server(buf->data, buf->len, PG_UTF8));
}

static NameBuf
name_nfkc(NameBuf in)
{
	NameBuf		out;
	int32		capacity = in.len + 16;
	UErrorCode	status;

	for (;;)
	{
		out.data = palloc(capacity * sizeof(UChar));
		status = U_ZERO_ERROR;
		out.len = unorm2_normalize(nfkc, in.data, in.len, out.data, capacity, &status);
		if (status != U_BUFFER_OVERFLOW_ERROR)
			break;
		/* out.len is the length needed */
		pfree(out.data);
		capacity = out.len + 1;
	}
	if (U_FAILURE(status))
		report_icu_error("normalize the name to NFKC", status);
	return out;
}

/*
 * in through the transliterator, into a new buffer of at least capacity
 * units.  utrans_transUChars works in place and says how long the result
 * would have been when the buffer is too small; then it runs again from the
 * input on a buffer that size.
 */
static NameBuf
name_transliterate(UTransliterator *trans, NameBuf in, int32 capacity,
				   const char *what)
{
	NameBuf		out;
	UErrorCode	status;

	capacity = Max(capacity, in.len + 1);
	for (;;)
	{
		int32		limit = in.len;

		out.data = palloc(capacity * sizeof(UChar));
		memcpy(out.data, in.data, in.len * sizeof(UChar));
		out.len = in.len;
		status = U_ZERO_ERROR;
		utrans_transUChars(trans, out.data, &out.len, capacity, 0, &limit, &status);
		if (status != U_BUFFER_OVERFLOW_ERROR)
			break;
		pfree(out.data);
		capacity = out.len + 1;
	}
	if (U_FAILURE(status))
		report_icu_error(what, status);
	return out;
}

static int
fold_rule_cmp(const void *key, const void *rule)
{
	return (int) *(const UChar *) key - (int) ((const FoldRule *) rule)->from;
}

static bool
is_ascii_digit(UChar c)
{
	return c >= '0' && c <= '9';
}

static bool
is_latin(UChar32 c)
{
	UErrorCode	status = U_ZERO_ERROR;

	return uscript_getScript(c, &status) == USCRIPT_LATIN;
}

/*
 * Step 3 in place: it never makes a name longer.  Each character is looked
 * at once, with what has been written before it and the character after it.
 */
static void
fold_name(NameBuf *name)
{
	UChar	   *s = name->data;
	int32		in = 0;
	int32		out = 0;

	while (in < name->len)
	{
		UChar32		c;
		int32		start PG_USED_FOR_ASSERTS_ONLY = in;

		U16_NEXT(s, in, name->len, c);

		if (u_isUWhiteSpace(c) || u_charType(c) == U_CONTROL_CHAR ||
			u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		else if (c >= 0x80 && u_islower(c) && is_latin(c))
			c = u_toupper(c);
		else if (c == '.')
		{
			/* a decimal point stays; a full stop or leader dots go */
			if (!(out > 0 && is_ascii_digit(s[out - 1]) &&
				  in < name->len && is_ascii_digit(s[in])))
				continue;
		}
		else if (c < 0x10000 && !(c >= 0x3400 && c < 0xA000))
		{
			/* punctuation: not looked for among the Han characters */
			UChar		key = (UChar) c;
			const FoldRule *rule = bsearch(&key, fold_table, lengthof(fold_table),
										   sizeof(FoldRule), fold_rule_cmp);

			if (rule != NULL)
			{
				if (rule->to == FOLD_DROP)
					continue;
				c = rule->to;
			}
		}
		/* a run of dashes is one dash */
		if (c == '-' && out > 0 && s[out - 1] == '-')
			continue;

		/* the folded character is never longer than it was */
		Assert(U16_LENGTH(c) <= in - start);
		U16_APPEND_UNSAFE(s, out, c);
	}
	name->len = out;
}

/* normalize_name on UTF-16: steps 1 to 3 */
static NameBuf
name_normalize(NameBuf in)
{
	NameBuf		compat;
	NameBuf		simplified;

	open_icu();
	if (in.len == 0)
		return in;
	compat = name_nfkc(in);
	simplified = name_transliterate(trad_to_simp, compat, compat.len + 16,
									"convert traditional to simplified Chinese");
	pfree(compat.data);
	fold_name(&simplified);
	return simplified;
}

/*
 * Readings.  Han-Latin indexes its 1,469 rules (ICU 72) by the low byte of
 * the first character they match, and a syllable's rule matches characters
 * of nearly every low byte, so it tries most of them on every character:
 * about 15 µs a character.  Each backend therefore keeps what Han-Latin said
 * of each character and reads a name character by character from that
 * cache.  A few rules look at the next character ({重}' '?庆 > chóng; ICU 72
 * has four, all of this form), so a reading is kept for a character and the
 * Han character after it.
 */
#define READING_MAX			32		/* UTF-16 units; one syllable takes at most 7 */
#define READINGS_MAX		65536	/* entries before the cache starts afresh */

typedef struct Reading
{
	uint64		key;			/* the character << 32 | the Han character after it, or 0 */
	int32		len;
	UChar		latin[READING_MAX]; /* what Han-Latin writes for it, decomposed */
} Reading;

static HTAB *readings = NULL;
static const UNormalizer2 *nfd = NULL;

static bool
is_han(UChar32 c)
{
	UErrorCode	status = U_ZERO_ERROR;

	return uscript_getScript(c, &status) == USCRIPT_HAN;
}

/* Han-Latin on one or two characters, into r */
static void
reading_from_icu(UChar32 c, UChar32 next, Reading *r)
{
	UChar		text[4];
	NameBuf		in = {text, 0};
	NameBuf		out;

	U16_APPEND_UNSAFE(text, in.len, c);
	if (next != 0)
		U16_APPEND_UNSAFE(text, in.len, next);
	out = name_transliterate(han_to_latin, in, READING_MAX * 2 + 1,
							 "transliterate Han characters to pinyin");
	r->key = ((uint64) c << 32) | (uint32) next;
	if (out.len > READING_MAX)
		r->len = -1;			/* too long to keep: not cached */
	else
	{
		r->len = out.len;
		memcpy(r->latin, out.data, out.len * sizeof(UChar));
	}
	pfree(out.data);
}

/*
 * What Han-Latin writes for c followed by next (0: by no Han character).
 * Read alone, next is "tail"; read after c, it is " " + tail, and what comes
 * before that is c's reading in that context.  The result points into the
 * cache, or is palloc'd for a reading too long to keep (none is).
 */
static NameBuf
reading_of(UChar32 c, UChar32 next)
{
	uint64		key = ((uint64) c << 32) | (uint32) next;
	Reading    *cached;
	NameBuf		result;

	cached = hash_search(readings, &key, HASH_FIND, NULL);
	if (cached == NULL)
	{
		Reading		r;

		if (next == 0)
			reading_from_icu(c, 0, &r);
		else
		{
			NameBuf		tail = reading_of(next, 0);
			Reading		pair;

			reading_from_icu(c, next, &pair);
			if (tail.len >= 0 && pair.len > tail.len &&
				pair.latin[pair.len - tail.len - 1] == ' ' &&
				memcmp(pair.latin + pair.len - tail.len, tail.data,
					   tail.len * sizeof(UChar)) == 0)
			{
				r = pair;
				r.len = pair.len - tail.len - 1;
			}
			else
				reading_from_icu(c, 0, &r);
			r.key = key;
		}
		if (r.len < 0)
		{
			UChar		text[2];
			NameBuf		one = {text, 0};

			U16_APPEND_UNSAFE(text, one.len, c);
			return name_transliterate(han_to_latin, one, READING_MAX * 4,
									  "transliterate Han characters to pinyin");
		}
		cached = hash_search(readings, &key, HASH_ENTER, NULL);
		*cached = r;
	}
	result.data = cached->latin;
	result.len = cached->len;
	return result;
}

/* The cache, created at first use, started afresh when it has grown big. */
static void
readings_prepare(void)
{
	HASHCTL		ctl;

	if (readings != NULL && hash_get_num_entries(readings) < READINGS_MAX)
		return;
	if (readings != NULL)
		hash_destroy(readings);
	ctl.keysize = sizeof(uint64);
	ctl.entrysize = sizeof(Reading);
	ctl.hcxt = TopMemoryContext;
	readings = hash_create("outfall pinyin readings", 4096, &ctl,
						   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	if (nfd == NULL)
	{
		UErrorCode	status = U_ZERO_ERROR;
		const UNormalizer2 *n = unorm2_getNFDInstance(&status);

		if (U_FAILURE(status))
			report_icu_error("open the NFD normalizer", status);
		nfd = n;
	}
}

/*
 * Appends to pinyin and initials (either may be NULL) what the Latin text s
 * (decomposed) gives: lowercase letters are pinyin syllables, each starting
 * after anything that is not a lowercase letter or a combining mark;
 * uppercase letters are the name's own Latin letters, kept whole, and so
 * are digits; tone marks are dropped and u with diaeresis is v; anything
 * else is dropped.
 */
static void
append_latin(const UChar *s, int32 len, StringInfo pinyin, StringInfo initials)
{
	bool		in_syllable = false;
	int32		i;

	for (i = 0; i < len; i++)
	{
		UChar		c = s[i];

		if (c >= 'a' && c <= 'z')
		{
			if (pinyin)
				appendStringInfoChar(pinyin, (char) c);
			if (initials && !in_syllable)
				appendStringInfoChar(initials, (char) c);
			in_syllable = true;
		}
		else if ((c >= 'A' && c <= 'Z') || is_ascii_digit(c))
		{
			char		lower = (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : (char) c;

			if (pinyin)
				appendStringInfoChar(pinyin, lower);
			if (initials)
				appendStringInfoChar(initials, lower);
			in_syllable = false;
		}
		else if (c >= 0x0300 && c <= 0x036F)
		{
			/* a combining mark: ü (u + U+0308) is typed v; tone marks go */
			if (c == 0x0308 && pinyin && i > 0 && s[i - 1] == 'u')
				pinyin->data[pinyin->len - 1] = 'v';
		}
		else
			in_syllable = false;
	}
}

/*
 * The pinyin and the initials of a normalized name, appended to either
 * StringInfo (NULL to skip one): a Han character as Han-Latin reads it (one
 * syllable, which starts afresh as Han-Latin puts a space between two
 * syllables), any other character decomposed (É: E and an accent).
 */
static void
name_pinyin(NameBuf name, StringInfo pinyin, StringInfo initials)
{
	int32		i = 0;

	readings_prepare();
	while (i < name.len)
	{
		UChar32		c;

		U16_NEXT(name.data, i, name.len, c);
		if (c < 0x80)
		{
			UChar		ascii = (UChar) c;

			append_latin(&ascii, 1, pinyin, initials);
		}
		else if (is_han(c))
		{
			UChar32		next = 0;
			NameBuf		reading;

			if (i < name.len)
			{
				int32		j = i;

				U16_NEXT(name.data, j, name.len, next);
				if (!is_han(next))
					next = 0;
			}
			reading = reading_of(c, next);
			append_latin(reading.data, reading.len, pinyin, initials);
		}
		else
		{
			UChar		decomposed[32];
			UErrorCode	status = U_ZERO_ERROR;
			int32		len = unorm2_getDecomposition(nfd, c, decomposed,
													  lengthof(decomposed), &status);

			/* len < 0: no decomposition, the character as it is */
			if (U_FAILURE(status) || len < 0)
			{
				len = 0;
				U16_APPEND_UNSAFE(decomposed, len, c);
			}
			append_latin(decomposed, len, pinyin, initials);
		}
	}
}

Datum
outfall_normalize_name(PG_FUNCTION_ARGS)
{
	NameBuf		name = name_normalize(name_from_text(PG_GETARG_TEXT_PP(0)));
	StringInfoData result;

	initStringInfo(&result);
	append_utf8(&result, name.data, name.len);
	PG_RETURN_TEXT_P(utf8_to_text(&result));
}

/* pinyin and initials are ASCII, the same in every server encoding */
Datum
outfall_pinyin(PG_FUNCTION_ARGS)
{
	NameBuf		name = name_normalize(name_from_text(PG_GETARG_TEXT_PP(0)));
	StringInfoData pinyin;

	initStringInfo(&pinyin);
	name_pinyin(name, &pinyin, NULL);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(pinyin.data, pinyin.len));
}

Datum
outfall_pinyin_initials(PG_FUNCTION_ARGS)
{
	NameBuf		name = name_normalize(name_from_text(PG_GETARG_TEXT_PP(0)));
	StringInfoData initials;

	initStringInfo(&initials);
	name_pinyin(name, NULL, &initials);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(initials.data, initials.len));
}

/*
 * search_key(name): the normalized name with its Latin letters in lowercase,
 * its pinyin and its initials, separated by spaces ('' for a name that
 * normalizes to nothing).  One normalization and one transliteration serve
 * all three.
 */
Datum
outfall_search_key(PG_FUNCTION_ARGS)
{
	NameBuf		name = name_normalize(name_from_text(PG_GETARG_TEXT_PP(0)));
	StringInfoData pinyin;
	StringInfoData initials;
	StringInfoData key;
	int32		i;

	initStringInfo(&key);
	if (name.len > 0)
	{
		initStringInfo(&pinyin);
		initStringInfo(&initials);
		name_pinyin(name, &pinyin, &initials);
		/* the Latin letters normalize_name uppercased (all in the BMP) */
		for (i = 0; i < name.len; i++)
		{
			UChar		c = name.data[i];

			if (c >= 'A' && c <= 'Z')
				name.data[i] = c + ('a' - 'A');
			else if (c >= 0x80 && u_isupper(c) && is_latin(c))
				name.data[i] = (UChar) u_tolower(c);
		}
		append_utf8(&key, name.data, name.len);
		appendStringInfo(&key, " %s %s", pinyin.data, initials.data);
	}
	PG_RETURN_TEXT_P(utf8_to_text(&key));
}
