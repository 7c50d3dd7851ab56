/*
 * outfall_code.c
 *		Type outfall_code (排污口编码, HJ 1235-2021): I/O, ordering, hashing,
 *		accessors and the constructor from the four parts.
 *
 * Ordering is by water body, then division, type letters and sequence, so
 * the outfalls of one water body sort together (it is not the text order
 * when water body codes differ in length).
 */
#include "codes.h"

#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/sortsupport.h"

PG_FUNCTION_INFO_V1(outfall_code_in);
PG_FUNCTION_INFO_V1(outfall_code_out);
PG_FUNCTION_INFO_V1(outfall_code_recv);
PG_FUNCTION_INFO_V1(outfall_code_send);
PG_FUNCTION_INFO_V1(outfall_code_eq);
PG_FUNCTION_INFO_V1(outfall_code_ne);
PG_FUNCTION_INFO_V1(outfall_code_lt);
PG_FUNCTION_INFO_V1(outfall_code_le);
PG_FUNCTION_INFO_V1(outfall_code_gt);
PG_FUNCTION_INFO_V1(outfall_code_ge);
PG_FUNCTION_INFO_V1(outfall_code_btcmp);
PG_FUNCTION_INFO_V1(outfall_code_sortsupport);
PG_FUNCTION_INFO_V1(outfall_code_smaller);
PG_FUNCTION_INFO_V1(outfall_code_larger);
PG_FUNCTION_INFO_V1(outfall_code_hash);
PG_FUNCTION_INFO_V1(outfall_code_hash_extended);
PG_FUNCTION_INFO_V1(outfall_code_water_code);
PG_FUNCTION_INFO_V1(outfall_code_division);
PG_FUNCTION_INFO_V1(outfall_code_type_code);
PG_FUNCTION_INFO_V1(outfall_code_seq);
PG_FUNCTION_INFO_V1(outfall_code_make);

Datum
outfall_code_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	OutfallCode *result = palloc(sizeof(OutfallCode));
	CodeError	err;

	if (!outfall_code_parse(str, result, &err))
		report_code_error(CODE_TYPE_OUTFALL, str, &err);
	PG_RETURN_OUTFALL_CODE_P(result);
}

Datum
outfall_code_out(PG_FUNCTION_ARGS)
{
	OutfallCode *code = PG_GETARG_OUTFALL_CODE_P(0);
	char	   *buf = palloc(OUTFALL_CODE_BUFLEN);

	outfall_code_format(code, buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: water int8, division int4, type int2, sequence int2. */
Datum
outfall_code_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	OutfallCode *result = palloc(sizeof(OutfallCode));

	result->water = (uint64) pq_getmsgint64(buf);
	result->division = (uint32) pq_getmsgint(buf, 4);
	result->type = (uint16) pq_getmsgint(buf, 2);
	result->seq = (uint16) pq_getmsgint(buf, 2);
	if (!outfall_code_valid(result))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external value for type outfall_code"),
				 errdetail("water " UINT64_FORMAT ", division %u, type %u, sequence %u "
						   "is not an outfall code.",
						   (uint64) result->water, result->division,
						   (unsigned) result->type, (unsigned) result->seq)));
	PG_RETURN_OUTFALL_CODE_P(result);
}

Datum
outfall_code_send(PG_FUNCTION_ARGS)
{
	OutfallCode *code = PG_GETARG_OUTFALL_CODE_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, (int64) code->water);
	pq_sendint32(&buf, code->division);
	pq_sendint16(&buf, code->type);
	pq_sendint16(&buf, code->seq);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

#define OUTFALL_CMP(fcinfo) \
	outfall_code_cmp(PG_GETARG_OUTFALL_CODE_P(0), PG_GETARG_OUTFALL_CODE_P(1))

Datum
outfall_code_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(OUTFALL_CMP(fcinfo) == 0);
}

Datum
outfall_code_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(OUTFALL_CMP(fcinfo) != 0);
}

Datum
outfall_code_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(OUTFALL_CMP(fcinfo) < 0);
}

Datum
outfall_code_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(OUTFALL_CMP(fcinfo) <= 0);
}

Datum
outfall_code_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(OUTFALL_CMP(fcinfo) > 0);
}

Datum
outfall_code_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(OUTFALL_CMP(fcinfo) >= 0);
}

Datum
outfall_code_btcmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(OUTFALL_CMP(fcinfo));
}

static int
outfall_code_fastcmp(Datum a, Datum b, SortSupport ssup)
{
	return outfall_code_cmp(DatumGetOutfallCodeP(a), DatumGetOutfallCodeP(b));
}

