/*
 * code_error.c
 *		Messages for malformed codes: the value, what is wrong, where, and
 *		the layout that was expected.  Chinese terms stand beside the
 *		English ones for the staff who read them.
 */
#include "codes.h"

static const char *const type_names[] = {"outfall_code", "division_code", "uscc"};

static const char *const layout_hints[] = {
	"An outfall code (排污口编码, HJ 1235) is a water body code of 1-12 letters or digits, "
	"a 6-digit county code, a 2-letter type code and a sequence number 0001-9999, "
	"e.g. \"AP0100500114GY0001\"; spaces, '-' and full-width forms are ignored.",
	"A division code (行政区划代码, GB/T 2260) has 2 (province), 4 (city), 6 (county), "
	"9 (township) or 12 (village) digits, e.g. \"50\", \"5001\", \"500114\"; "
	"zero-padded forms such as \"500000\" stand for the province.",
	"A unified social credit code (统一社会信用代码, GB 32100) has 18 characters of "
	"0-9 and A-Z without I, O, S, V and Z; characters 3-8 are digits and the 18th "
	"is the check character, e.g. \"91130200699229617X\"."
};

static const char *
segment_rule(CodeSegment segment)
{
	switch (segment)
	{
		case SEG_DIVISION:
		case SEG_SEQUENCE:
		case SEG_USCC_DIVISION:
			return "digits";
		case SEG_TYPE:
			return "letters A-Z";
		default:
			return "letters A-Z or digits";
	}
}

static int
length_detail(CodeType type, const CodeError *err)
{
	switch (type)
	{
		case CODE_TYPE_OUTFALL:
			if (err->length == OUTFALL_CODE_MINLEN - 1)
				return errdetail("The water body code (受纳水体编码) is empty: "
								 "the input has only the 12 characters of division, type and sequence.");
			if (err->length > OUTFALL_CODE_MAXLEN)
				return errdetail("The water body code (受纳水体编码) would have %d characters "
								 "(all but the last 12); at most %d are allowed.",
								 err->length - 12, OUTFALL_WATER_MAXLEN);
			return errdetail("The input has %d code characters; an outfall code has %d to %d.",
							 err->length, OUTFALL_CODE_MINLEN, OUTFALL_CODE_MAXLEN);
		case CODE_TYPE_DIVISION:
			return errdetail("The input has %d digits; a division code has 2, 4, 6, 9 or 12.",
							 err->length);
		case CODE_TYPE_USCC:
			break;
	}
	return errdetail("The input has %d characters; a unified social credit code has %d.",
					 err->length, USCC_LEN);
}

static int
char_detail(CodeType type, const CodeError *err)
{
	if (type == CODE_TYPE_DIVISION)
		return errdetail("Character \"%s\" at position %d is not a digit.",
						 err->found, err->position);
	if (type == CODE_TYPE_USCC)
	{
		if (err->segment != SEG_NONE)
			return errdetail("Character \"%s\" at position %d, in the %s (%s), is not in the "
							 "credit code alphabet (digits and A-Z without I, O, S, V, Z).",
							 err->found, err->position,
							 code_segment_name(err->segment),
							 code_segment_name_zh(err->segment));
		return errdetail("Character \"%s\" at position %d is not in the credit code "
						 "alphabet (digits and A-Z without I, O, S, V, Z).",
						 err->found, err->position);
	}
	if (err->segment != SEG_NONE)
		return errdetail("Character \"%s\" at position %d, in the %s (%s), is not a letter A-Z or digit.",
						 err->found, err->position,
						 code_segment_name(err->segment),
						 code_segment_name_zh(err->segment));
	return errdetail("Character \"%s\" at position %d is not a letter A-Z or digit.",
					 err->found, err->position);
}

/*
 * A character of the wrong class in a segment.  For an outfall code, also
 * show how the input was split: the segments are read from the end, so a
 * missing or extra character shifts them, and the split makes that plain.
 */
static int
segment_detail(CodeType type, const CodeError *err)
{
	const char *s = err->normalized;
	int			n = (int) strlen(s);
	int			w = n - 12;
	char	   *split = "";

	if (type == CODE_TYPE_OUTFALL && n >= OUTFALL_CODE_MINLEN && n <= OUTFALL_CODE_MAXLEN)
		split = psprintf(" Read from the end, the input is water body code \"%.*s\", "
						 "division code \"%.6s\", type code \"%.2s\" and sequence number \"%.4s\".",
						 w, s, s + w, s + w + 6, s + w + 8);
	return errdetail("Character \"%s\" at position %d is in the %s (%s), which takes only %s.%s",
					 err->found, err->position,
					 code_segment_name(err->segment),
					 code_segment_name_zh(err->segment),
					 segment_rule(err->segment), split);
}

void
report_code_error(CodeType type, const char *input, const CodeError *err)
{
	const char *type_name = type_names[type];
	const char *hint = layout_hints[type];

	if (err->kind == CODE_ERR_CHECK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid check character (校验码) for uscc: \"%s\", should be \"%c\"",
						input, err->expected),
				 errdetail("Character 18 is \"%s\"; the check computed from the first 17 characters "
						   "(GB 32100, modulo 31) is \"%c\".", err->found, err->expected),
				 errhint("%s", hint)));

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", type_name, input),
			 err->kind == CODE_ERR_EMPTY ?
			 errdetail("The input has no code characters.") :
			 err->kind == CODE_ERR_CHAR ? char_detail(type, err) :
			 err->kind == CODE_ERR_LENGTH ? length_detail(type, err) :
			 err->kind == CODE_ERR_SEGMENT_CHAR ? segment_detail(type, err) :
			 err->kind == CODE_ERR_ZERO_SEQUENCE ?
			 errdetail("The sequence number (序号) at position %d is 0000; it runs from 0001 to 9999.",
					   err->position) :
			 type == CODE_TYPE_OUTFALL ?
			 errdetail("The division code (行政区划代码) at position %d starts with province 00, "
					   "which does not exist.", err->position) :
			 errdetail("Province 00 does not exist."),
			 errhint("%s", hint)));
	pg_unreachable();
}
