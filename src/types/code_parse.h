/*
 * code_parse.h
 *		Raw parsers of the three identifier types, free of the fmgr.
 *
 * The parsers take a NUL-terminated UTF-8 string and either fill the compact
 * value or describe exactly what is wrong in a CodeError.  They include only
 * the C library, so the fuzz and unit harnesses under test/ can build them
 * outside the server; src/types/<type>.c turns a CodeError into an ereport.
 */
#ifndef OUTFALL_CODE_PARSE_H
#define OUTFALL_CODE_PARSE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * 排污口编码 (HJ 1235-2021): water body code + county code + type + sequence.
 *
 * water: the HJ 932 water body code, 1-12 of [0-9A-Z], as a base-37 number
 *		  with the characters left-aligned (digit 0 pads, '0'..'9' = 1..10,
 *		  'A'..'Z' = 11..36), so numeric order is the order of the codes;
 *		  37^12 < 2^63.
 * division: the 6-digit county-level division code as a number (e.g. 500114).
 * type: the two type letters as (first - 'A') * 26 + (second - 'A').
 * seq: the sequence number, 1..9999.
 *
 * 16 bytes, no padding, so hashing the bytes is hashing the value.
 */
typedef struct OutfallCode
{
	uint64_t	water;
	uint32_t	division;
	uint16_t	type;
	uint16_t	seq;
} OutfallCode;

#define OUTFALL_WATER_MAXLEN	12
#define OUTFALL_CODE_MINLEN		13		/* 1 + 6 + 2 + 4 */
#define OUTFALL_CODE_MAXLEN		24		/* 12 + 6 + 2 + 4 */
#define OUTFALL_CODE_BUFLEN		(OUTFALL_CODE_MAXLEN + 1)

/*
 * 行政区划代码 (GB/T 2260, GB/T 10114): the code zero-padded to 12 digits,
 * province(2) city(2) county(2) township(3) village(3).  The level is that
 * of the last non-zero group, so the number alone is the value, a division
 * sorts directly before its descendants, and a division's descendants are
 * exactly the range [code, code + span).
 */
typedef int64_t DivisionCode;

#define DIVISION_LEVEL_PROVINCE 1
#define DIVISION_LEVEL_CITY		2
#define DIVISION_LEVEL_COUNTY	3
#define DIVISION_LEVEL_TOWNSHIP 4
#define DIVISION_LEVEL_VILLAGE	5
#define DIVISION_BUFLEN			13

/*
 * 统一社会信用代码 (GB 32100-2015): 18 characters of a 31-character alphabet,
 * the last a check character.  The first 17 are stored as 5-bit alphabet
 * indexes, packed from the most significant bit of hi down, so comparing
 * (hi, mid, lo) compares the codes as text; the check character is derived.
 * Characters 1-12 fill hi and mid but for mid's low 4 bits, characters 13-17
 * the top 25 bits of lo; the 11 bits left over are always zero.
 */
typedef struct Uscc
{
	uint32_t	hi;
	uint32_t	mid;
	uint32_t	lo;
} Uscc;

#define USCC_LEN		18
#define USCC_BUFLEN		(USCC_LEN + 1)

/* What a parser found wrong, precise enough to write the message from. */
typedef enum CodeErrorKind
{
	CODE_OK = 0,
	CODE_ERR_EMPTY,				/* nothing but spaces and separators */
	CODE_ERR_CHAR,				/* a character no code of this type has */
	CODE_ERR_LENGTH,			/* wrong number of code characters */
	CODE_ERR_SEGMENT_CHAR,		/* a character of the wrong class in a segment */
	CODE_ERR_ZERO_SEQUENCE,		/* outfall sequence 0000 */
	CODE_ERR_ZERO_PROVINCE,		/* division whose province part is 00 */
	CODE_ERR_CHECK				/* USCC check character does not match */
} CodeErrorKind;

/* Segments of the three layouts, for messages. */
typedef enum CodeSegment
{
	SEG_NONE = 0,
	SEG_WATER,					/* 受纳水体编码 */
	SEG_DIVISION,				/* 行政区划代码 */
	SEG_TYPE,					/* 排污口类型代码 */
	SEG_SEQUENCE,				/* 序号 */
	SEG_USCC_AUTHORITY,			/* 登记管理部门代码 */
	SEG_USCC_KIND,				/* 机构类别代码 */
	SEG_USCC_DIVISION,			/* 登记管理机关行政区划码 */
	SEG_USCC_ORGANIZATION,		/* 主体标识码 */
	SEG_USCC_CHECK				/* 校验码 */
} CodeSegment;

typedef struct CodeError
{
	CodeErrorKind kind;
	CodeSegment segment;
	int			position;		/* 1-based character position in the input */
	int			length;			/* number of code characters found */
	char		found[8];		/* offending character as typed (UTF-8) */
	char		expected;		/* CODE_ERR_CHECK: the right check character */
	char		normalized[32]; /* the code characters read, when few enough */
} CodeError;

extern bool outfall_code_parse(const char *str, OutfallCode *result, CodeError *err);
extern bool outfall_code_valid(const OutfallCode *code);
extern int	outfall_code_format(const OutfallCode *code, char *buf);
extern int	outfall_code_water_format(uint64_t water, char *buf);
extern bool outfall_water_encode(const char *str, uint64_t *water, CodeError *err);
extern int	outfall_type_encode(const char *str);
extern int	outfall_code_cmp(const OutfallCode *a, const OutfallCode *b);

extern bool division_code_parse(const char *str, DivisionCode *result, CodeError *err);
extern bool division_code_valid(DivisionCode code);
extern int	division_code_level(DivisionCode code);
extern int	division_code_format(DivisionCode code, char *buf);
extern DivisionCode division_code_span(DivisionCode code);
extern DivisionCode division_code_truncate(DivisionCode code, int level);

extern bool uscc_parse(const char *str, Uscc *result, CodeError *err);
extern bool uscc_valid(const Uscc *code);
extern void uscc_format(const Uscc *code, char *buf);
extern int	uscc_cmp(const Uscc *a, const Uscc *b);

extern const char *code_segment_name(CodeSegment segment);
extern const char *code_segment_name_zh(CodeSegment segment);

#endif							/* OUTFALL_CODE_PARSE_H */