/*
 * The top 64 bits of the order: the water body code (63 bits) and the top
 * bit of the division, whose 6 digits need 20 bits.
 */
static uint64
outfall_code_abbreviate(Datum original)
{
	OutfallCode *code = DatumGetOutfallCodeP(original);

	return (code->water << 1) | (code->division >> 19);
}

Datum
outfall_code_sortsupport(PG_FUNCTION_ARGS)
{
	code_sortsupport((SortSupport) PG_GETARG_POINTER(0), outfall_code_fastcmp,
					 outfall_code_abbreviate);
	PG_RETURN_VOID();
}

/* for min() and max() */
Datum
outfall_code_smaller(PG_FUNCTION_ARGS)
{
	OutfallCode	   *a = PG_GETARG_OUTFALL_CODE_P(0);
	OutfallCode	   *b = PG_GETARG_OUTFALL_CODE_P(1);

	PG_RETURN_OUTFALL_CODE_P(outfall_code_cmp(a, b) <= 0 ? a : b);
}

Datum
outfall_code_larger(PG_FUNCTION_ARGS)
{
	OutfallCode	   *a = PG_GETARG_OUTFALL_CODE_P(0);
	OutfallCode	   *b = PG_GETARG_OUTFALL_CODE_P(1);

	PG_RETURN_OUTFALL_CODE_P(outfall_code_cmp(a, b) >= 0 ? a : b);
}

Datum
outfall_code_hash(PG_FUNCTION_ARGS)
{
	return hash_any((const unsigned char *) PG_GETARG_OUTFALL_CODE_P(0),
					sizeof(OutfallCode));
}

Datum
outfall_code_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_any_extended((const unsigned char *) PG_GETARG_OUTFALL_CODE_P(0),
							 sizeof(OutfallCode), PG_GETARG_INT64(1));
}

Datum
outfall_code_water_code(PG_FUNCTION_ARGS)
{
	OutfallCode *code = PG_GETARG_OUTFALL_CODE_P(0);
	char		buf[OUTFALL_WATER_MAXLEN + 1];
	int			n = outfall_code_water_format(code->water, buf);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, n));
}

Datum
outfall_code_division(PG_FUNCTION_ARGS)
{
	OutfallCode *code = PG_GETARG_OUTFALL_CODE_P(0);

	/* the 6-digit segment, zero-padded to 12 digits */
	PG_RETURN_DIVISION_CODE((DivisionCode) code->division * 1000000);
}

Datum
outfall_code_type_code(PG_FUNCTION_ARGS)
{
	OutfallCode *code = PG_GETARG_OUTFALL_CODE_P(0);
	char		buf[2];

	buf[0] = (char) ('A' + code->type / 26);
	buf[1] = (char) ('A' + code->type % 26);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, 2));
}

Datum
outfall_code_seq(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_OUTFALL_CODE_P(0)->seq);
}

/* outfall_code(water text, division division_code, type text, seq int) */
Datum
outfall_code_make(PG_FUNCTION_ARGS)
{
	char	   *water = text_to_cstring(PG_GETARG_TEXT_PP(0));
	DivisionCode division = PG_GETARG_DIVISION_CODE(1);
	char	   *type = text_to_cstring(PG_GETARG_TEXT_PP(2));
	int32		seq = PG_GETARG_INT32(3);
	OutfallCode *result = palloc(sizeof(OutfallCode));
	CodeError	err;
	int			type_value;

	if (!outfall_water_encode(water, &result->water, &err))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid water body code (受纳水体编码) \"%s\" for an outfall code", water),
				 errdetail("A water body code (HJ 932) has 1 to %d letters A-Z or digits.",
						   OUTFALL_WATER_MAXLEN)));
	if (division_code_level(division) > DIVISION_LEVEL_COUNTY)
	{
		char		dbuf[DIVISION_BUFLEN];

		division_code_format(division, dbuf);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("division %s is below county level", dbuf),
				 errdetail("An outfall code carries a county-level (6-digit) division code."),
				 errhint("Use county(division) to take the county of a township or village.")));
	}
	type_value = outfall_type_encode(type);
	if (type_value < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid outfall type code (排污口类型代码) \"%s\"", type),
				 errdetail("A type code is 2 letters A-Z.")));
	if (seq < 1 || seq > 9999)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("outfall sequence number (序号) %d is out of range", seq),
				 errdetail("A sequence number runs from 1 to 9999.")));

	result->division = (uint32) (division / 1000000);
	result->type = (uint16) type_value;
	result->seq = (uint16) seq;
	PG_RETURN_OUTFALL_CODE_P(result);
}
